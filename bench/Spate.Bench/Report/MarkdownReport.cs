using System.Globalization;
using System.Text;

namespace Spate.Bench.Report;

/// <summary>Renders the results as Markdown tables.</summary>
internal static class MarkdownReport
{
    private const string SpateReference = "Spate text+from_json local[1]";

    /// <summary>For a Spate row: Spate's per-core rate divided by each peer's, on the same dataset.</summary>
    public static Dictionary<string, double> Ratios(BenchResults results, Throughput t)
    {
        var ratios = new Dictionary<string, double>();
        if (!t.Engine.StartsWith("Spate", StringComparison.Ordinal)) return ratios;
        foreach (var peer in results.Throughput.Where(p => p.Dataset == t.Dataset && p.Workload == t.Workload && !p.Engine.StartsWith("Spate", StringComparison.Ordinal)))
            ratios[peer.Engine] = t.RecordsPerSecondPerCore / peer.RecordsPerSecondPerCore;
        return ratios;
    }

    public static string Render(BenchResults r)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Spate benchmarks, {r.Mode} mode, {r.Date}\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"Machine: {r.Machine}\n\nCommand: `{r.Command}`\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"Each figure is the median of {r.Runs} runs after warming up ({Measure.WarmupRuns} runs and at least {Measure.WarmupSeconds} s: .NET re-compiles hot code with profile data during the first runs of a process; the first run's time is in the \"first run s\" column). Ratios compare wall-clock records/s per core (threads); M rec/CPU-s divides by the process's CPU time instead, which the other load on a shared machine disturbs less.\n\n");

        var file = r.Throughput.Where(t => t.Workload == "fraud-file").ToList();
        if (file.Count > 0)
        {
            sb.Append("### Fraud query over NDJSON files (bytes to final aggregate)\n\n");
            var peers = file.Where(t => !t.Engine.StartsWith("Spate", StringComparison.Ordinal)).Select(t => t.Engine).Distinct().ToList();
            sb.Append("| Dataset | Engine | Threads | First run s | Median s | M rec/s | M rec/s/core | M rec/CPU-s | MB/s | ");
            sb.Append(string.Join(" | ", peers.Select(p => $"Spate/core ÷ {p}"))).Append(" |\n");
            sb.Append("|---|---|---:|---:|---:|---:|---:|---:|---:|").Append(string.Concat(peers.Select(_ => "---:|"))).Append('\n');
            foreach (var t in file)
            {
                var ratios = Ratios(r, t);
                sb.Append(CultureInfo.InvariantCulture,
                    $"| {t.Dataset} | {t.Engine}{(t.Correct ? "" : " (WRONG ANSWER)")} | {t.Threads} | {t.ColdSeconds:F3} | {t.MedianSeconds:F3} | {t.RecordsPerSecond / 1e6:F2} | {t.RecordsPerSecondPerCore / 1e6:F2} | {t.RecordsPerCpuSecond / 1e6:F2} | {t.MegabytesPerSecond:F0} | ");
                sb.Append(string.Join(" | ", peers.Select(p => ratios.TryGetValue(p, out var x) ? x.ToString("F2", CultureInfo.InvariantCulture) + "x" : ""))).Append(" |\n");
            }
            sb.Append('\n');
        }

        var other = r.Throughput.Where(t => t.Workload != "fraud-file").ToList();
        if (other.Count > 0)
        {
            sb.Append("### Streaming ingest\n\n| Workload | Variant | Records | Median s | M rec/s | Note |\n|---|---|---:|---:|---:|---|\n");
            foreach (var t in other)
                sb.Append(CultureInfo.InvariantCulture, $"| {t.Workload} | {t.Engine} | {t.Records:N0} | {t.MedianSeconds:F3} | {t.RecordsPerSecond / 1e6:F2} | {t.Note} |\n");
            sb.Append('\n');
        }

        if (r.Latency.Count > 0)
        {
            sb.Append("### End-to-end latency (line written to the socket → its count visible in foreachBatch)\n\n");
            sb.Append("| Input rate (rec/s) | Achieved | Flagged samples | Batches | p50 ms | p99 ms | p99.9 ms | max ms | Note |\n|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
            foreach (var l in r.Latency)
                sb.Append(CultureInfo.InvariantCulture, $"| {l.TargetRate:N0} | {l.AchievedRate:N0} | {l.Samples:N0} | {l.Batches:N0} | {l.P50Ms:F2} | {l.P99Ms:F2} | {l.P999Ms:F2} | {l.MaxMs:F2} | {l.Note} |\n");
            sb.Append('\n');
        }

        if (r.Figures.Count > 0)
        {
            sb.Append("### Per-batch overhead, state, start-up\n\n| Workload | Variant | Value | Unit | Note |\n|---|---|---:|---|---|\n");
            foreach (var f in r.Figures)
                sb.Append(CultureInfo.InvariantCulture, $"| {f.Workload} | {f.Variant} | {Format(f.Value)} | {f.Unit} | {f.Note} |\n");
            sb.Append('\n');
        }

        if (r.Targets.Count > 0)
        {
            sb.Append("### Targets\n\n| Target | Measured | Met |\n|---|---|---|\n");
            foreach (var t in r.Targets)
                sb.Append(CultureInfo.InvariantCulture, $"| {t.Target} | {t.Measured} | {(t.Met == null ? "n/a" : t.Met.Value ? "met" : "NOT met")} |\n");
            sb.Append('\n');
        }

        if (r.Notes.Count > 0)
        {
            sb.Append("Notes:\n\n");
            foreach (var n in r.Notes) sb.Append("- ").Append(n).Append('\n');
        }
        return sb.ToString();
    }

    private static string Format(double v) => Math.Abs(v) >= 100 ? v.ToString("N0", CultureInfo.InvariantCulture) : v.ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>The reference Spate engine name (single-core lecture query).</summary>
    public static string Reference => SpateReference;
}
