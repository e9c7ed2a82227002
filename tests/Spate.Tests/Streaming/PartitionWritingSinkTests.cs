using Spate.Columnar;
using Spate.Sinks;
using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;
using Spate.Streaming;
using Spate.Testing;

namespace Spate.Tests.Streaming;

/// <summary>Sinks that take a batch's rows per partition as they are produced (the micro-batch holds no result list).</summary>
public sealed class PartitionWritingSinkTests : IDisposable
{
    private static SparkSession Spark => TestSession.Spark;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "spate-pwsink-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private sealed class RecordingSink : IPartitionWritingSink
    {
        public readonly List<(long BatchId, List<(string Key, long Count)> Rows)> Committed = new();
        public readonly List<long> Aborted = new();
        public int FailOnBatch = -1;
        public string Description => "RecordingSink";

        public void AddBatch(long batchId, IReadOnlyList<ColumnBatch> data, StructType schema, OutputMode mode, SparkSession session) =>
            throw new InvalidOperationException("rows must come through the partition writers");

        public IPartitionWriter CreateWriter(long batchId, int partition, StructType schema, OutputMode mode) => new Writer(this, batchId);

        public void CommitBatch(long batchId, IReadOnlyList<object?> messages)
        {
            var rows = messages.SelectMany(m => (List<(string, long)>)m!).OrderBy(r => r.Item1, StringComparer.Ordinal).ToList();
            lock (Committed) Committed.Add((batchId, rows));
        }

        public void AbortBatch(long batchId, IReadOnlyList<object?> messages) { lock (Aborted) Aborted.Add(batchId); }

        private sealed class Writer(RecordingSink sink, long batchId) : IPartitionWriter
        {
            private readonly List<(string, long)> _rows = new();
            public void Write(ColumnBatch batch)
            {
                if (batchId == sink.FailOnBatch) throw new IOException("injected sink failure");
                for (int i = 0; i < batch.RowCount; i++) _rows.Add(((string)batch.Columns[0].GetValue(i)!, (long)batch.Columns[1].GetValue(i)!));
            }
            public object? Commit() => _rows;
            public void Abort() { }
        }
    }

    private StreamingQuery Start(MemoryStream<string> input, RecordingSink sink)
    {
        var df = input.ToDF().GroupBy("value").Count();
        var id = Spate.Checkpoints.StreamMetadata.ReadOrCreate(_dir, Guid.NewGuid());
        var execution = new MicroBatchExecution(Spark, df.Plan, sink, OutputMode.Update, Trigger.ProcessingTime(0), _dir, false, null, TimeProvider.System, id);
        return Spark.StreamManager.StartQuery(execution);
    }

    [Fact]
    public void UpdateMode_RowsReachTheSinkPerPartition_CommittedOncePerBatch_WithOutputRowCount()
    {
        var input = new MemoryStream<string>(Spark);
        var sink = new RecordingSink();
        var query = Start(input, sink);
        try
        {
            input.AddData("a", "b", "a", "c");
            query.ProcessAllAvailable();
            input.AddData("a", "d");
            query.ProcessAllAvailable();
            Assert.Equal(new[] { 0L, 1L }, sink.Committed.Select(c => c.BatchId).ToArray());
            Assert.Equal(new[] { ("a", 2L), ("b", 1L), ("c", 1L) }, sink.Committed[0].Rows);
            Assert.Equal(new[] { ("a", 3L), ("d", 1L) }, sink.Committed[1].Rows);
            Assert.Equal(2, query.LastProgress!.Sink.NumOutputRows);
            Assert.Empty(sink.Aborted);
        }
        finally { query.Stop(); }
    }

    [Fact]
    public void FailingWriter_AbortsTheBatch_WhichRunsAgainWithTheSameRowsAfterRestart()
    {
        var input = new MemoryStream<string>(Spark);
        var sink = new RecordingSink { FailOnBatch = 1 };
        var query = Start(input, sink);
        input.AddData("a", "b");
        query.ProcessAllAvailable();
        input.AddData("a", "c");
        Assert.ThrowsAny<Exception>(() => query.ProcessAllAvailable());
        query.Stop();
        Assert.Contains(1L, sink.Aborted);
        Assert.Equal(new[] { 0L }, sink.Committed.Select(c => c.BatchId).ToArray());

        sink.FailOnBatch = -1;
        var restarted = Start(input, sink);
        try
        {
            restarted.ProcessAllAvailable();
            Assert.Equal(new[] { 0L, 1L }, sink.Committed.Select(c => c.BatchId).ToArray());
            // The state was not committed twice: a counts 2, not 3.
            Assert.Equal(new[] { ("a", 2L), ("c", 1L) }, sink.Committed[1].Rows);
        }
        finally { restarted.Stop(); }
    }

    [Fact]
    public void NoopSink_CountsOutputRowsWithoutKeepingThem()
    {
        var input = new MemoryStream<string>(Spark);
        var query = input.ToDF().GroupBy("value").Count().WriteStream().OutputMode("update").Format("noop").Start();
        try
        {
            input.AddData("x", "y", "x", "z", "w");
            query.ProcessAllAvailable();
            Assert.Equal(4, query.LastProgress!.Sink.NumOutputRows);
        }
        finally { query.Stop(); }
    }
}
