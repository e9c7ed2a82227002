using System.Diagnostics;
using System.Diagnostics.Tracing;
using Spate.Bench.Report;
using static Spate.Sql.Functions;

namespace Spate.Bench.Workloads;

/// <summary>
/// GC pauses of a running streaming aggregation with many keys resident (issue #7: no pause over 5 ms with 10M keys).
/// A count per string key (<c>User{value % keys}</c>, rate-micro-batch, update mode, durable checkpoint) first fills the
/// state, then keeps updating those keys; every stop-the-world interval (the runtime's SuspendEE to RestartEE events) is
/// recorded in process by an <see cref="EventListener"/> and cross-checked with <see cref="GC.GetTotalPauseDuration"/>.
/// Runs with <c>--only gc-pause</c> (or in full mode); <c>--records N</c> sets the key count (default 10M), <c>--quick</c>
/// uses 100,000-row batches instead of 500,000.
/// </summary>
internal static class GcPauseBench
{
    public static void Run(BenchOptions o, BenchResults results)
    {
        int keys = (int)(o.Only != null && o.Records is { } r ? r : 10_000_000);
        // Quick mode: smaller batches, so a batch's output (which the micro-batch holds until the sink is done) is smaller.
        int perBatch = o.Quick ? 100_000 : 500_000;
        int fillBatches = (keys + perBatch - 1) / perBatch;
        int steadyBatches = Math.Max(10, Math.Min(fillBatches, 40));
        var spark = Lecture.Session("local[1]", 1);
        var checkpoint = Path.Combine(o.OutDir, "checkpoints", "gc-" + Guid.NewGuid().ToString("N"));
        using var listener = new GcPauseListener();
        var recorder = new ProgressRecorder();
        spark.Streams().AddListener(recorder);
        var query = spark.ReadStream().Format("rate-micro-batch").Option("rowsPerBatch", perBatch).Load()
            .Select(Concat(Lit("User"), (Col("value") % keys).Cast("string")).Alias("id"))
            .GroupBy("id").Count()
            .WriteStream().OutputMode("update").Format("noop").Option("checkpointLocation", checkpoint).Start();
        var sw = Stopwatch.StartNew();
        WaitForBatches(recorder, fillBatches);
        double fillSeconds = sw.Elapsed.TotalSeconds;
        int fillPauses = listener.Count;
        var totalBefore = GC.GetTotalPauseDuration();
        var countsBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        sw.Restart();
        WaitForBatches(recorder, fillBatches + steadyBatches);
        double steadySeconds = sw.Elapsed.TotalSeconds;
        var totalPause = GC.GetTotalPauseDuration() - totalBefore;
        var counts = (GC.CollectionCount(0) - countsBefore.Item1, GC.CollectionCount(1) - countsBefore.Item2, GC.CollectionCount(2) - countsBefore.Item3);
        query.Stop();
        Thread.Sleep(200); // let the listener receive the last events
        var all = listener.Pauses();
        var steady = all.Skip(fillPauses).ToList();
        var last = recorder.All.Last();
        long resident = last.StateOperators.Count > 0 ? last.StateOperators[0].NumRowsTotal : 0;
        long heap = GC.GetTotalMemory(false);
        spark.Stop();
        try { Directory.Delete(checkpoint, true); } catch (IOException) { }

        string Describe(List<(double Ms, int Gen)> p) => p.Count == 0 ? "no GC" :
            $"{p.Count} pauses (gen0 {p.Count(x => x.Gen == 0)}, gen1 {p.Count(x => x.Gen == 1)}, gen2 {p.Count(x => x.Gen == 2)}), " +
            $"max {p.Max(x => x.Ms):F2} ms (worst five: {string.Join(", ", p.OrderByDescending(x => x.Ms).Take(5).Select(x => $"{x.Ms:F1} gen{x.Gen}"))}), p99 {Percentile(p, 0.99):F2} ms, p50 {Percentile(p, 0.50):F2} ms, worst gen2 {(p.Any(x => x.Gen == 2) ? p.Where(x => x.Gen == 2).Max(x => x.Ms) : 0):F2} ms";
        var variant = $"count by string key, {resident:N0} keys resident, {perBatch:N0} rows/batch, {steadyBatches} batches after the fill";
        results.Figures.Add(new Figure("gc-pause", variant + ": max pause", steady.Count == 0 ? 0 : steady.Max(x => x.Ms), "ms",
            $"{Describe(steady)}; GC.GetTotalPauseDuration {totalPause.TotalMilliseconds:F0} ms over {steadySeconds:F1} s " +
            $"(collections gen0/1/2 {counts.Item1}/{counts.Item2}/{counts.Item3}); heap {heap / 1e6:F0} MB; GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, " +
            $"{System.Runtime.GCSettings.LatencyMode}"));
        results.Figures.Add(new Figure("gc-pause", variant + ": p99 pause", steady.Count == 0 ? 0 : Percentile(steady, 0.99), "ms", null));
        results.Figures.Add(new Figure("gc-pause", $"filling {keys:N0} keys ({fillSeconds:F1} s): max pause", all.Take(fillPauses).Select(x => x.Ms).DefaultIfEmpty().Max(), "ms",
            Describe(all.Take(fillPauses).ToList())));
        Console.Error.WriteLine($"  gc-pause: fill {keys:N0} keys in {fillSeconds:F1} s: {Describe(all.Take(fillPauses).ToList())}");
        lock (listener.Worst) foreach (var w in listener.Worst) Console.Error.WriteLine("    pause " + w);
        Console.Error.WriteLine($"  gc-pause: steady {steadyBatches} batches in {steadySeconds:F1} s: {Describe(steady)}; total {totalPause.TotalMilliseconds:F0} ms; heap {heap / 1e6:F0} MB");
    }

