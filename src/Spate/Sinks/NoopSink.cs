using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;

namespace Spate.Sinks;

/// <summary>The <c>noop</c> sink: runs the query and discards the rows (for benchmarks). It takes rows per partition as
/// they are produced, so a batch's result is never held whole.</summary>
internal sealed class NoopSink : IPartitionWritingSink
{
    public string Description => "NoopTable";

    public void AddBatch(long batchId, IReadOnlyList<ColumnBatch> data, StructType schema, OutputMode mode, SparkSession session) { }

    public IPartitionWriter CreateWriter(long batchId, int partition, StructType schema, OutputMode mode) => Writer.Instance;

    public void CommitBatch(long batchId, IReadOnlyList<object?> messages) { }

    public void AbortBatch(long batchId, IReadOnlyList<object?> messages) { }

    private sealed class Writer : IPartitionWriter
    {
        public static readonly Writer Instance = new();
        public void Write(ColumnBatch batch) { }
        public object? Commit() => null;
        public void Abort() { }
    }
}
