using Spate.Sql;
using Spate.Sql.Streaming;
using static Spate.Sql.Functions;

namespace Spate.Tests.Streaming;

public class StreamingChecksTests
{
    private static SparkSession Spark => TestSession.Spark;

    [Fact]
    public void Start_AppendWithAggregationWithoutWatermark_FailsWithSparkMessage()
    {
        var counts = new MemoryStream<string>(Spark).ToDF().GroupBy("value").Count();
        var e = Assert.Throws<AnalysisException>(() => counts.WriteStream().OutputMode("append").Format("console").Start());
        Assert.Equal("Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark;", e.Message);
    }

    [Fact]
    public void Start_CompleteWithoutAggregation_FailsWithSparkMessage()
    {
        var df = new MemoryStream<string>(Spark).ToDF();
        var e = Assert.Throws<AnalysisException>(() => df.WriteStream().OutputMode("complete").Format("console").Start());
        Assert.Equal("Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets;", e.Message);
    }

    [Fact]
    public void Start_SortWithoutAggregation_Fails()
    {
        var df = new MemoryStream<string>(Spark).ToDF().OrderBy("value");
        var e = Assert.Throws<AnalysisException>(() => df.WriteStream().Format("console").Start());
        Assert.StartsWith("Sorting is not supported on streaming DataFrames/Datasets", e.Message);
    }

    [Fact]
    public void Start_LimitInUpdateMode_Fails()
    {
        var df = new MemoryStream<string>(Spark).ToDF().GroupBy("value").Count().Limit(2);
        var e = Assert.Throws<AnalysisException>(() => df.WriteStream().OutputMode("update").Format("console").Start());
        Assert.Equal("Limits are not supported on streaming DataFrames/Datasets in Update output mode;", e.Message);
    }

    [Fact]
    public void Start_DistinctAggregation_Fails()
    {
        var df = new MemoryStream<string>(Spark).ToDF().Agg(CountDistinct("value"));
        var e = Assert.Throws<AnalysisException>(() => df.WriteStream().OutputMode("complete").Format("console").Start());
        Assert.StartsWith("Distinct aggregations are not supported on streaming DataFrames/Datasets.", e.Message);
    }

    [Theory]
    [InlineData("count")]
    [InlineData("show")]
    [InlineData("collect")]
    public void BatchAction_OnStream_FailsWithWriteStreamHint(string action)
    {
        var df = new MemoryStream<string>(Spark).ToDF();
        Action run = action switch
        {
            "count" => () => df.Count(),
            "show" => () => df.Show(),
            _ => () => df.Collect(),
        };
        var e = Assert.Throws<AnalysisException>(run);
        Assert.Equal("Queries with streaming sources must be executed with writeStream.start();", e.Message);
    }

    [Fact]
    public void WriteStream_OnStaticDataFrame_Fails()
    {
        var e = Assert.Throws<AnalysisException>(() => Spark.Range(3).WriteStream());
        Assert.Equal("'writeStream' can be called only on streaming Dataset/DataFrame", e.Message);
    }

    [Fact]
    public void MemorySink_WithoutQueryName_Fails()
    {
        var df = new MemoryStream<string>(Spark).ToDF();
        var e = Assert.Throws<AnalysisException>(() => df.WriteStream().Format("memory").Start());
        Assert.Equal("queryName must be specified for memory sink", e.Message);
    }

    [Fact]
    public void OutputMode_Unknown_FailsWithAcceptedModes()
    {
        var df = new MemoryStream<string>(Spark).ToDF();
        var e = Assert.Throws<ArgumentException>(() => df.WriteStream().OutputMode("sometimes"));
        Assert.Equal("Unknown output mode sometimes. Accepted output modes are 'append', 'complete', 'update'", e.Message);
    }

    [Fact]
    public void IsStreaming_TrueForStreamFalseForStatic()
    {
        Assert.True(new MemoryStream<int>(Spark).ToDF().Select("value").IsStreaming());
        Assert.False(Spark.Range(1).IsStreaming());
    }

    [Fact]
    public void SameQueryName_TwiceActive_Fails()
    {
        var input = new MemoryStream<string>(Spark);
        var q = input.ToDF().WriteStream().Format("memory").QueryName("dup_name_q").Start();
        try
        {
            var e = Assert.Throws<ArgumentException>(() => input.ToDF().WriteStream().Format("memory").QueryName("dup_name_q").Start());
            Assert.Contains("as a query with that name is already active", e.Message);
        }
        finally { q.Stop(); }
    }
}
