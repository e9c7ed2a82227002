using Spate.Streaming;

namespace Spate.Sql.Streaming;

/// <summary>The streaming queries of a session: <c>spark.Streams()</c>.</summary>
public sealed class StreamingQueryManager
{
    private readonly SparkSession _session;
    private readonly List<StreamingQuery> _active = new();
    private readonly List<StreamingQueryListener> _listeners = new();
    private readonly object _lock = new();
    private StreamingQuery? _lastTerminated;
    private readonly ManualResetEventSlim _anyTerminated = new();

    internal StreamingQueryManager(SparkSession session) { _session = session; }

    /// <summary>The queries running now.</summary>
    public StreamingQuery[] Active { get { lock (_lock) return _active.ToArray(); } }

    /// <summary>The running query with this id, or null.</summary>
    public StreamingQuery? Get(Guid id) { lock (_lock) return _active.FirstOrDefault(q => q.Id == id); }

    public StreamingQuery? Get(string id) => Guid.TryParse(id, out var g) ? Get(g) : null;

    /// <summary>Blocks until any query of the session stops (or has stopped since the last <see cref="ResetTerminated"/>).</summary>
    public void AwaitAnyTermination() => AwaitAnyTermination(-1);

    /// <summary>Blocks up to <paramref name="timeoutMs"/>; true when a query has stopped.</summary>
    public bool AwaitAnyTermination(long timeoutMs)
    {
        bool done = _anyTerminated.Wait(timeoutMs < 0 ? Timeout.Infinite : (int)Math.Min(int.MaxValue, timeoutMs));
        var last = _lastTerminated;
        if (done && last?.Exception() is { } e) throw e;
        return done;
    }

    /// <summary>Forgets stopped queries, so <see cref="AwaitAnyTermination()"/> waits for a new one.</summary>
    public void ResetTerminated()
    {
        lock (_lock)
        {
            _lastTerminated = null;
            _anyTerminated.Reset();
        }
    }

    public void AddListener(StreamingQueryListener listener) { lock (_lock) _listeners.Add(listener); }
    public void RemoveListener(StreamingQueryListener listener) { lock (_lock) _listeners.Remove(listener); }

    private StreamingQueryListener[] Listeners { get { lock (_lock) return _listeners.ToArray(); } }

    private static void Safely(Action action)
    {
        try { action(); }
        catch (Exception e) { SparkLog.Warn("StreamingQueryListenerBus", $"Listener threw an exception: {e.Message}"); }
    }

    internal StreamingQuery StartQuery(MicroBatchExecution execution)
    {
        var query = new StreamingQuery(execution, _session);
        lock (_lock)
        {
            if (execution.Name != null && _active.Any(q => q.Name == execution.Name))
                throw new ArgumentException($"Cannot start query with name {execution.Name} as a query with that name is already active in this SparkSession");
            if (_active.Any(q => q.Id == execution.Id))
                throw new InvalidOperationException($"[CONCURRENT_QUERY] Another instance of this query [id = {execution.Id}] was just started by a concurrent session: cannot start query with id {execution.Id} as another query with same id is already active. Perhaps you are attempting to restart a query from checkpoint that is already active.");
            _active.Add(query);
        }
        execution.Progress += p => { foreach (var l in Listeners) Safely(() => l.OnQueryProgress(new QueryProgressEvent(p))); };
        execution.Idle += () => { foreach (var l in Listeners) Safely(() => l.OnQueryIdle(new QueryIdleEvent(execution.Id, execution.RunId, Now()))); };
        execution.Ending += _ =>
        {
            lock (_lock) _active.Remove(query);
        };
        execution.Terminated += e =>
        {
            lock (_lock)
            {
                _active.Remove(query);
                _lastTerminated = query;
                _anyTerminated.Set();
            }
            foreach (var l in Listeners) Safely(() => l.OnQueryTerminated(new QueryTerminatedEvent(e.Id, e.RunId, e.Error?.ToString())));
        };
        foreach (var l in Listeners) Safely(() => l.OnQueryStarted(new QueryStartedEvent(execution.Id, execution.RunId, execution.Name, Now())));
        execution.Start();
        return query;
    }

    private static string Now() => StreamingQueryProgress.FormatTimestamp(DateTimeOffset.UtcNow);
}
