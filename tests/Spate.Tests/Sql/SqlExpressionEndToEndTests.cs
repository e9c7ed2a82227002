using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Sql.Functions;

namespace Spate.Tests.Sql;

public class SqlExpressionEndToEndTests
{
    private static SparkSession Spark => TestSession.Spark;

    private static DataFrame Sales()
    {
        var schema = new StructType(new[]
        {
            new StructField("name", StringType.Instance),
            new StructField("amount", IntegerType.Instance),
            new StructField("flag", IntegerType.Instance),
        });
        var rows = new[]
        {
            new GenericRow(new object?[] { "a", 5, 1 }),
            new GenericRow(new object?[] { "b", 15, 1 }),
            new GenericRow(new object?[] { "c", 25, 0 }),
            new GenericRow(new object?[] { "d", null, 1 }),
            new GenericRow(new object?[] { null, 30, 1 }),
        };
        return Spark.CreateDataFrame(rows, schema);
    }

    private static string[] Strings(DataFrame df) =>
        df.Collect().Select(r => string.Join(",", r.Values.Select(v => v?.ToString() ?? "null"))).ToArray();

    [Fact]
    public void Where_SqlCondition_FiltersRows()
    {
        var df = Sales().Where("amount > 10 AND flag = 1");
        Assert.Equal(new[] { "b,15,1", "null,30,1" }, Strings(df));
    }

    [Fact]
    public void Where_NullPredicatesAndIn_UseSqlNullSemantics()
    {
        Assert.Equal(new[] { "d,null,1" }, Strings(Sales().Where("amount IS NULL")));
        Assert.Equal(new[] { "a,5,1", "c,25,0" }, Strings(Sales().Where("name IN ('a', 'c', NULL)")));
        Assert.Equal(new[] { "b,15,1", "c,25,0" }, Strings(Sales().Where("amount BETWEEN 10 AND 25")));
        Assert.Equal(new[] { "a,5,1", "null,30,1" }, Strings(Sales().Where("NOT amount BETWEEN 10 AND 25")));
    }

    [Fact]
    public void SelectExpr_ExpressionsAndAliases_NameColumnsAsSpark()
    {
        var df = Sales().SelectExpr("name", "amount * 2 AS doubled", "amount + 1");
        Assert.Equal(new[] { "name", "doubled", "(amount + 1)" }, df.Columns());
        Assert.Equal("a,10,6", Strings(df)[0]);
    }

    [Fact]
    public void SelectExpr_CaseAndCast_Evaluate()
    {
        var df = Sales().SelectExpr("CASE WHEN amount >= 20 THEN 'big' WHEN amount >= 10 THEN 'mid' ELSE 'small' END AS size",
            "CAST(amount AS STRING) s", "coalesce(amount, -1) AS c");
        Assert.Equal(new[] { "small,5,5", "mid,15,15", "big,25,25", "small,null,-1", "big,30,30" }, Strings(df));
        Assert.Equal("string", df.Schema().Fields[1].DataType.SimpleString);
    }

    [Fact]
    public void SelectExpr_Literals_HaveSparkTypes()
    {
        var df = Sales().Limit(1).SelectExpr("1", "1.5", "1.5D", "10L", "'x'", "true", "DATE '2024-02-29'");
        Assert.Equal(new[] { "int", "decimal(2,1)", "double", "bigint", "string", "boolean", "date" },
            df.Schema().Fields.Select(f => f.DataType.SimpleString).ToArray());
        var row = df.Collect().Single();
        Assert.Equal(1.5m, row.Values[1]);
        Assert.Equal(new DateOnly(2024, 2, 29), row.Values[6]);
    }

    [Fact]
    public void SelectExpr_Arithmetic_FollowsPrecedenceAtRunTime()
    {
        var row = Sales().Limit(1).SelectExpr("amount + 2 * 3", "(amount + 2) * 3", "-amount % 3", "amount DIV 2").Collect().Single();
        Assert.Equal(new object?[] { 11, 21, -2, 2L }, row.Values);
    }

    [Fact]
    public void Agg_ExprCountStar_CountsAllRows()
    {
        var df = Sales().GroupBy("flag").Agg(Expr("count(*)").Alias("n"), Expr("sum(amount)")).OrderBy("flag");
        Assert.Equal(new[] { "flag", "n", "sum(amount)" }, df.Columns());
        Assert.Equal(new[] { "0,1,25", "1,4,50" }, Strings(df));
    }

    [Fact]
    public void Agg_ExprDistinctAndNested_Evaluate()
    {
        var row = Sales().Agg(Expr("count(DISTINCT flag)"), Expr("max(amount) - min(amount) AS spread")).Collect().Single();
        Assert.Equal(new object?[] { 2L, 25 }, row.Values);
    }

    [Fact]
    public void Where_UnknownColumn_ThrowsUnresolvedColumn()
    {
        var ex = Assert.Throws<AnalysisException>(() => Sales().Where("amont > 1"));
        Assert.StartsWith("[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name `amont` cannot be resolved.", ex.Message);
    }

    [Fact]
    public void Where_BadSyntax_ThrowsParseException()
    {
        var ex = Assert.Throws<ParseException>(() => Sales().Where("amount >> 1"));
        Assert.StartsWith("[PARSE_SYNTAX_ERROR] Syntax error at or near '>'.(line 1, pos 8)", ex.Message);
    }

    [Fact]
    public void Expr_StructField_ResolvesToFieldColumn()
    {
        var df = Sales().SelectExpr("struct(name, amount) AS s").SelectExpr("s.amount", "s.name AS n");
        Assert.Equal(new[] { "amount", "n" }, df.Columns());
        Assert.Equal(new[] { "int", "string" }, df.Schema().Fields.Select(f => f.DataType.SimpleString).ToArray());
    }
}
