using Spate.Sql.Streaming;

namespace Spate.Tests.Support;

/// <summary>Bounded waits on a query's committed progress (no fixed sleeps).</summary>
public static class Waits
{
    /// <summary>Waits until the query has committed a batch whose source end offset is at least <paramref name="offset"/>.</summary>
    public static void ForOffset(StreamingQuery query, long offset, int timeoutMs = 30000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < deadline)
        {
            if (query.Exception() is { } e) throw e;
            query.ProcessAllAvailable();
            var end = query.LastProgress?.Sources.FirstOrDefault()?.EndOffset;
            if (end != null && long.TryParse(end, out long o) && o >= offset) return;
            Thread.Sleep(5);
        }
        throw new TimeoutException($"The query did not reach offset {offset} within {timeoutMs} ms (last progress: {query.LastProgress?.Json ?? "none"}).");
    }
}
