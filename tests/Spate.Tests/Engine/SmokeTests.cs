using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Sql.Functions;

namespace Spate.Tests.Engine;

public class SmokeTests
{
    private static SparkSession Spark => TestSession.Spark;

    [Fact]
    public void Show_StringColumn_PrintsSparkTable()
    {
        var df = Spark.CreateDataFrame(new[] { "a", "bb", null }, new StringType());
        var text = df.ShowString();
        Assert.Equal("+-----+\n|value|\n+-----+\n|    a|\n|   bb|\n| null|\n+-----+\n", text);
    }

    [Fact]
    public void GroupByCount_CountsPerKey()
    {
        var schema = new StructType(new[] { new StructField("id", new StringType()), new StructField("flag", new IntegerType()) });
        var rows = new[] { "a", "b", "a", "c", "a" }.Select((s, i) => new GenericRow(new object?[] { s, i % 2 }));
        var df = Spark.CreateDataFrame(rows, schema).Where(Col("flag") == 0).GroupBy("id").Count().OrderBy("id");
        var result = df.Collect().Select(r => $"{r[0]}={r[1]}").ToArray();
        Assert.Equal(new[] { "a=3" }, result);
        Assert.Equal("root\n |-- id: string (nullable = true)\n |-- count: long (nullable = false)\n", df.Schema().TreeString());
    }
}

public class RegressionTests
{
    private static SparkSession Spark => TestSession.Spark;

    [Fact]
    public void StructFieldOfAliasedStruct_ReadsValues()
    {
        var schema = new StructType(new[] { new StructField("name", new StringType()), new StructField("amount", new DoubleType()) });
        var df = Spark.CreateDataFrame(new[] { new GenericRow(new object?[] { "a", 1.5 }) }, schema);
        var rows = df.Select(Struct("name", "amount").Alias("s")).Select(Col("s.amount")).Collect().ToList();
        Assert.Equal(1.5, rows.Single()[0]);
    }

    [Fact]
    public void AvgOfIntegerColumn_FromSqlExpression_IsDouble()
    {
        var df = Spark.Range(1, 5).SelectExpr("CAST(id AS INT) AS i");
        Assert.Equal(2.5, df.Agg(Expr("avg(i)")).Collect().Single()[0]);
    }

    [Fact]
    public void SelfJoin_OnColumn_GivesBothSides()
    {
        var df = Spark.Range(3);
        var joined = df.Join(df, "id");
        Assert.Equal(3, joined.Count());
        Assert.Equal(new[] { "id" }, joined.Columns());
    }
}

public class GroupingAliasTests
{
    [Fact]
    public void GroupBy_AliasedColumn_NamesKeyByAliasAndCounts()
    {
        var df = TestSession.Spark.Range(6).GroupBy((Col("id") % 2).Alias("parity"), Col("id").Alias("same")).Count().OrderBy("same");
        Assert.Equal(new[] { "parity", "same", "count" }, df.Columns());
        Assert.Equal(6, df.Collect().Count());
        var byAlias = TestSession.Spark.Range(4).GroupBy(Col("id").Alias("k")).Agg(Sum("id").Alias("s")).OrderBy("k").Collect().Select(r => $"{r[0]}:{r[1]}");
        Assert.Equal(new[] { "0:0", "1:1", "2:2", "3:3" }, byAlias);
    }
}

public class PartialAggregationSkipTests
{
    [Fact]
    public void GroupBy_MostlyDistinctKeys_SkipsPartialGroupingAndStaysExact()
    {
        // 300,000 rows over 200,000 keys: past 65,536 rows a partition sees more than 0.9 groups per row and stops
        // grouping in the partial step; the final step must still give exact counts and sums.
        var df = TestSession.Spark.Range(300_000).GroupBy((Col("id") % 200_000).Alias("k")).Agg(Count("id").Alias("n"), Sum("id").Alias("s"), Max("id").Alias("m"));
        var rows = df.Collect().ToList();
        Assert.Equal(200_000, rows.Count);
        Assert.Equal(300_000L, rows.Sum(r => (long)r[1]!));
        Assert.Equal(Enumerable.Range(0, 300_000).Sum(i => (long)i), rows.Sum(r => (long)r[2]!));
        var k7 = rows.Single(r => (long)r[0]! == 7);
        Assert.Equal(2L, k7[1]);
        Assert.Equal(7L + 200_007L, k7[2]);
        Assert.Equal(200_007L, k7[3]);
        var k150k = rows.Single(r => (long)r[0]! == 150_000);
        Assert.Equal(1L, k150k[1]);
    }
}
