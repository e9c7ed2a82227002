using System.Diagnostics;
using System.Text.RegularExpressions;
using Spate.Bench.Report;
using Spate.Sql.Streaming;

namespace Spate.Bench.Workloads;

/// <summary>
/// Workload 2: ingest throughput of the socket source fed by <c>spate produce --rate max</c> in another process,
/// with the fraud query (stateful, update mode) and with the bare source (value column only), to a noop sink.
/// </summary>
internal static partial class SocketIngestBench
{
    public static void Run(BenchOptions o, BenchResults results)
    {
        var cli = Path.Combine(o.RepoRoot, "src", "Spate.Cli", "bin", "Release", "net10.0", "Spate.Cli.dll");
        if (!File.Exists(cli))
        {
            results.Notes.Add($"Socket ingest not measured: {cli} is missing (build it: dotnet build -c Release src/Spate.Cli; bench.sh does).");
            return;
        }
        long count = o.Quick ? 300_000 : 5_000_000;
        foreach (var fraud in new[] { false, true })
        {
            string variant = fraud ? "socket → fraud query → noop, local[1]" : "socket → noop (value only), local[1]";
            var secs = new List<double>();
            string? note = null;
            for (int run = 0; run <= o.Runs; run++)
            {
                try
                {
                    double s = RunOnce(cli, count, o.Seed + run, fraud, o.Quick ? 60 : 300);
                    if (run > 0) secs.Add(s); // the first run warms up the JIT
                }
                catch (Exception e) when (e is TimeoutException or InvalidOperationException or StreamingQueryException)
                {
                    note = e.Message.Split('\n')[0];
                    break;
                }
            }
            Console.Error.WriteLine($"  {variant,-45} {(secs.Count > 0 ? $"{count / Measure.Median(secs) / 1e6:F2} M rec/s" : note)}");
            if (secs.Count == 0) { results.Notes.Add($"Socket ingest {variant} failed: {note}"); continue; }
            results.Throughput.Add(new Throughput("socket-ingest", "socket, 25 users, 10% flagged", variant, 1, count, 0, secs.ToArray(), Measure.Median(secs), true,
                "producer is another process on the same 2 cores"));
        }
    }

    /// <summary>Seconds from the first batch's start to the end of the batch that holds the last record.</summary>
    private static double RunOnce(string cli, long count, long seed, bool fraud, int timeoutSeconds)
    {
        var psi = new ProcessStartInfo("dotnet", $"\"{cli}\" produce --rate max --count {count} --port 0 --seed {seed} --fraud-ratio 0.1")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var producer = Process.Start(psi)!;
        try
        {
            int port = WaitForPort(producer, TimeSpan.FromSeconds(20));
            var spark = Lecture.Session("local[1]", 1);
            var recorder = new ProgressRecorder();
            spark.Streams().AddListener(recorder);
            var raw = spark.ReadStream().Format("socket").Option("host", "127.0.0.1").Option("port", port).Load();
            var writer = fraud ? Lecture.FromLines(raw).WriteStream().OutputMode("update") : raw.WriteStream();
            var query = writer.Format("noop").Start();
            var deadline = Stopwatch.StartNew();
            while (recorder.Rows < count)
            {
                if (query.Exception() is { } e) throw e;
                if (deadline.Elapsed.TotalSeconds > timeoutSeconds)
                    throw new TimeoutException($"only {recorder.Rows:N0} of {count:N0} rows after {timeoutSeconds} s");
                Thread.Sleep(5);
            }
            query.Stop();
            spark.Stop();
            var batches = recorder.All.Where(p => p.NumInputRows > 0).ToList();
            var start = batches.First().Timestamp;
            var last = batches.Last();
            var end = last.Timestamp.AddMilliseconds(last.BatchDuration);
            return Math.Max(1e-3, (end - start).TotalSeconds);
        }
        finally
        {
            if (!producer.HasExited) producer.Kill(entireProcessTree: true);
            producer.WaitForExit();
        }
    }

    private static int WaitForPort(Process producer, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        Match m;
        while (true)
        {
            var line = producer.StandardOutput.ReadLineAsync();
            if (!line.Wait(timeout - sw.Elapsed) || line.Result == null)
                throw new InvalidOperationException("the producer did not start: " + producer.StandardError.ReadToEnd());
            m = PortPattern().Match(line.Result);
            if (m.Success) break;
        }
        // Keep draining its output so it never blocks on a full pipe.
        _ = producer.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        _ = producer.StandardError.BaseStream.CopyToAsync(Stream.Null);
        return int.Parse(m.Groups[1].Value);
    }

    [GeneratedRegex(@"Now listening on port: (\d+)")]
    private static partial Regex PortPattern();
}
