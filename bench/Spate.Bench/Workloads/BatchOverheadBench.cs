using System.Diagnostics;
using Spate.Bench.Report;
using Spate.Sql;
using Spate.Sql.Streaming;

namespace Spate.Bench.Workloads;

/// <summary>
/// Workload 3: the fixed cost of one micro-batch. A MemoryStream gets one row, then ProcessAllAvailable waits for
/// the batch to commit; repeated many times. Reported: the median wall time per cycle, and the median of the
/// batches' own <c>durationMs.triggerExecution</c> (whole milliseconds, so coarse). Spate never runs an empty batch
/// (nor does Spark without a watermark), so "no data" batches have no cost to measure.
/// </summary>
internal static class BatchOverheadBench
{
    private const string Line = "{\"name\": \"Alice\", \"surname\": \"Johnson\", \"amount\": 975.38, \"delta_t\": 0.12, \"flag\": 1}";

    public static void Run(BenchOptions o, BenchResults results)
    {
        int batches = o.Quick ? 100 : 1000;
        var cases = new (string Variant, bool Stateful, bool Durable)[]
        {
            ("stateless, temporary checkpoint", false, false),
            ("stateless, durable checkpoint", false, true),
            ("stateful fraud, temporary checkpoint", true, false),
            ("stateful fraud, durable checkpoint", true, true),
        };
        // A first pass over every case warms the JIT (tiered compilation) so case order doesn't matter.
        foreach (var c in cases) Measure1(o, results, c.Variant, c.Stateful, c.Durable, 20, record: false);
        foreach (var (variant, stateful, durable) in cases) Measure1(o, results, variant, stateful, durable, batches, record: true);
    }

    private static void Measure1(BenchOptions o, BenchResults results, string variant, bool stateful, bool durable, int batches, bool record)
    {
        {
            var spark = Lecture.Session("local[1]", 1);
            var recorder = new ProgressRecorder();
            spark.Streams().AddListener(recorder);
            var input = new MemoryStream<string>(spark);
            var df = input.ToDF();
            var writer = stateful ? Lecture.FromLines(df).WriteStream().OutputMode("update") : df.WriteStream();
            string? checkpoint = durable ? Path.Combine(o.OutDir, "checkpoints", "overhead-" + Guid.NewGuid().ToString("N")) : null;
            if (checkpoint != null) writer = writer.Option("checkpointLocation", checkpoint);
            var query = writer.Format("noop").Start();
            var wall = new List<double>();
            int warmup = Math.Max(10, batches / 10);
            for (int i = 0; i < warmup + batches; i++)
            {
                var sw = Stopwatch.StartNew();
                input.AddData(Line);
                query.ProcessAllAvailable();
                if (i >= warmup) wall.Add(sw.Elapsed.TotalMilliseconds);
            }
            query.Stop();
            spark.Stop();
            var trigger = recorder.All.Skip(warmup).Select(p => (double)p.DurationMs["triggerExecution"]).ToList();
            var phases = recorder.All.Skip(warmup).SelectMany(p => p.DurationMs).GroupBy(kv => kv.Key)
                .Select(g => $"{g.Key} {g.Average(kv => kv.Value):F2}").ToList();
            double medianWall = Measure.Median(wall);
            if (checkpoint != null) try { Directory.Delete(checkpoint, true); } catch (IOException) { }
            if (!record) return;
            results.Figures.Add(new Figure("batch-overhead", variant + " (wall per batch)", medianWall, "ms",
                $"median of {batches} one-row batches; p90 {Percentile(wall, 0.9):F2} ms; mean phase ms: {string.Join(", ", phases)}"));
            results.Figures.Add(new Figure("batch-overhead", variant + " (triggerExecution)", Measure.Median(trigger), "ms", "from query progress, whole ms"));
            Console.Error.WriteLine($"  {variant,-40} wall {medianWall:F2} ms, triggerExecution {Measure.Median(trigger):F0} ms");
        }
    }

    private static double Percentile(List<double> values, double p) =>
        Measure.Percentile(values.Select(v => (v, 1L)).ToList(), p);
}
