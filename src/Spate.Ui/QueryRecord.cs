using Spate.Sql.Streaming;
using Spate.Streaming;

namespace Spate.Ui;

/// <summary>One run of a streaming query as the UI knows it: the live query while it runs, kept after it ends.</summary>
internal sealed class QueryRecord
{
    public QueryRecord(StreamingQuery query, DateTimeOffset start)
    {
        Query = query;
        StartTime = start;
    }

    public StreamingQuery Query { get; }
    public MicroBatchExecution Execution => Query.Execution;
    public DateTimeOffset StartTime { get; }
    public DateTimeOffset? EndTime { get; private set; }

    /// <summary>The error text reported when the run failed.</summary>
    public string? TerminationError { get; private set; }

    public bool IsActive => EndTime == null && Execution.IsActive;

    public string State => IsActive ? "RUNNING" : Error != null ? "FAILED" : "FINISHED";

    /// <summary>The error of a failed run: the query's own exception message, else the listener's text.</summary>
    public string? Error => Execution.Error?.Message ?? TerminationError;

    public void MarkTerminated(DateTimeOffset end, string? error)
    {
        EndTime ??= end;
        TerminationError ??= error;
    }
}
