using Spate.Sql;
using Spate.Sql.Streaming;
using static Spate.Sql.Functions;

namespace Spate.Tests.Streaming;

public class StreamingSmokeTests
{
    private static SparkSession Spark => TestSession.Spark;

    [Fact]
    public void GroupByCount_UpdateMode_EmitsRunningCounts()
    {
        var input = new MemoryStream<string>(Spark);
        var counts = input.ToDF().GroupBy("value").Count();
        var query = counts.WriteStream().OutputMode("update").Format("memory").QueryName("smoke_counts").Start();
        try
        {
            input.AddData("a", "b", "a");
            query.ProcessAllAvailable();
            input.AddData("a");
            query.ProcessAllAvailable();
            var rows = Spark.Table("smoke_counts").Collect().Select(r => $"{r[0]}={r[1]}").OrderBy(s => s).ToArray();
            Assert.Equal(new[] { "a=2", "a=3", "b=1" }, rows);
            Assert.NotNull(query.LastProgress);
        }
        finally
        {
            query.Stop();
        }
    }
}
