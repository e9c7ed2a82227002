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
    public CancellationToken Cancellation { get; }

    /// <summary>Set when running one micro-batch of a stream.</summary>
    public Spate.Streaming.IncrementalState? Streaming { get; init; }
}
