using Spate.Checkpoints;
using Spate.Sql;
using Spate.Sql.Streaming;

namespace Spate.Tests.Streaming;

/// <summary>A temporary checkpoint keeps its offset and commit logs in memory; a failed query writes them out.</summary>
[Collection("Console")]
public class TemporaryCheckpointLogTests
{
    private static SparkSession Spark => TestSession.Spark;

    [Fact]
    public void InMemoryLog_AddGetPurgeAndWriteOut_MatchTheLogOnDisk()
    {
        var dir = Path.Combine(Path.GetTempPath(), "spate-memlog-" + Guid.NewGuid().ToString("N"));
        try
        {
            var log = new OffsetLog(Path.Combine(dir, "offsets"), durable: false, inMemory: true);
            var seq = new OffsetSeq(new string?[] { "41", null }, 5, 1234, new Dictionary<string, string> { ["spark.sql.shuffle.partitions"] = "3" });
            log.Add(0, seq);
            log.Add(1, seq with { Offsets = new string?[] { "42", null } });
            Assert.False(Directory.Exists(Path.Combine(dir, "offsets")));
            Assert.Throws<InvalidOperationException>(() => log.Add(1, seq)); // an entry is never replaced
            Assert.Equal("42", log.GetSeq(1)!.Offsets[0]);
            Assert.Equal(1, log.GetLatest()!.Value.BatchId);
            log.Purge(1);
            Assert.Null(log.Get(0));
            Assert.Equal(new long[] { 1 }, log.BatchIds());

            log.WriteOut();
            var onDisk = new OffsetLog(Path.Combine(dir, "offsets"));
            Assert.Equal(new long[] { 1 }, onDisk.BatchIds());
            var read = onDisk.GetSeq(1)!;
            Assert.Equal(new string?[] { "42", null }, read.Offsets);
            Assert.Equal(1234, read.BatchTimestampMs);
            Assert.Equal("3", read.Conf["spark.sql.shuffle.partitions"]);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void FailedQuery_WithTemporaryCheckpoint_LeavesItsLogsOnDisk()
    {
        string? location = null;
        void OnLog(LogLevel level, string source, string message)
        {
            const string marker = "the query didn't fail: ";
            int at = message.IndexOf(marker, StringComparison.Ordinal);
            if (source == "ResolveWriteToStream" && at >= 0) location = message[(at + marker.Length)..].Split(". ")[0];
        }
        SparkLog.Logged += OnLog;
        var input = new MemoryStream<int>(Spark);
        StreamingQuery query;
        try
        {
            query = input.ToDF().WriteStream().ForeachBatch((df, id) => { if (id == 1) throw new InvalidOperationException("boom"); }).Start();
        }
        finally { SparkLog.Logged -= OnLog; }
        Assert.NotNull(location);
        try
        {
            input.AddData(1, 2);
            query.ProcessAllAvailable();
            // While the query runs, the logs are only in memory.
            Assert.False(Directory.Exists(Path.Combine(location!, "offsets")));
            input.AddData(3);
            Assert.Throws<StreamingQueryException>(() => query.AwaitTermination(30000));
            var offsets = new OffsetLog(Path.Combine(location!, "offsets"));
            var commits = new CommitLog(Path.Combine(location!, "commits"));
            Assert.Equal(new long[] { 0, 1 }, offsets.BatchIds());
            Assert.Equal(new long[] { 0 }, commits.BatchIds());
        }
        finally
        {
            if (Directory.Exists(location)) Directory.Delete(location, true);
        }
    }
}
