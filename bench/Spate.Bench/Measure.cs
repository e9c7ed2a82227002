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

    /// <summary>Runs <paramref name="action"/> once to warm up, then <paramref name="runs"/> timed times.</summary>
    /// <remarks>CPU seconds (the process's user + system time) are counted too: on a shared machine they vary far
    /// less than wall time, and records per CPU-second is what "per core" means.</remarks>
    public static (double[] Seconds, double[] CpuSeconds, T Last) Repeat<T>(int runs, Func<T> action, Action? between = null)
    {
        T last = action();
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
        return (secs, cpu, last);
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
