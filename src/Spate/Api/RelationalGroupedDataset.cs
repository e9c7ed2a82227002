using Spate.Expressions;
using Spate.Plans;

namespace Spate.Sql;

/// <summary>The result of <c>GroupBy</c>: aggregate it with <c>Count()</c>, <c>Agg(...)</c>, <c>Sum(...)</c> ...</summary>
public sealed class RelationalGroupedDataset
{
    private readonly DataFrame _df;
    private readonly Expression[] _grouping;

    internal RelationalGroupedDataset(DataFrame df, Expression[] grouping)
    {
        _df = df;
        _grouping = grouping;
    }

    /// <summary>Grouping columns plus the given aggregates.</summary>
    public DataFrame Agg(Column expr, params Column[] exprs)
    {
        var aggs = new[] { expr }.Concat(exprs).Select(c => DataFrame.AsNamed(c.Expr));
        return Aggregate(aggs);
    }

    /// <summary>Aggregates by column name and function name: <c>Agg(new Dictionary{{"amount","max"}})</c>.</summary>
    public DataFrame Agg(IDictionary<string, string> exprs) =>
        Aggregate(exprs.Select(kv => DataFrame.AsNamed(FunctionRegistry.Create(kv.Value == "mean" ? "avg" : kv.Value, UnresolvedAttribute.Parse(kv.Key)))));

    private DataFrame Aggregate(IEnumerable<NamedExpression> aggs)
    {
        // Grouping columns come first in the output, named as written.
        var groupingNamed = _grouping.Select(g => g is NamedExpression n ? n : DataFrame.AsNamed(g));
        var node = new Aggregate(_grouping, groupingNamed.Concat(aggs).ToArray(), _df.Plan);
        return new DataFrame(_df.Session, Analyzer.ResolveNode(node));
    }

    /// <summary>Rows per group, in a column named <c>count</c>.</summary>
    public DataFrame Count() => Aggregate(new NamedExpression[] { new Alias(Expressions.Count.Star(), "count") });

    public DataFrame Sum(params string[] colNames) => Numeric("sum", colNames);
    public DataFrame Avg(params string[] colNames) => Numeric("avg", colNames);
    public DataFrame Mean(params string[] colNames) => Numeric("avg", colNames);
    public DataFrame Min(params string[] colNames) => Numeric("min", colNames);
    public DataFrame Max(params string[] colNames) => Numeric("max", colNames);

    private DataFrame Numeric(string fn, string[] colNames)
    {
        var cols = colNames.Length > 0 ? colNames
            : _df.Plan.Output.Where(a => a.DataType is Types.NumericType).Select(a => a.Name).ToArray();
        return Aggregate(cols.Select(c => DataFrame.AsNamed(FunctionRegistry.Create(fn, UnresolvedAttribute.Parse(c)))));
    }
}
