using System.Collections.Concurrent;
using Spate.Sql.Streaming;

namespace Spate.Bench.Workloads;

/// <summary>Collects every progress event of a session's queries (RecentProgress keeps only the last 100).</summary>
internal sealed class ProgressRecorder : StreamingQueryListener
{
    private long _rows;

    public ConcurrentQueue<StreamingQueryProgress> All { get; } = new();
    public long Rows => Interlocked.Read(ref _rows);
    public event Action<StreamingQueryProgress>? Received;

    public override void OnQueryStarted(QueryStartedEvent queryStarted) { }
    public override void OnQueryTerminated(QueryTerminatedEvent queryTerminated) { }

    public override void OnQueryProgress(QueryProgressEvent queryProgress)
    {
        All.Enqueue(queryProgress.Progress);
        Interlocked.Add(ref _rows, queryProgress.Progress.NumInputRows);
        Received?.Invoke(queryProgress.Progress);
    }
}
