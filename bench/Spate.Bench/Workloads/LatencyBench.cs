using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Spate.Bench.Data;
using Spate.Bench.Report;
using Spate.Columnar;
using Spate.Sql.Streaming;

namespace Spate.Bench.Workloads;

/// <summary>
/// Workload 4: end-to-end latency at a fixed input rate. An in-process server writes lecture records to the socket
/// every millisecond (rate × 1 ms records per write) and notes, per write, the time and the running number of flagged
/// records. The query (socket → fraud query, update mode, default trigger) hands each batch to foreachBatch, which
/// keeps the latest count per user; their sum is the number of flagged records processed. A write's flagged records
/// are visible once that sum reaches the write's running total: latency = that moment − the write's time.
/// With 25 users every user passes count &gt; 1 within the first few dozen flagged records, so the sum is exact after that.
/// </summary>
internal static class LatencyBench
{
    public static void Run(BenchOptions o, BenchResults results)
    {
        var rates = o.Quick ? new[] { 10_000, 100_000, 1_000_000 } : new[] { 10_000, 100_000, 500_000, 1_000_000 };
        double seconds = o.Quick ? 2 : 10;
        foreach (var rate in rates)
        {
            var l = RunAt(rate, seconds, o.Seed);
            results.Latency.Add(l);
            Console.Error.WriteLine($"  {rate,10:N0} rec/s  achieved {l.AchievedRate,10:N0}  p50 {l.P50Ms,8:F2}  p99 {l.P99Ms,8:F2}  p99.9 {l.P999Ms,8:F2} ms {l.Note}");
        }
    }

    private static Latency RunAt(int rate, double seconds, long seed)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var spark = Lecture.Session("local[1]", 1);
        // Debug only: keeping every progress event adds to the GC work being measured.
        bool debug = Environment.GetEnvironmentVariable("SPATE_BENCH_DEBUG") == "1";
        var recorder = new ProgressRecorder();
        if (debug) spark.Streams().AddListener(recorder);
        using var pauses = debug ? new GcPauseListener() : null;
        int maxTicks = (int)(seconds * 1000) + 1000;
        var tickTime = new long[maxTicks];
        var tickFlagged = new long[maxTicks];
        int ticks = 0; // published with Volatile
        var samples = new List<(double, long)>();
        long warmupUntil = 0;
        int nextTick = 0;
        long batches = 0;
        var counts = new Dictionary<string, long>();
        long sent = 0;

        var acceptTask = listener.AcceptTcpClientAsync();
        var raw = spark.ReadStream().Format("socket").Option("host", "127.0.0.1").Option("port", port).Load();
        var query = Lecture.FromLines(raw).WriteStream().OutputMode("update").ForeachBatch((df, _) =>
        {
            foreach (var b in df.Execute().Collect())
            {
                var ids = (StringVector)b.Columns[0];
                var n = (PrimitiveVector<long>)b.Columns[2];
                for (int i = 0; i < b.RowCount; i++) counts[ids.GetString(i)] = n.Values[i];
            }
            long visible = 0;
            foreach (var c in counts.Values) visible += c;
            long now = Stopwatch.GetTimestamp();
            int published = Volatile.Read(ref ticks);
            while (nextTick < published && tickFlagged[nextTick] <= visible)
            {
                long flaggedInTick = tickFlagged[nextTick] - (nextTick == 0 ? 0 : tickFlagged[nextTick - 1]);
                if (flaggedInTick > 0 && tickTime[nextTick] >= warmupUntil)
                    samples.Add((Stopwatch.GetElapsedTime(tickTime[nextTick], now).TotalMilliseconds, flaggedInTick));
                nextTick++;
            }
            batches++;
        }).Start();

