using Spate.Sql;
using Spate.Sql.Streaming;
using static Spate.Sql.Functions;

namespace Spate.Tests.Streaming;

public class CheckpointTests : IDisposable
{
    private static SparkSession Spark => TestSession.Spark;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "spate-ckpt-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }

    [Fact]
    public void SecondQuery_OnRunningCheckpoint_FailsAtOnceWithoutCorruptingIt()
    {
        var input = new MemoryStream<int>(Spark);
        var first = input.ToDF().WriteStream().Format("noop").Option("checkpointLocation", _dir).Start();
        try
        {
            input.AddData(1);
            first.ProcessAllAvailable();
            var e = Assert.ThrowsAny<Exception>(() => input.ToDF().WriteStream().Format("noop").Option("checkpointLocation", _dir).Start());
            Assert.Contains("CONCURRENT", e.Message);
            input.AddData(2);
            first.ProcessAllAvailable();
            Assert.True(first.IsActive());
        }
        finally { first.Stop(); }
        // The lock is gone with the query: a restart works.
        var again = input.ToDF().WriteStream().Format("noop").Option("checkpointLocation", _dir).Start();
        again.ProcessAllAvailable();
        again.Stop();
        Assert.Null(again.Exception());
    }

    [Fact]
    public void Restart_WithDifferentAggregation_FailsSayingWhatChanged()
    {
        var input = new MemoryStream<int>(Spark);
        var q1 = input.ToDF().GroupBy("value").Count().WriteStream().OutputMode("update").Format("noop").Option("checkpointLocation", _dir).Start();
        input.AddData(1, 2);
        q1.ProcessAllAvailable();
        q1.Stop();
        input.AddData(3);
        var q2 = input.ToDF().GroupBy((Col("value") * 1.5).Alias("x")).Agg(Sum("value")).WriteStream().OutputMode("update").Format("noop")
            .Option("checkpointLocation", _dir).Start();
        var e = Assert.Throws<StreamingQueryException>(() => q2.AwaitTermination(30000));
        Assert.Contains("STATE_STORE_KEY_SCHEMA_NOT_COMPATIBLE", e.Message);
        Assert.Contains("new checkpoint location", e.Message);
    }

    [Fact]
    public void CorruptOffsetLog_IsReportedWithItsPath()
    {
        var input = new MemoryStream<int>(Spark);
        var q1 = input.ToDF().WriteStream().Format("noop").Option("checkpointLocation", _dir).Start();
        input.AddData(1);
        q1.ProcessAllAvailable();
        q1.Stop();
        var file = Path.Combine(_dir, "offsets", "0");
        File.WriteAllText(file, File.ReadAllText(file).Replace("v1", "v1 "));
        var q2 = input.ToDF().WriteStream().Format("noop").Option("checkpointLocation", _dir).Start();
        var e = Assert.Throws<StreamingQueryException>(() => q2.AwaitTermination(30000));
        Assert.Contains("CHECKPOINT_FILE_CORRUPT", e.Message);
        Assert.Contains(file, e.Message);
    }

    [Fact]
    public void ShufflePartitions_StoredInCheckpoint_WinOnRestart()
    {
        var input = new MemoryStream<string>(Spark);
        var q1 = input.ToDF().GroupBy("value").Count().WriteStream().OutputMode("complete").Format("memory").QueryName("ckpt_parts").Option("checkpointLocation", _dir).Start();
        input.AddData("a", "b");
        q1.ProcessAllAvailable();
        q1.Stop();
        Assert.Contains("\"spark.sql.shuffle.partitions\":\"4\"", File.ReadAllText(Path.Combine(_dir, "offsets", "0")));
        Assert.Equal(4, Directory.GetDirectories(Path.Combine(_dir, "state", "0")).Count(d => !Path.GetFileName(d).StartsWith('_')));
    }
}
