namespace Spate.Sql.Streaming;

/// <summary>Receives the life-cycle events of a session's streaming queries: <c>spark.Streams().AddListener(listener)</c>.
/// Methods run on the query's thread: keep them quick.</summary>
public abstract class StreamingQueryListener
{
    public abstract void OnQueryStarted(QueryStartedEvent queryStarted);
    public abstract void OnQueryProgress(QueryProgressEvent queryProgress);
    public virtual void OnQueryIdle(QueryIdleEvent queryIdle) { }
    public abstract void OnQueryTerminated(QueryTerminatedEvent queryTerminated);
}

/// <summary>A query started.</summary>
public sealed record QueryStartedEvent(Guid Id, Guid RunId, string? Name, string Timestamp);

/// <summary>A query finished a batch.</summary>
public sealed record QueryProgressEvent(StreamingQueryProgress Progress);

/// <summary>A query found no new data.</summary>
public sealed record QueryIdleEvent(Guid Id, Guid RunId, string Timestamp);

/// <summary>A query stopped; <see cref="Exception"/> is the error's text when it failed.</summary>
public sealed record QueryTerminatedEvent(Guid Id, Guid RunId, string? Exception);
