using System.Diagnostics;

namespace Spate.Bench;

/// <summary>Timing helpers: warm-up, then the median of several runs.</summary>
internal static class Measure
{
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    /// <summary>Weighted percentile (p in 0..1) of (value, weight) samples.</summary>
    public static double Percentile(List<(double Value, long Weight)> samples, double p)
    {
        if (samples.Count == 0) return double.NaN;
        samples.Sort((a, b) => a.Value.CompareTo(b.Value));
        long total = samples.Sum(s => s.Weight);
        double rank = p * total;
        long seen = 0;
        foreach (var (v, w) in samples)
        {
            seen += w;
            if (seen >= rank) return v;
        }
        return samples[^1].Value;
    }

    /// <summary>Warm-up: at least this many runs and this long, so the JIT has finished tiering up the hot code.</summary>
    public const int WarmupRuns = 3;

    /// <summary>At least this long warming up: 0.5 s in quick mode (enough for the JIT on 1M-record runs), 1.5 s in full.</summary>
    public static double WarmupSeconds { get; set; } = 1.5;

    /// <summary>Runs <paramref name="action"/> to warm up (<see cref="WarmupRuns"/> times and at least
    /// <see cref="WarmupSeconds"/>, at most 20 times), then <paramref name="runs"/> timed times; the first warm-up run's
    /// time is returned as the cold figure.</summary>
    /// <remarks>CPU seconds (the process's user + system time) are counted too: on a shared machine they vary far
    /// less than wall time, and records per CPU-second is what "per core" means. .NET compiles hot methods again,
    /// optimised with profile data, after they have run a while (tiered compilation): the first runs of a process are
    /// slower than a long-running query, which is what the timed runs measure.</remarks>
    public static (double[] Seconds, double[] CpuSeconds, T Last, double ColdSeconds) Repeat<T>(int runs, Func<T> action, Action? between = null)
    {
        var warm = Stopwatch.StartNew();
        var cold = Stopwatch.StartNew();
        T last = action();
        double coldSeconds = cold.Elapsed.TotalSeconds;
        for (int w = 1; w < 20 && (w < WarmupRuns || warm.Elapsed.TotalSeconds < WarmupSeconds); w++)
        {
            between?.Invoke();
            last = action();
        }
        var secs = new double[runs];
        var cpu = new double[runs];
        using var self = Process.GetCurrentProcess();
        for (int i = 0; i < runs; i++)
        {
            between?.Invoke();
            self.Refresh();
            var c0 = self.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            last = action();
            secs[i] = sw.Elapsed.TotalSeconds;
            self.Refresh();
            cpu[i] = (self.TotalProcessorTime - c0).TotalSeconds;
        }
        return (secs, cpu, last, coldSeconds);
    }

    /// <summary>The process's CPU time so far (user + system), in seconds.</summary>
    public static double CpuNow()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>A full blocking GC, so one engine's garbage isn't collected on another's clock.</summary>
    public static void Settle()
    {
        GC.Collect(2, GCCollectionMode.Forced, true, true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, true, true);
    }
}
