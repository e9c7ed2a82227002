using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Spate.Bench.Micro;

/// <summary><c>-- micro</c>: the kernel benchmarks, in-process (no child build), short runs.</summary>
internal static class MicroRunner
{
    public static int Run(string[] args)
    {
        var job = Job.ShortRun.WithIterationCount(5).WithWarmupCount(2).WithLaunchCount(1).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateMinimumViable().AddJob(job).WithOptions(ConfigOptions.DisableLogFile);
        if (args.Length > 0 && args[0] == "columnar")
            return BenchmarkRunner.Run<ColumnarFormatBenchmarks>(config, args[1..]).HasCriticalValidationErrors ? 1 : 0;
        var summary = BenchmarkRunner.Run<KernelBenchmarks>(config, args);
        return summary.HasCriticalValidationErrors ? 1 : 0;
    }
}
