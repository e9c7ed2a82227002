using Spate.Bench;

namespace Spate.Bench.Report;

/// <summary>One engine on one dataset: median seconds of several runs, and what that means per core.</summary>
internal sealed record Throughput(string Workload, string Dataset, string Engine, int Threads, long Records, long Bytes,
    double[] RunSeconds, double MedianSeconds, bool Correct, string? Note, double[]? RunCpuSeconds = null, double ColdSeconds = double.NaN)
{
    /// <summary>Median CPU seconds of the process per run (NaN when not measured).</summary>
    public double MedianCpuSeconds => RunCpuSeconds is { Length: > 0 } c ? Measure.Median(c) : double.NaN;
    /// <summary>Records per CPU-second: less sensitive to other load on the machine than wall-clock rates.</summary>
    public double RecordsPerCpuSecond => Records / MedianCpuSeconds;
    public double RecordsPerSecond => Records / MedianSeconds;
    public double RecordsPerSecondPerCore => RecordsPerSecond / Threads;
    public double MegabytesPerSecond => Bytes / MedianSeconds / 1e6;
}

/// <summary>End-to-end latency percentiles at one input rate.</summary>
internal sealed record Latency(string Workload, double TargetRate, double AchievedRate, long Samples, double P50Ms, double P99Ms, double P999Ms, double MaxMs, long Batches, string? Note);

/// <summary>A single figure (ms per batch, bytes per key, seconds to start...) with its unit.</summary>
internal sealed record Figure(string Workload, string Variant, double Value, string Unit, string? Note);

/// <summary>A stated performance goal and whether this run met it.</summary>
internal sealed record TargetCheck(string Target, string Measured, bool? Met);

/// <summary>Everything one run measured.</summary>
internal sealed class BenchResults
{
    public string Date { get; set; } = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'");
    public string Machine { get; set; } = "";
    public string Command { get; set; } = "";
    public string Mode { get; set; } = "";
    public int Runs { get; set; }
    public List<Throughput> Throughput { get; } = new();
    public List<Latency> Latency { get; } = new();
    public List<Figure> Figures { get; } = new();
    public List<TargetCheck> Targets { get; } = new();
    public List<string> Notes { get; } = new();
}
