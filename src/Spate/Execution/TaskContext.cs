namespace Spate.Execution;

/// <summary>What a running query needs: parallelism, shuffle width, cancellation, and for streaming the batch's
/// state stores and watermark.</summary>
internal sealed class TaskContext
{
    public TaskContext(int parallelism, int shufflePartitions, CancellationToken cancellation = default)
    {
        Parallelism = Math.Max(1, parallelism);
        ShufflePartitions = Math.Max(1, shufflePartitions);
        Cancellation = cancellation;
    }

    public int Parallelism { get; }
    public int ShufflePartitions { get; }

    /// <summary><c>spark.sql.files.maxPartitionBytes</c>: the largest byte range of a file one partition reads.</summary>
    public long MaxPartitionBytes { get; init; } = 128L << 20;

    /// <summary><c>spark.sql.files.openCostInBytes</c>: what opening a file costs, in bytes, when sizing splits.</summary>
    public long OpenCostInBytes { get; init; } = 4L << 20;
    public CancellationToken Cancellation { get; }

    /// <summary>Set when running one micro-batch of a stream.</summary>
    public Spate.Streaming.IncrementalState? Streaming { get; init; }
}