        using var client = acceptTask.GetAwaiter().GetResult();
        client.NoDelay = true;
        var stream = client.GetStream();
        var gen = new LectureRecords(seed, 25, 0.2);
        var buffer = new byte[Math.Max(1, rate / 1000 + 2) * LectureRecords.MaxRecordBytes];
        long flagged = 0;
        var gcPause0 = GC.GetTotalPauseDuration();
        long allocated0 = GC.GetTotalAllocatedBytes();
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        var start = Stopwatch.GetTimestamp();
        warmupUntil = start + (long)(0.5 * Stopwatch.Frequency);
        long end = start + (long)(seconds * Stopwatch.Frequency);
        long lastTick = -1;
        while (ticks < maxTicks)
        {
            long now = Stopwatch.GetTimestamp();
            if (now >= end) break;
            // One write per millisecond tick: rate / 1000 records each.
            long tick = (long)Stopwatch.GetElapsedTime(start, now).TotalMilliseconds;
            if (tick == lastTick) { Thread.Sleep(1); continue; }
            lastTick = tick;
            long due = (long)((tick + 1) / 1000.0 * rate) - sent;
            if (due <= 0) continue;
            if (due > buffer.Length / LectureRecords.MaxRecordBytes) buffer = new byte[due * LectureRecords.MaxRecordBytes];
            int used = 0;
            for (int i = 0; i < due; i++)
            {
                used += gen.Write(buffer.AsSpan(used));
                if (gen.LastFlagged) flagged++;
            }
            // Publish the tick before writing, so the batch that makes it visible always finds it.
            tickTime[ticks] = Stopwatch.GetTimestamp();
            tickFlagged[ticks] = flagged;
            Volatile.Write(ref ticks, ticks + 1);
            stream.Write(buffer, 0, used);
            sent += due;
        }
        double achieved = sent / Stopwatch.GetElapsedTime(start).TotalSeconds;
        // Let the query drain what was sent, for a while.
        var drain = Stopwatch.StartNew();
        string? note = null;
        while (Volatile.Read(ref nextTick) < ticks && drain.Elapsed.TotalSeconds < 5) Thread.Sleep(10);
        if (nextTick < ticks) note = $"backlog: {ticks - nextTick} of {ticks} writes not visible 5 s after the end (query can't keep up)";
        if (query.Exception() is { } failure) note = (note == null ? "" : note + "; ") + "query failed: " + failure.Message.Split('\n')[0];
        if (debug)
        {
            Console.Error.WriteLine($"    debug: allocation ticks by type: {pauses!.TopAllocations(12)}");
            Console.Error.WriteLine($"    debug: GC pauses {pauses!.Describe()}; {(GC.GetTotalAllocatedBytes() - allocated0) / (double)Math.Max(1, sent):F0} B allocated per record");
            Console.Error.WriteLine($"    debug: ticks {ticks} nextTick {nextTick} batches {batches} samples {samples.Count} flagged {flagged} visible {counts.Values.Sum()}");
            Console.Error.WriteLine($"    debug: GC gen0 {GC.CollectionCount(0) - gen0} gen1 {GC.CollectionCount(1) - gen1} gen2 {GC.CollectionCount(2) - gen2}, pause {(GC.GetTotalPauseDuration() - gcPause0).TotalMilliseconds:F1} ms");
            long maxGap = 0;
            for (int i = 1; i < ticks; i++) maxGap = Math.Max(maxGap, tickTime[i] - tickTime[i - 1]);
            Console.Error.WriteLine($"    debug: largest gap between writes {maxGap * 1000.0 / Stopwatch.Frequency:F1} ms");
            foreach (var p in recorder.All.OrderByDescending(p => p.BatchDuration).Take(5))
                Console.Error.WriteLine($"    debug: slow batch {p.BatchId} at {p.Timestamp:HH:mm:ss.fff}: {p.NumInputRows} rows, {p.BatchDuration} ms ({string.Join(", ", p.DurationMs.Select(kv => $"{kv.Key} {kv.Value}"))})");
            var rows = recorder.All.Select(p => p.NumInputRows).OrderBy(x => x).ToList();
            if (rows.Count > 0) Console.Error.WriteLine($"    debug: rows per batch p50 {rows[rows.Count / 2]} p99 {rows[rows.Count * 99 / 100]} max {rows[^1]}");
        }
        query.Stop();
        spark.Stop();
        List<(double Value, long Weight)> s;
        lock (samples) s = samples.ToList();
        long total = s.Sum(x => x.Weight);
        return new Latency("latency", rate, achieved, total, Measure.Percentile(s, 0.5), Measure.Percentile(s, 0.99), Measure.Percentile(s, 0.999),
            s.Count == 0 ? double.NaN : s.Max(x => x.Value), batches, note);
    }
}
