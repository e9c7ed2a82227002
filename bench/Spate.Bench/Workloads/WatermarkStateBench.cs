using System.Diagnostics;
using Spate.Bench.Report;
using Spate.Sql.Streaming;
using static Spate.Sql.Functions;

namespace Spate.Bench.Workloads;

/// <summary>
/// State stays bounded under a watermark: a windowed count over many keys whose event time advances one minute per
/// batch (hours of event time in all). Without eviction the state would hold every key ever seen; with a 10-minute
/// watermark it holds about 11 one-minute windows' worth. Reports keys seen, the largest state and the final state.
/// </summary>
internal static class WatermarkStateBench
{
    public static void Run(BenchOptions o, BenchResults results)
    {
        int batches = o.Quick ? 60 : 200;
        int keysPerBatch = o.Quick ? 20_000 : 50_000;
        var spark = Lecture.Session("local[*]", 4);
        spark.Conf().Set("spark.sql.streaming.numRecentProgressUpdates", "100000");
        var df = spark.ReadStream().Format("rate-micro-batch")
            .Option("rowsPerBatch", keysPerBatch).Option("startTimestamp", 0).Option("advanceMillisPerBatch", 60_000).Load()
            .WithWatermark("timestamp", "10 minutes")
            .GroupBy(Window(Col("timestamp"), "1 minute"), Col("value").Alias("k"))
            .Count();
        var sw = Stopwatch.StartNew();
        var query = df.WriteStream().OutputMode("append").Format("noop").Start();
        while ((query.LastProgress?.BatchId ?? -1) < batches && query.IsActive() && sw.Elapsed < TimeSpan.FromMinutes(o.Quick ? 2 : 20))
            Thread.Sleep(50);
        query.Stop();
        var progress = query.RecentProgress;
        long keysSeen = (long)batches * keysPerBatch;
        long maxRows = progress.Max(p => p.StateOperators.Sum(s => s.NumRowsTotal));
        long finalRows = progress.Last().StateOperators.Sum(s => s.NumRowsTotal);
        long maxBytes = progress.Max(p => p.StateOperators.Sum(s => s.MemoryUsedBytes));
        string note = $"{batches} batches of {keysPerBatch:N0} keys, event time +1 min per batch ({batches} min in all), 10-minute watermark, 1-minute windows";
        results.Figures.Add(new Figure("watermark-state", "distinct keys seen", keysSeen, "keys", note));
        results.Figures.Add(new Figure("watermark-state", "largest state", maxRows, "rows", $"bounded: {(double)maxRows / keysPerBatch:F1} batches' worth of keys"));
        results.Figures.Add(new Figure("watermark-state", "state after the last batch", finalRows, "rows", null));
        results.Figures.Add(new Figure("watermark-state", "largest state memory", maxBytes / 1e6, "MB", null));
        results.Figures.Add(new Figure("watermark-state", "wall time", sw.Elapsed.TotalSeconds, "s", null));
        spark.Stop();
    }
}
