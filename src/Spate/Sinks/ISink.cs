using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;

namespace Spate.Sinks;

/// <summary>
/// Where a streaming query's result rows go. Contract (Spark's <c>Sink</c>): <see cref="AddBatch"/> may be called
/// again with a batch id it has seen (after a failure and restart); a sink that promises exactly-once skips or
/// replaces such a batch, so the output contains each batch once.
/// </summary>
internal interface ISink
{
    string Description { get; }

    /// <summary>Adds the rows of batch <paramref name="batchId"/>: the new rows (append), the changed rows (update), or the whole result (complete).</summary>
    void AddBatch(long batchId, IReadOnlyList<ColumnBatch> data, StructType schema, OutputMode mode, SparkSession session);
}
