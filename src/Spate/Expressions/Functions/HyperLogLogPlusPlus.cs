using System.Numerics;
using Spate.Sql;

namespace Spate.Expressions;

/// <summary>
/// HyperLogLog++ sketches for <c>approx_count_distinct</c>: 2^p one-byte registers fed with Spark's XXH64 (seed 42) of
/// each value, where p follows from the relative standard deviation as in Spark. Small cardinalities use linear
/// counting below the HLL++ thresholds, which matches Spark exactly; above them the raw estimate is used without the
/// empirical bias tables (linear counting is kept up to 2.5 m), so mid-range estimates may differ slightly from Spark's.
/// </summary>
internal static class HyperLogLogPlusPlus
{
    private static readonly double[] Thresholds = { 10, 20, 40, 80, 220, 400, 900, 1800, 3100, 6500, 11500, 20000, 50000, 120000, 350000 };

    public static int Precision(double relativeSd)
    {
        int p = (int)Math.Ceiling(2.0 * Math.Log(1.106 / relativeSd) / Math.Log(2.0));
        if (p < 4) throw new AnalysisException("HLL++ requires at least 4 bits for addressing. Use a lower error, at most 39%.");
        return p;
    }

    public static void Add(byte[] registers, int p, long hash)
    {
        ulong x = (ulong)hash;
        int idx = (int)(x >> (64 - p));
        ulong w = (x << p) | (1UL << (p - 1));
        byte pw = (byte)(BitOperations.LeadingZeroCount(w) + 1);
        if (pw > registers[idx]) registers[idx] = pw;
    }

    public static void Merge(byte[] into, byte[] other)
    {
        for (int i = 0; i < into.Length && i < other.Length; i++) if (other[i] > into[i]) into[i] = other[i];
    }

    public static long Estimate(byte[] registers, int p)
    {
        int m = registers.Length;
        double alpha = p switch { 4 => 0.673, 5 => 0.697, 6 => 0.709, _ => 0.7213 / (1.0 + 1.079 / m) };
        double zInverse = 0;
        int zeros = 0;
        foreach (byte r in registers)
        {
            zInverse += 1.0 / (1L << r);
            if (r == 0) zeros++;
        }
        double e = alpha * m * m / zInverse;
        if (zeros > 0)
        {
            double h = m * Math.Log((double)m / zeros);
            // Spark switches to the bias-corrected estimate above the HLL++ threshold; without the bias tables, linear
            // counting stays the better estimate up to 2.5 m (the original HyperLogLog small-range rule).
            if (h <= Thresholds[Math.Min(p - 4, Thresholds.Length - 1)] || e <= 2.5 * m) return (long)Math.Round(h, MidpointRounding.AwayFromZero);
        }
        return (long)Math.Round(e, MidpointRounding.AwayFromZero);
    }
}
