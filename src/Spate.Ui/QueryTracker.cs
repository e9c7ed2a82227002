using Spate.Sql;
using Spate.Sql.Streaming;

namespace Spate.Ui;

/// <summary>
/// Follows a session's streaming queries through a listener, so the UI still shows a query after it ends.
/// Finished runs are kept up to <c>spark.sql.streaming.ui.retainedQueries</c>, oldest dropped first.
/// </summary>
internal sealed class QueryTracker : StreamingQueryListener
{
    private readonly SparkSession _session;
    private readonly int _retainedFinished;
    private readonly object _lock = new();
    private readonly List<QueryRecord> _records = new();

    public QueryTracker(SparkSession session, int retainedFinished)
    {
        _session = session;
        _retainedFinished = retainedFinished;
    }

    /// <summary>Every known run, newest start first; active runs the listener has not reported yet are included.</summary>
    public IReadOnlyList<QueryRecord> Records
    {
        get
        {
            foreach (var q in _session.StreamManager.Active) Track(q);
            lock (_lock) return _records.OrderByDescending(r => r.StartTime).ToList();
        }
    }

    /// <summary>The run with this run id, or the latest run of the query with this id.</summary>
    public QueryRecord? Find(Guid id)
    {
        var all = Records;
        return all.FirstOrDefault(r => r.Query.RunId == id) ?? all.FirstOrDefault(r => r.Query.Id == id);
    }

    public override void OnQueryStarted(QueryStartedEvent queryStarted)
    {
        // The manager lists the query before raising this event.
        var query = _session.StreamManager.Get(queryStarted.Id);
        if (query != null && query.RunId == queryStarted.RunId) Track(query);
    }

    public override void OnQueryProgress(QueryProgressEvent queryProgress) { }

    public override void OnQueryTerminated(QueryTerminatedEvent queryTerminated)
    {
        lock (_lock)
        {
            var record = _records.FirstOrDefault(r => r.Query.RunId == queryTerminated.RunId);
            record?.MarkTerminated(DateTimeOffset.UtcNow, queryTerminated.Exception);
            Evict();
        }
    }

    private void Track(StreamingQuery query)
    {
        lock (_lock)
        {
            if (_records.Any(r => r.Query.RunId == query.RunId)) return;
            _records.Add(new QueryRecord(query, DateTimeOffset.UtcNow));
        }
    }

    private void Evict()
    {
        var finished = _records.Where(r => !r.IsActive).OrderBy(r => r.EndTime ?? r.StartTime).ToList();
        for (int i = 0; i < finished.Count - _retainedFinished; i++) _records.Remove(finished[i]);
    }
}
