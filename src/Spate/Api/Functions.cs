using Spate.Expressions;
using Spate.Plans;
using Spate.Sql.Types;

namespace Spate.Sql;

/// <summary>
/// Spark's built-in functions (<c>org.apache.spark.sql.functions</c>), for <c>using static Spate.Sql.Functions;</c>.
/// Each builds a <see cref="Column"/>; the same functions are available by name in <c>Expr("...")</c> strings.
/// </summary>
public static partial class Functions
{
    internal static Column Fn(string name, params Column[] args) => new(FunctionRegistry.Create(name, args.Select(a => a.Expr).ToArray()));
    internal static Column Fn(string name, params Expression[] args) => new(FunctionRegistry.Create(name, args));
    internal static Expression L(object? value) => Literal.Create(value);

    /// <summary>The column named <paramref name="columnName"/>; <c>"data.name"</c> reads a struct field, <c>"data.*"</c> all of them.</summary>
    public static Column Col(string columnName)
    {
        ArgumentNullException.ThrowIfNull(columnName);
        if (columnName == "*") return new Column(new UnresolvedStar(null));
        if (columnName.EndsWith(".*", StringComparison.Ordinal))
            return new Column(new UnresolvedStar(UnresolvedAttribute.ParseNameParts(columnName[..^2])));
        return new Column(UnresolvedAttribute.Parse(columnName));
    }

    /// <summary>Same as <see cref="Col"/>.</summary>
    public static Column Column(string columnName) => Col(columnName);

    /// <summary>A constant: <c>Lit(1)</c>, <c>Lit("x")</c>, <c>Lit(null)</c>.</summary>
    public static Column Lit(object? literal) => Spate.Sql.Column.Of(literal);

    /// <summary>A column from a SQL expression string: <c>Expr("amount * 2 AS doubled")</c>.</summary>
    public static Column Expr(string expr) => new(SqlExpressionParser.ParseExpression(expr));

    // ---- aggregates ----
    /// <summary>Number of rows where <paramref name="column"/> is not null (<c>Count("*")</c> counts all rows).</summary>
    public static Column Count(Column column) => (column ?? throw new ArgumentNullException(nameof(column))).Expr is UnresolvedStar ? new(Expressions.Count.Star()) : new(new Count(new[] { column.Expr }));
    public static Column Count(string columnName) => columnName == "*" ? new(Expressions.Count.Star()) : Count(Col(columnName));
    public static Column CountDistinct(Column column, params Column[] columns) => new(new Count(new[] { column }.Concat(columns).Select(c => c.Expr).ToArray(), isDistinct: true));
    public static Column CountDistinct(string columnName, params string[] columnNames) => CountDistinct(Col(columnName), columnNames.Select(Col).ToArray());
    public static Column Sum(Column column) => new(new Sum(column.Expr));
    public static Column Sum(string columnName) => Sum(Col(columnName));
    public static Column SumDistinct(Column column) => new(new Sum(column.Expr, isDistinct: true));
    public static Column Avg(Column column) => new(new Average(column.Expr));
    public static Column Avg(string columnName) => Avg(Col(columnName));
    public static Column Mean(Column column) => Avg(column);
    public static Column Mean(string columnName) => Avg(columnName);
    public static Column Min(Column column) => new(new ValueAggregate(ValueAggregateKind.Min, column.Expr));
    public static Column Min(string columnName) => Min(Col(columnName));
    public static Column Max(Column column) => new(new ValueAggregate(ValueAggregateKind.Max, column.Expr));
    public static Column Max(string columnName) => Max(Col(columnName));
    public static Column First(Column column, bool ignoreNulls = false) => new(new ValueAggregate(ValueAggregateKind.First, column.Expr, ignoreNulls));
    public static Column First(string columnName, bool ignoreNulls = false) => First(Col(columnName), ignoreNulls);
    public static Column Last(Column column, bool ignoreNulls = false) => new(new ValueAggregate(ValueAggregateKind.Last, column.Expr, ignoreNulls));
    public static Column Last(string columnName, bool ignoreNulls = false) => Last(Col(columnName), ignoreNulls);
    public static Column CollectList(Column column) => new(new Collect(column.Expr, set: false));
    public static Column CollectList(string columnName) => CollectList(Col(columnName));
    public static Column CollectSet(Column column) => new(new Collect(column.Expr, set: true));
    public static Column CollectSet(string columnName) => CollectSet(Col(columnName));

    // ---- conditional and null handling ----
    /// <summary>Starts a <c>CASE WHEN</c>: <c>When(cond, value).When(...).Otherwise(other)</c>.</summary>
    public static Column When(Column condition, object? value) => new(new CaseWhen(new[] { (condition.Expr, Spate.Sql.Column.Of(value).Expr) }, null));
    public static Column Coalesce(params Column[] columns) => new(new Coalesce(columns.Select(c => c.Expr).ToArray()));
    public static Column IsNull(Column column) => column.IsNull();
    public static Column Struct(params Column[] columns) => Fn("struct", columns);
    public static Column Struct(string columnName, params string[] columnNames) => Struct(new[] { columnName }.Concat(columnNames).Select(Col).ToArray());
    public static Column Explode(Column column) => new(new Explode(column.Expr, false));
    public static Column ExplodeOuter(Column column) => new(new Explode(column.Expr, false, outer: true));
    public static Column PosExplode(Column column) => new(new Explode(column.Expr, true));
    public static Column PosExplodeOuter(Column column) => new(new Explode(column.Expr, true, outer: true));
    public static Column Asc(string columnName) => Col(columnName).Asc();
    public static Column Desc(string columnName) => Col(columnName).Desc();
}
