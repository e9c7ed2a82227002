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
    public static (double[] Seconds, T Last) Repeat<T>(int runs, Func<T> action, Action? between = null)
    {
        T last = action();
        var secs = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            between?.Invoke();
            var sw = Stopwatch.StartNew();
            last = action();
            secs[i] = sw.Elapsed.TotalSeconds;
        }
        return (secs, last);
    }

    /// <summary>A full blocking GC, so one engine's garbage isn't collected on another's clock.</summary>
    public static void Settle()
    {
        GC.Collect(2, GCCollectionMode.Forced, true, true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, true, true);
    }
}
