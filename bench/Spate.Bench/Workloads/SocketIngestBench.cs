using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Spate.Bench.Report;
using Spate.Sql.Streaming;

namespace Spate.Bench.Workloads;

/// <summary>
/// Workload 2: ingest throughput of the socket source fed by <c>spate produce --rate max</c> in another process,
/// with the fraud query (stateful, update mode) and with the bare source (value column only), to a noop sink.
/// A plain counting socket reader fed by the same producer is the peer: it shows how fast the producer can emit.
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
        long count = o.Records ?? (o.Quick ? 2_000_000 : 10_000_000);
        foreach (var mode in new[] { Mode.Reader, Mode.Bare, Mode.Fraud })
        {
            string variant = mode switch
            {
                Mode.Reader => "producer → counting socket reader (peer)",
                Mode.Bare => "socket → noop (value only), local[1]",
                _ => "socket → fraud query → noop, local[1]",
            };
            var secs = new List<double>();
            var cpus = new List<double>();
            var batches = new List<double>();
            string? note = null;
            for (int run = 0; run <= o.Runs; run++)
            {
                try
                {
                    var (s, cpu, rowsPerBatch) = RunOnce(cli, count, o.Seed + run, mode, o.Quick ? 60 : 300);
                    if (run == 0) continue; // the first run warms up the JIT
                    secs.Add(s);
                    cpus.Add(cpu);
                    batches.Add(rowsPerBatch);
                }
                catch (Exception e) when (e is TimeoutException or InvalidOperationException or StreamingQueryException)
                {
                    note = e.Message.Split('\n')[0];
                    break;
                }
            }
            if (secs.Count == 0)
            {
                Console.Error.WriteLine($"  {variant,-45} {note}");
                results.Notes.Add($"Socket ingest {variant} failed: {note}");
                continue;
            }
            string detail = $"{count / Measure.Median(cpus) / 1e6:F2} M rec per CPU-s of this process"
                + (mode == Mode.Reader ? "" : $", median {Measure.Median(batches):N0} rows per batch");
            Console.Error.WriteLine($"  {variant,-45} {count / Measure.Median(secs) / 1e6:F2} M rec/s ({detail})");
            results.Throughput.Add(new Throughput("socket-ingest", "socket, 25 users, 10% flagged", variant, 1, count, 0, secs.ToArray(), Measure.Median(secs), true,
                $"producer is another process on the same 2 cores; {detail}", cpus.ToArray()));
        }
    }

    private enum Mode { Reader, Bare, Fraud }

    /// <summary>
    /// Seconds from the first batch's start to the end of the batch that holds the last record (for the reader: from
    /// its first byte to end of stream), CPU seconds of this process meanwhile, and the median rows per non-empty batch.
    /// </summary>
    private static (double Seconds, double CpuSeconds, double RowsPerBatch) RunOnce(string cli, long count, long seed, Mode mode, int timeoutSeconds)
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
            if (mode == Mode.Reader) return CountLines(port, count);
            var spark = Lecture.Session("local[1]", 1);
            var recorder = new ProgressRecorder();
            spark.Streams().AddListener(recorder);
            var raw = spark.ReadStream().Format("socket").Option("host", "127.0.0.1").Option("port", port).Load();
            var writer = mode == Mode.Fraud ? Lecture.FromLines(raw).WriteStream().OutputMode("update") : raw.WriteStream();
            double cpu0 = Measure.CpuNow();
            var query = writer.Format("noop").Start();
            var deadline = Stopwatch.StartNew();
            while (recorder.Rows < count)
            {
                if (query.Exception() is { } e) throw e;
                if (deadline.Elapsed.TotalSeconds > timeoutSeconds)
                    throw new TimeoutException($"only {recorder.Rows:N0} of {count:N0} rows after {timeoutSeconds} s");
                Thread.Sleep(5);
            }
            double cpu = Measure.CpuNow() - cpu0;
            query.Stop();
            spark.Stop();
            var batches = recorder.All.Where(p => p.NumInputRows > 0).ToList();
            var start = batches.First().Timestamp;
            var last = batches.Last();
            var end = last.Timestamp.AddMilliseconds(last.BatchDuration);
            if (Environment.GetEnvironmentVariable("SPATE_BENCH_DEBUG") == "1")
                Console.Error.WriteLine($"    debug: {batches.Count} batches; rows {string.Join(",", batches.Take(30).Select(p => p.NumInputRows))}; ms {string.Join(",", batches.Take(30).Select(p => p.BatchDuration))}");
            var rows = batches.Select(p => (double)p.NumInputRows).ToList();
            return (Math.Max(1e-3, (end - start).TotalSeconds), cpu, Measure.Median(rows));
        }
        finally
        {
            if (!producer.HasExited) producer.Kill(entireProcessTree: true);
            producer.WaitForExit();
        }
    }

    /// <summary>Reads the producer's stream to its end, counting lines: what a consumer with no work per line achieves.</summary>
    private static (double, double, double) CountLines(int port, long count)
    {
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, port);
        var stream = client.GetStream();
        var buffer = new byte[1 << 20];
        long lines = 0;
        double cpu0 = Measure.CpuNow();
        long start = 0;
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (start == 0) start = Stopwatch.GetTimestamp();
            lines += buffer.AsSpan(0, n).Count((byte)'\n');
        }
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        if (lines != count) throw new InvalidOperationException($"the reader counted {lines:N0} lines, expected {count:N0}");
        return (Math.Max(1e-3, seconds), Measure.CpuNow() - cpu0, double.NaN);
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