    private static void WaitForBatches(ProgressRecorder recorder, int batches)
    {
        var deadline = Stopwatch.StartNew();
        while (recorder.All.Count < batches)
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(30)) throw new TimeoutException($"only {recorder.All.Count} of {batches} batches");
            Thread.Sleep(20);
        }
    }

    private static double Percentile(List<(double Ms, int Gen)> pauses, double q)
    {
        var sorted = pauses.Select(p => p.Ms).Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
    }

    /// <summary>Stop-the-world intervals from the runtime's GC events (SuspendEE begin to RestartEE end), with the
    /// generation of the collection inside each.</summary>
    private sealed class GcPauseListener : EventListener
    {
        private const int GcStart = 1, GcEnd = 2, RestartEeEnd = 3, HeapStats = 4, RestartEeBegin = 7, SuspendEeEnd = 8, SuspendEeBegin = 9;
        public readonly List<string> Worst = new();
        private double _promotedMb;
        private readonly List<(double Ms, int Gen)> _pauses = new();
        private DateTime _suspended, _suspendEnd, _gcStart, _gcEnd, _restartBegin;
        private int _gen = -1;

        public int Count { get { lock (_pauses) return _pauses.Count; } }

        public List<(double Ms, int Gen)> Pauses() { lock (_pauses) return _pauses.ToList(); }

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Informational, (EventKeywords)0x1);
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            switch (e.EventId)
            {
                case SuspendEeBegin:
                    _suspended = e.TimeStamp;
                    _suspendEnd = _gcStart = _gcEnd = _restartBegin = default;
                    _gen = -1;
                    break;
                case SuspendEeEnd: _suspendEnd = e.TimeStamp; break;
                case GcEnd: _gcEnd = e.TimeStamp; break;
                case RestartEeBegin: _restartBegin = e.TimeStamp; break;
                case GcStart:
                    _gcStart = e.TimeStamp;
                    int i = e.PayloadNames?.IndexOf("Depth") ?? -1;
                    if (i >= 0 && e.Payload![i] is uint depth) _gen = (int)depth;
                    break;
                case HeapStats:
                    _promotedMb = 0;
                    foreach (var name in new[] { "TotalPromotedSize0", "TotalPromotedSize1", "TotalPromotedSize2", "TotalPromotedSize3" })
                    {
                        int j = e.PayloadNames?.IndexOf(name) ?? -1;
                        if (j >= 0 && e.Payload![j] is ulong b) _promotedMb += b / 1e6;
                    }
                    break;
                case RestartEeEnd:
                    if (_suspended == default) break;
                    double ms = (e.TimeStamp - _suspended).TotalMilliseconds;
                    // Where the time went: stopping the threads (a thread in a loop without a GC poll, or descheduled, delays
                    // it), the collection itself, and restarting.
                    static string Span(DateTime from, DateTime to) => from == default || to == default ? "?" : $"{(to - from).TotalMilliseconds:F1}";
                    if (ms > 5) lock (_pauses) Worst.Add($"{ms:F1} ms gen{_gen} promoted {_promotedMb:F1} MB (suspend {Span(_suspended, _suspendEnd)}, " +
                        $"gc {Span(_gcStart, _gcEnd)}, restart {Span(_restartBegin, e.TimeStamp)} ms)");
                    lock (_pauses) _pauses.Add(((e.TimeStamp - _suspended).TotalMilliseconds, _gen));
                    _suspended = default;
                    break;
            }
        }
    }
}
