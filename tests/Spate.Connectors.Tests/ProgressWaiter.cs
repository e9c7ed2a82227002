using Spate.Sql;
using Spate.Sql.Streaming;

namespace Spate.Connectors.Tests;

/// <summary>
/// A bounded wait on a query's committed progress, woken by the session's progress events (no polling sleeps): for
/// sources such as the socket, whose data may arrive after <c>ProcessAllAvailable</c> has already returned.
/// </summary>
public sealed class ProgressWaiter : StreamingQueryListener, IDisposable
{
    private readonly SparkSession _spark;
    private readonly object _lock = new();

    public ProgressWaiter(SparkSession spark)
    {
        _spark = spark;
        spark.Streams().AddListener(this);
    }

    /// <summary>Waits until a committed batch of <paramref name="query"/> has its first source's end offset at least <paramref name="offset"/>.</summary>
    public void ForOffset(StreamingQuery query, long offset, int timeoutMs = 30_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        lock (_lock)
        {
            while (!Reached(query, offset))
            {
                if (query.Exception() is { } e) throw e;
                if (!query.IsActive()) throw new InvalidOperationException($"The query stopped before reaching offset {offset}.");
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !Monitor.Wait(_lock, left))
                    if (!Reached(query, offset))
                        throw new TimeoutException($"The query did not commit offset {offset} within {timeoutMs} ms (last progress: {query.LastProgress?.Json ?? "none"}).");
            }
        }
    }

    private static bool Reached(StreamingQuery query, long offset) =>
        long.TryParse(query.LastProgress?.Sources.FirstOrDefault()?.EndOffset, out long end) && end >= offset;

    private void Wake() { lock (_lock) Monitor.PulseAll(_lock); }

    public override void OnQueryStarted(QueryStartedEvent queryStarted) { }
    public override void OnQueryProgress(QueryProgressEvent queryProgress) => Wake();
    public override void OnQueryTerminated(QueryTerminatedEvent queryTerminated) => Wake();

    public void Dispose() => _spark.Streams().RemoveListener(this);
}
