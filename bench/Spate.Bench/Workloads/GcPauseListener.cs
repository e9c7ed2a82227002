using System.Diagnostics.Tracing;

namespace Spate.Bench.Workloads;

/// <summary>
/// Records each GC pause of this process (runtime events: execution suspended → restarted), for the latency
/// workload's debug output: how many pauses, how long the longest were.
/// </summary>
internal sealed class GcPauseListener : EventListener
{
    private readonly List<double> _pausesMs = new();
    private DateTime _suspendedAt;
    private readonly Dictionary<string, int> _types = new();

    /// <summary>The types most often sampled by allocation ticks (one tick per ~100 KB allocated).</summary>
    public string TopAllocations(int n)
    {
        lock (_types) return string.Join("; ", _types.OrderByDescending(kv => kv.Value).Take(n).Select(kv => $"{kv.Key} {kv.Value}"));
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword (verbose: allocation ticks)
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName == null) return;
        if (e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal))
        {
            int i = e.PayloadNames!.IndexOf("TypeName");
            var type = i >= 0 ? e.Payload![i] as string ?? "?" : "?";
            lock (_types) _types[type] = _types.GetValueOrDefault(type) + 1;
            return;
        }
        if (e.EventName.StartsWith("GCSuspendEEBegin", StringComparison.Ordinal)) _suspendedAt = e.TimeStamp;
        else if (e.EventName.StartsWith("GCRestartEEEnd", StringComparison.Ordinal) && _suspendedAt != default)
        {
            lock (_pausesMs) _pausesMs.Add((e.TimeStamp - _suspendedAt).TotalMilliseconds);
            _suspendedAt = default;
        }
    }

    /// <summary>Count, total and the largest pauses so far.</summary>
    public string Describe()
    {
        lock (_pausesMs)
        {
            var sorted = _pausesMs.OrderByDescending(x => x).ToList();
            return $"{sorted.Count} pauses, total {sorted.Sum():F1} ms, largest {string.Join(", ", sorted.Take(5).Select(x => x.ToString("F2")))} ms";
        }
    }
}
