using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Sql.Functions;

namespace Spate.Tests.Functions;

public class AggregateFunctionTests
{
    private static readonly StructType Schema = new(new[]
    {
        new StructField("k", new StringType()), new StructField("x", new DoubleType()), new StructField("y", new DoubleType()), new StructField("b", new BooleanType()),
    });

    /// <summary>Group a: x = 1..5 (y = 2x), plus a null; group b: one row.</summary>
    private static DataFrame Data() => F.Spark.CreateDataFrame(new[]
    {
        Row("a", 1.0, 2.0, true), Row("a", 2.0, 4.0, false), Row("a", 3.0, 6.0, true), Row("a", 4.0, 8.0, null), Row("a", 5.0, 10.0, true), Row("a", null, 1.0, true),
        Row("b", 7.0, 1.0, false),
    }, Schema).Repartition(3);

    private static GenericRow Row(params object?[] v) => new(v);

    private static Dictionary<string, Row> ByKey(params Column[] aggs) =>
        Data().GroupBy("k").Agg(aggs[0], aggs[1..]).Collect().ToDictionary(r => (string)r[0]!);

    [Fact]
    public void Moments_MatchClosedForms()
    {
        var r = ByKey(Stddev(Col("x")), StddevPop(Col("x")), Variance(Col("x")), VarPop(Col("x")), Skewness(Col("x")), Kurtosis(Col("x")));
        var a = r["a"];
        Assert.Equal(Math.Sqrt(2.5), (double)a[1]!, 12);
        Assert.Equal(Math.Sqrt(2.0), (double)a[2]!, 12);
        Assert.Equal(2.5, (double)a[3]!, 12);
        Assert.Equal(2.0, (double)a[4]!, 12);
        Assert.Equal(0.0, (double)a[5]!, 12);
        Assert.Equal(-1.3, (double)a[6]!, 12);
        var b = r["b"];
        Assert.Null(b[1]);
        Assert.Equal(0.0, b[2]);
        Assert.Null(b[3]);
        Assert.Null(b[5]);
        Assert.Equal(new[] { "k", "stddev(x)", "stddev_pop(x)", "variance(x)", "var_pop(x)", "skewness(x)", "kurtosis(x)" },
            Data().GroupBy("k").Agg(Stddev(Col("x")), StddevPop(Col("x")), Variance(Col("x")), VarPop(Col("x")), Skewness(Col("x")), Kurtosis(Col("x"))).Columns());
    }

    [Fact]
    public void Covariance_AndCorrelation()
    {
        var r = ByKey(Corr(Col("x"), Col("y")), CovarPop(Col("x"), Col("y")), CovarSamp(Col("x"), Col("y")));
        Assert.Equal(1.0, (double)r["a"][1]!, 12);
        Assert.Equal(4.0, (double)r["a"][2]!, 12);
        Assert.Equal(5.0, (double)r["a"][3]!, 12);
        Assert.Null(r["b"][1]);
        Assert.Null(r["b"][3]);
    }

    [Fact]
    public void Stddev_OfBoolean_Throws()
    {
        var e = Assert.ThrowsAny<AnalysisException>(() => Data().Agg(Stddev(Col("b"))).Collect());
        Assert.Contains("DATATYPE_MISMATCH", e.Message);
    }

    [Fact]
    public void BooleanAndCountIf()
    {
        var r = ByKey(CountIf(Col("b")), BoolAnd(Col("b")), BoolOr(Col("b")), Every(Col("b")), Some(Col("b")));
        Assert.Equal(new object?[] { "a", 4L, false, true, false, true }, r["a"].Values);
        Assert.Equal(new object?[] { "b", 0L, false, false, false, false }, r["b"].Values);
        Assert.ThrowsAny<AnalysisException>(() => Data().Agg(CountIf(Col("x"))).Collect());
    }

    [Fact]
    public void MaxByMinByProduct()
    {
        var r = ByKey(MaxBy(Col("k"), Col("x")), MinBy(Col("y"), Col("x")), Product(Col("x")));
        Assert.Equal(new object?[] { "a", "a", 2.0, 120.0 }, r["a"].Values);
        Assert.Equal(new object?[] { "b", "b", 1.0, 7.0 }, r["b"].Values);
    }

    [Fact]
    public void MedianAndPercentiles()
    {
        var r = ByKey(Median(Col("x")), Percentile(Col("x"), 0.25), PercentileApprox(Col("x"), 0.5));
        Assert.Equal(new object?[] { "a", 3.0, 2.0, 3.0 }, r["a"].Values);
        Assert.Equal(new object?[] { "b", 7.0, 7.0, 7.0 }, r["b"].Values);
        Assert.Contains("VALUE_OUT_OF_RANGE", Assert.ThrowsAny<AnalysisException>(() => Data().Agg(Percentile(Col("x"), 1.5)).Collect()).Message);
    }

    [Fact]
    public void ApproxCountDistinct_ExactForSmallCardinalities()
    {
        var df = F.Spark.CreateDataFrame(Enumerable.Range(0, 3000).Select(i => i % 500)).Repartition(4);
        var r = df.Agg(ApproxCountDistinct(Col("_1")), ApproxCountDistinct(Col("_1"), 0.01)).Collect().Single();
        Assert.InRange((long)r[0]!, 450L, 550L);
        Assert.InRange((long)r[1]!, 490L, 510L);
        var small = F.Values(new StringType(), "a", "b", "a", null).Agg(ApproxCountDistinct(Col("v"))).Collect().Single();
        Assert.Equal(2L, small[0]);
        Assert.Equal("approx_count_distinct(_1)", df.Agg(ApproxCountDistinct(Col("_1"))).Columns()[0]);
        Assert.ThrowsAny<AnalysisException>(() => df.Agg(ApproxCountDistinct(Col("_1"), 0.5)).Collect());
    }

    [Fact]
    public void SumDistinct_SumsEachValueOnce()
    {
        var r = F.Spark.CreateDataFrame(new[] { 1, 2, 2, 3, 3 }).Agg(SumDistinct(Col("_1"))).Collect().Single();
        Assert.Equal(6L, r[0]);
    }
}
