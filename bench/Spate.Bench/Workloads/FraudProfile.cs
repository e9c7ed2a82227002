namespace Spate.Bench.Workloads;
internal static class FraudProfile { public static int Run(BenchOptions o) => 0; }
