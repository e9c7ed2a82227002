using Spate.Streaming;

namespace Spate.Sql.Streaming;

/// <summary>A running streaming query: started by <c>WriteStream()...Start()</c>, stopped by <see cref="Stop"/>.</summary>
public sealed class StreamingQuery
{
    internal StreamingQuery(MicroBatchExecution execution, SparkSession session)
    {
        Execution = execution;
        SparkSession = session;
    }

    internal MicroBatchExecution Execution { get; }

    /// <summary>The session that runs this query.</summary>
    public SparkSession SparkSession { get; }

    /// <summary>The query's id, kept in the checkpoint across restarts.</summary>
    public Guid Id => Execution.Id;

    /// <summary>The id of this run: a new one at each start.</summary>
    public Guid RunId => Execution.RunId;

    /// <summary>The name given by <c>QueryName</c>, or null.</summary>
    public string? Name => Execution.Name;

    /// <summary>True until the query stops or fails.</summary>
    public bool IsActive() => Execution.IsActive;

    /// <summary>What the query is doing now.</summary>
    public StreamingQueryStatus Status => Execution.Status;

    /// <summary>The progress of the most recent batch, or null before the first.</summary>
    public StreamingQueryProgress? LastProgress => Execution.LastProgress;

    /// <summary>The progress of recent batches (at most <c>spark.sql.streaming.numRecentProgressUpdates</c>).</summary>
    public StreamingQueryProgress[] RecentProgress => Execution.RecentProgress;

    /// <summary>Blocks until the query stops; rethrows the error that stopped it as a <see cref="StreamingQueryException"/>.</summary>
    public void AwaitTermination() => Execution.AwaitTermination(-1);

    /// <summary>Blocks up to <paramref name="timeoutMs"/>; true when the query has stopped.</summary>
    public bool AwaitTermination(long timeoutMs) => Execution.AwaitTermination((int)Math.Min(int.MaxValue, Math.Max(0, timeoutMs)));

    /// <summary>Blocks until all data available in the sources now has been processed (for tests).</summary>
    public void ProcessAllAvailable() => Execution.ProcessAllAvailable();

    /// <summary>Stops the query and waits for its thread to end.</summary>
    public void Stop() => Execution.Stop();

    /// <summary>The error that stopped the query, or null.</summary>
    public StreamingQueryException? Exception() => Execution.Error as StreamingQueryException;

    /// <summary>Prints the query's plan.</summary>
    public void Explain(bool extended = false) => Console.Write(Execution.Explain(extended));

    public override string ToString() => $"StreamingQuery {Name ?? ""} [id = {Id}, runId = {RunId}]";
}
