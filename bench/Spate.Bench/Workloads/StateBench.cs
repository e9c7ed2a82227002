using System.Diagnostics;
using Spate.Bench.Report;
using Spate.Sql.Streaming;
using static Spate.Sql.Functions;

namespace Spate.Bench.Workloads;

/// <summary>
/// Workload 5: memory per key of a streaming count aggregate over string keys like the lecture's ids, the state's
/// files on disk, start-up to first batch (a fresh process), and recovery after kill -9 (a child process).
/// </summary>
internal static class StateBench
{
    public static void Run(BenchOptions o, BenchResults results)
    {
        if (o.Wants("state") || o.Only == null)
        {
            StateSize(o, results, o.Quick ? 1_000_000 : 10_000_000);
            // Recovery takes two child processes and a kill -9: full mode only (or --only state).
            if (o.Full || o.Only != null) Recovery(o, results, o.Quick ? 1_000_000 : 10_000_000);
            else results.Notes.Add("Recovery after kill -9 is measured in full mode (or with --only state).");
        }
        Startup(o, results);
    }

    private static void StateSize(BenchOptions o, BenchResults results, int keys)
    {
        var spark = Lecture.Session("local[1]", 1);
        var recorder = new ProgressRecorder();
        spark.Streams().AddListener(recorder);
        var input = new MemoryStream<string>(spark);
        var checkpoint = Path.Combine(o.OutDir, "checkpoints", "state-" + Guid.NewGuid().ToString("N"));
        var query = input.ToDF().GroupBy("value").Count().WriteStream().OutputMode("update").Format("noop")
            .Option("checkpointLocation", checkpoint).Start();
        int chunk = 200_000;
        long grown = 0;
        var sw = Stopwatch.StartNew();
        for (int from = 0; from < keys; from += chunk)
        {
            int n = Math.Min(chunk, keys - from);
            input.AddData(Enumerable.Range(from, n).Select(i => $"User{i}Surname{i % 100}"));
            long before = GC.GetTotalMemory(true);
            query.ProcessAllAvailable();
            grown += GC.GetTotalMemory(true) - before;
        }
        double seconds = sw.Elapsed.TotalSeconds;
        var last = recorder.All.Last();
        query.Stop();
        long stateBytes = last.StateOperators.Count > 0 ? last.StateOperators[0].MemoryUsedBytes : 0;
        long stateRows = last.StateOperators.Count > 0 ? last.StateOperators[0].NumRowsTotal : 0;
        long disk = Directory.EnumerateFiles(Path.Combine(checkpoint, "state"), "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        spark.Stop();
        double perKey = grown / (double)keys;
        // The store's own accounting is exact (its state is a few large arrays, allocated bytes counted); heap growth
        // between batches also sees the input and each batch's garbage come and go, so it is only a cross-check.
        double reported = stateBytes / (double)keys;
        results.Figures.Add(new Figure("state-size", $"{keys:N0} string keys (User{{i}}Surname{{i%100}}), count aggregate", reported * 1e6 / (1 << 20), "MB per million keys",
            $"state operator's memoryUsedBytes = {reported:F0} B/key (allocated chunks and index) for {stateRows:N0} keys; managed heap growth between batches {perKey:F0} B/key; {seconds:F1} s to load"));
        results.Figures.Add(new Figure("state-size", "checkpoint state files on disk", disk / (double)keys, "bytes per key", "delta files, uncompressed"));
        Console.Error.WriteLine($"  state: {reported:F0} B/key reported ({reported * 1e6 / (1 << 20):F0} MB per million keys), {perKey:F0} B/key heap growth, {disk / (double)keys:F0} B/key on disk");
        try { Directory.Delete(checkpoint, true); } catch (IOException) { }
    }

    /// <summary>A child builds <paramref name="keys"/> keys of state, is killed (-9), and restarts: time to its first batch.</summary>
    private static void Recovery(BenchOptions o, BenchResults results, int keys)
    {
        var checkpoint = Path.Combine(o.OutDir, "checkpoints", "recovery-" + Guid.NewGuid().ToString("N"));
        int perBatch = 100_000;
        try
        {
            using (var first = StartChild($"child-state {checkpoint} {perBatch}"))
            {
                // Wait until the committed state holds at least `keys` keys, then kill -9.
                var line = WaitForLine(first, l => l.StartsWith("BATCH", StringComparison.Ordinal) && long.Parse(l.Split(' ')[2]) >= keys, TimeSpan.FromSeconds(o.Quick ? 60 : 600));
                first.Kill();
                first.WaitForExit();
                if (line == null) { results.Notes.Add("Recovery not measured: the child did not reach the key count in time."); return; }
            }
            var sw = Stopwatch.StartNew();
            using var second = StartChild($"child-state {checkpoint} {perBatch}");
            var again = WaitForLine(second, l => l.StartsWith("BATCH", StringComparison.Ordinal), TimeSpan.FromSeconds(120));
            double secs = sw.Elapsed.TotalSeconds;
            second.Kill();
            second.WaitForExit();
            if (again == null) { results.Notes.Add("Recovery not measured: the restarted child produced no batch."); return; }
            var parts = again.Split(' ');
            bool correct = long.Parse(parts[2]) >= keys;
            results.Figures.Add(new Figure("recovery", $"kill -9 at ≥{keys:N0} keys, restart to first committed batch", secs, "s",
                $"new process, state reloaded from delta files; first batch {parts[1]} holds {long.Parse(parts[2]):N0} keys{(correct ? "" : " (LOST STATE)")}"));
            Console.Error.WriteLine($"  recovery: {secs:F2} s to first batch after kill -9 ({long.Parse(parts[2]):N0} keys)");
        }
        finally
        {
            try { Directory.Delete(checkpoint, true); } catch (IOException) { }
        }
    }

    private static void Startup(BenchOptions o, BenchResults results)
    {
        var times = new List<double>();
        var inner = new List<double>();
        for (int i = 0; i < Math.Max(3, o.Runs); i++)
        {
            var sw = Stopwatch.StartNew();
            using var child = StartChild("child-startup");
            var line = WaitForLine(child, l => l.StartsWith("FIRST_BATCH", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            times.Add(sw.Elapsed.TotalSeconds);
            child.WaitForExit();
            if (line != null) inner.Add(double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        results.Figures.Add(new Figure("startup", "new process → first batch of the fraud query committed", Measure.Median(times), "s",
            $"median of {times.Count} fresh processes (`dotnet Spate.Bench.dll`); inside the process, Main → first batch: {Measure.Median(inner):F3} s"));
        Console.Error.WriteLine($"  start-up: {Measure.Median(times):F3} s process → first batch ({Measure.Median(inner):F3} s from Main)");
    }

    private static Process StartChild(string arguments)
    {
        var dll = typeof(StateBench).Assembly.Location;
        var psi = new ProcessStartInfo("dotnet", $"\"{dll}\" {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var p = Process.Start(psi)!;
        p.ErrorDataReceived += (_, _) => { };
        p.BeginErrorReadLine();
        return p;
    }

    private static string? WaitForLine(Process p, Func<string, bool> match, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            var t = p.StandardOutput.ReadLineAsync();
            if (!t.Wait(timeout - sw.Elapsed) || t.Result == null) return null;
            if (match(t.Result)) return t.Result;
        }
        return null;
    }
}

/// <summary>The helper processes the parent starts (<c>child-state</c>, <c>child-startup</c>).</summary>
internal static class ChildProcesses
{
    public static int Run(string[] args)
    {
        var main = Stopwatch.StartNew();
        switch (args[0])
        {
            case "child-startup":
            {
                var spark = Lecture.Session("local[1]", 1);
                var input = new MemoryStream<string>(spark);
                input.AddData("{\"name\": \"Alice\", \"surname\": \"Johnson\", \"amount\": 975.38, \"delta_t\": 0.12, \"flag\": 1}");
                var query = Lecture.FromLines(input.ToDF()).WriteStream().OutputMode("update").Format("noop").Start();
                query.ProcessAllAvailable();
                Console.WriteLine($"FIRST_BATCH {main.Elapsed.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
                query.Stop();
                spark.Stop();
                return 0;
            }
            case "child-state":
            {
                // rate-micro-batch is replayable across processes: the restarted child re-reads the same rows.
                string checkpoint = args[1];
                long perBatch = long.Parse(args[2]);
                var spark = Lecture.Session("local[1]", 1);
                var recorder = new ProgressRecorder();
                recorder.Received += p =>
                {
                    long total = p.StateOperators.Count > 0 ? p.StateOperators[0].NumRowsTotal : 0;
                    Console.WriteLine($"BATCH {p.BatchId} {total}");
                    Console.Out.Flush();
                };
                spark.Streams().AddListener(recorder);
                var query = spark.ReadStream().Format("rate-micro-batch").Option("rowsPerBatch", perBatch).Load()
                    .Select(Concat(Lit("User"), Col("value").Cast("string")).Alias("id"))
                    .GroupBy("id").Count()
                    .WriteStream().OutputMode("update").Format("noop").Option("checkpointLocation", checkpoint).Start();
                query.AwaitTermination();
                return 0;
            }
            default:
                Console.Error.WriteLine($"unknown child {args[0]}");
                return 2;
        }
    }
}
