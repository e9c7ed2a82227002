using System.Globalization;

namespace Spate.Bench.Report;

/// <summary>The performance goals, checked against this run's numbers.</summary>
internal static class Targets
{
    public static void Check(BenchResults r)
    {
        string Ref = MarkdownReport.Reference;
        var fraud10 = r.Throughput.FirstOrDefault(t => t.Workload == "fraud-file" && t.Engine == Ref && t.Dataset == "25 users, 10% flagged");
        if (fraud10 != null)
        {
            Add(r, "Fraud file query ≥ 10 M rec/s/core (25 users, 10% flagged)", $"{fraud10.RecordsPerSecondPerCore / 1e6:F2} M rec/s/core", fraud10.RecordsPerSecondPerCore >= 10e6);
            var duck = r.Throughput.FirstOrDefault(t => t.Dataset == fraud10.Dataset && t.Engine == "DuckDB threads=1");
            if (duck != null)
            {
                double ratio = fraud10.RecordsPerSecondPerCore / duck.RecordsPerSecondPerCore;
                Add(r, "Fraud file query ≥ 3.3x DuckDB 1 thread", $"{ratio:F2}x", ratio >= 3.3);
            }
        }
        var fraud100 = r.Throughput.FirstOrDefault(t => t.Workload == "fraud-file" && t.Engine == Ref && t.Dataset == "25 users, 100% flagged");
        if (fraud100 != null)
            Add(r, "100% flagged ≥ 5 M rec/s/core", $"{fraud100.RecordsPerSecondPerCore / 1e6:F2} M rec/s/core", fraud100.RecordsPerSecondPerCore >= 5e6);
        var socket = r.Throughput.FirstOrDefault(t => t.Workload == "socket-ingest" && t.Engine.Contains("fraud", StringComparison.Ordinal));
        if (socket != null)
            Add(r, "Socket ingest ≥ 5 M rec/s on one core", $"{socket.RecordsPerSecond / 1e6:F2} M rec/s", socket.RecordsPerSecond >= 5e6);
        var lat = r.Latency.Where(l => l.TargetRate >= 1e6).FirstOrDefault() ?? r.Latency.OrderByDescending(l => l.TargetRate).FirstOrDefault();
        if (lat != null)
            Add(r, "p99 latency ≤ 10 ms at 1 M rec/s", $"p99 {lat.P99Ms:F1} ms at {lat.TargetRate:N0} rec/s (achieved {lat.AchievedRate:N0})", lat.TargetRate >= 1e6 ? lat.P99Ms <= 10 : null);
        var noCk = r.Figures.FirstOrDefault(f => f.Workload == "batch-overhead" && f.Variant.StartsWith("stateless, temporary checkpoint", StringComparison.Ordinal));
        if (noCk != null) Add(r, "Per-batch overhead ≤ 1 ms (no durable checkpoint)", $"{noCk.Value:F2} ms", noCk.Value <= 1);
        var ck = r.Figures.FirstOrDefault(f => f.Workload == "batch-overhead" && f.Variant.StartsWith("stateful fraud, durable checkpoint", StringComparison.Ordinal));
        if (ck != null) Add(r, "Per-batch overhead ≤ 5 ms (fsynced checkpoint)", $"{ck.Value:F2} ms", ck.Value <= 5);
        var state = r.Figures.FirstOrDefault(f => f.Workload == "state-size" && f.Unit == "MB per million keys");
        if (state != null) Add(r, "State ≤ 48 MB per million keys", $"{state.Value:F0} MB per million keys", state.Value <= 48);
        var start = r.Figures.FirstOrDefault(f => f.Workload == "startup");
        if (start != null) Add(r, "Start-up to first batch ≤ 0.5 s", $"{start.Value:F3} s", start.Value <= 0.5);
    }

    private static void Add(BenchResults r, string target, string measured, bool? met) =>
        r.Targets.Add(new TargetCheck(target, measured.ToString(CultureInfo.InvariantCulture), met));
}
