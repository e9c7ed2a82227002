using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.State;
using Spate.Testing;
using static Spate.Testing.StreamActions;

namespace Spate.RocksDb.Tests;

/// <summary>Streaming queries whose session asks for the RocksDB provider by Spark's class name.</summary>
public sealed class RocksDbStreamingTests : IDisposable
{
    private readonly string _checkpoint = Path.Combine(Path.GetTempPath(), "spate-rocks-stream-" + Guid.NewGuid().ToString("N"));

    private static SparkSession Spark => SparkSession.Builder().Master("local[2]").AppName("rocksdb-tests")
        .Config("spark.sql.shuffle.partitions", "2").Config("spark.ui.enabled", "false")
        .Config(StateStoreOptions.ProviderClassConf, StateStoreProviders.RocksDb).GetOrCreate();

    private void AssertStateInRocksDb()
    {
        var state = Path.Combine(_checkpoint, "state");
        Assert.NotEmpty(Directory.EnumerateDirectories(state, "*.rocksdb", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(state, "*.delta", SearchOption.AllDirectories));
    }

    [Fact]
    public void GroupByCount_RocksDbProvider_KeepsRunningCountsAcrossRestart()
    {
        var input = new MemoryStream<string>(Spark);
        var counts = input.ToDF().GroupBy("value").Count();
        StreamTest.TestStream(counts, OutputMode.Update,
            StartStream(checkpointLocation: _checkpoint),
            AddData(input, "a", "b", "a"),
            CheckLastBatch(Row("a", 2L), Row("b", 1L)),
            StopStream(),
            StartStream(checkpointLocation: _checkpoint),
            AddData(input, "a", "c"),
            CheckLastBatch(Row("a", 3L), Row("c", 1L)),
            AddData(input, "c", "c", "d"),
            CheckLastBatch(Row("c", 3L), Row("d", 1L)),
            AssertOnQuery(q => q.LastProgress!.StateOperators[0].NumRowsTotal == 4, "four groups in state"));
        AssertStateInRocksDb();
    }

    [Fact]
    public void GroupByCount_CompleteMode_RocksDbProvider_EmitsWholeTableAfterRestart()
    {
        var input = new MemoryStream<int>(Spark);
        var counts = input.ToDF().GroupBy((Functions.Col("value") % 2).Alias("parity")).Count();
        StreamTest.TestStream(counts, OutputMode.Complete,
            StartStream(checkpointLocation: _checkpoint),
            AddData(input, 1, 2, 3),
            CheckAnswer(Row(1, 2L), Row(0, 1L)),
            StopStream(),
            StartStream(checkpointLocation: _checkpoint),
            AddData(input, 5),
            CheckAnswer(Row(1, 3L), Row(0, 1L)));
        AssertStateInRocksDb();
    }

    [Fact]
    public void DropDuplicates_RocksDbProvider_RemembersKeysAcrossRestart()
    {
        var input = new MemoryStream<string>(Spark);
        var distinct = input.ToDF().DropDuplicates("value");
        StreamTest.TestStream(distinct, OutputMode.Append,
            StartStream(checkpointLocation: _checkpoint),
            AddData(input, "a", "b", "a"),
            CheckAnswer(Row("a"), Row("b")),
            StopStream(),
            StartStream(checkpointLocation: _checkpoint),
            AddData(input, "b", "c"),
            CheckAnswer(Row("a"), Row("b"), Row("c")),
            CheckLastBatch(Row("c")));
        AssertStateInRocksDb();
    }

    public void Dispose()
    {
        try { if (Directory.Exists(_checkpoint)) Directory.Delete(_checkpoint, true); } catch (IOException) { }
    }
}
