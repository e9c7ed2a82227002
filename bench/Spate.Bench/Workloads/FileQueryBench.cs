using Spate.Bench.Data;
using Spate.Bench.Peers;
using Spate.Bench.Report;

namespace Spate.Bench.Workloads;

/// <summary>Workload 1: the fraud query over NDJSON files, bytes to final aggregate, Spate against its peers.</summary>
internal static class FileQueryBench
{
    public static void Run(BenchOptions o, IReadOnlyList<Dataset> datasets, BenchResults results)
    {
        var streamUnavailable = SpateEngine.FileStreamUnavailableReason(datasets[0].Directory);
        if (streamUnavailable != null)
            results.Notes.Add($"Spate streaming file source (readStream text + AvailableNow) not measured: not available on this build ({streamUnavailable}).");
        int cores = Environment.ProcessorCount;
        Measure.WarmupSeconds = o.Quick ? 0.5 : 1.5;
        var engines = new List<Func<IFraudEngine>>
        {
            () => new SpateEngine(SpateRead.TextFromJson, 1, o.OutDir),
            () => new SpateEngine(SpateRead.JsonReader, 1, o.OutDir),
        };
        if (streamUnavailable == null) engines.Add(() => new SpateEngine(SpateRead.FileStreamAvailableNow, 1, o.OutDir));
        if (cores > 1) engines.Add(() => new SpateEngine(SpateRead.TextFromJson, cores, o.OutDir));
        engines.Add(() => new DuckDbEngine(1));
        if (cores > 1) engines.Add(() => new DuckDbEngine(cores));
        engines.Add(() => new Utf8ReaderEngine());
        engines.Add(() => new DeserializeEngine());
        engines.Add(() => new RxEngine());

        // Spate's code is compiled on first use and re-compiled optimised a little later: give the JIT two seconds of
        // the lecture query before any engine is timed, so the first Spate engine measured doesn't pay for it alone.
        if (o.Engines == null || o.Engines.Any(e => e.Contains("Spate", StringComparison.OrdinalIgnoreCase)))
        {
            using var jit = new SpateEngine(SpateRead.TextFromJson, 1, o.OutDir);
            var sw = System.Diagnostics.Stopwatch.StartNew();
            while (sw.Elapsed.TotalSeconds < 2) jit.Run(datasets[0]);
        }
        foreach (var data in datasets.Where(d => o.DatasetFilter == null || d.Name.Contains(o.DatasetFilter, StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var make in engines)
            {
                using var engine = make();
                if (o.Engines != null && !o.Engines.Any(e => engine.Name.Contains(e, StringComparison.OrdinalIgnoreCase))) continue;
                if (engine is RxEngine && data.Users > 100_000 && !o.Full)
                {
                    // One subject per group: a million groups take minutes, not a quick run.
                    results.Notes.Add($"Rx.NET skipped on {data.Name} in quick mode (one IGroupedObservable per key).");
                    continue;
                }
                Measure.Settle();
                Console.Error.Write($"  {data.Name,-22} {engine.Name,-40}");
                try
                {
                    var (secs, cpu, answer, coldSeconds) = Measure.Repeat(o.Runs, () => engine.Run(data), Measure.Settle);
                    bool ok = answer == data.Expected;
                    var t = new Throughput("fraud-file", data.Name, engine.Name, engine.Threads, data.Records, data.Bytes, secs, Measure.Median(secs), ok,
                        ok ? null : $"wrong answer {answer}, expected {data.Expected}", cpu, coldSeconds);
                    results.Throughput.Add(t);
                    Console.Error.WriteLine($" {t.MedianSeconds,8:F3} s  {t.RecordsPerSecondPerCore / 1e6,7:F2} M rec/s/core {t.RecordsPerCpuSecond / 1e6,6:F2} M rec/CPU-s{(ok ? "" : "  WRONG " + answer)}");
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine($" failed: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
                    results.Notes.Add($"{engine.Name} on {data.Name} failed: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
                }
            }
        }
    }
}
