using Spate.Columnar;
using Spate.Sql.Streaming;
using Spate.Sql.Types;

namespace Spate.Sinks;

/// <summary>
/// A sink that takes a batch's rows as each partition produces them instead of the whole result at once (Spark's
/// DataSource V2 <c>StreamingWrite</c>: one <c>DataWriter</c> per partition, then a commit of the batch). The micro-batch
/// then holds no batch-sized result list, so the rows die young. Exactly-once: a batch's writers are committed
/// by <see cref="CommitBatch"/> only after every partition finished; a failed batch is aborted and re-run under the same id.
/// </summary>
internal interface IPartitionWritingSink : ISink
{
    /// <summary>A writer for one partition of batch <paramref name="batchId"/>; partitions' writers run concurrently.</summary>
    IPartitionWriter CreateWriter(long batchId, int partition, StructType schema, OutputMode mode);

    /// <summary>Makes the batch's writes visible, once every partition's writer committed.</summary>
    void CommitBatch(long batchId, IReadOnlyList<object?> messages);

    /// <summary>Discards what the batch's writers wrote (a partition failed).</summary>
    void AbortBatch(long batchId, IReadOnlyList<object?> messages);
}

/// <summary>Receives one partition's batches of a micro-batch (Spark's <c>DataWriter</c>). Batches belong to the writer.</summary>
internal interface IPartitionWriter
{
    /// <summary>Takes the next batch of rows.</summary>
    void Write(ColumnBatch batch);

    /// <summary>Ends the partition; the message goes to <see cref="IPartitionWritingSink.CommitBatch"/>.</summary>
    object? Commit();

    /// <summary>Ends the partition after a failure.</summary>
    void Abort();
}
