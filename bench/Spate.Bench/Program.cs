using System.Diagnostics;
using Spate.Bench;
using Spate.Bench.Data;
using Spate.Bench.Report;
using Spate.Bench.Workloads;

// Spate's performance harness. `-- micro` runs the BenchmarkDotNet kernels; `-- child-*` are helper processes.
if (args.Length > 0 && args[0] == "micro") return Spate.Bench.Micro.MicroRunner.Run(args[1..]);
if (args.Length > 0 && args[0].StartsWith("child-", StringComparison.Ordinal)) return ChildProcesses.Run(args);
if (args.Length > 0 && args[0] == "profile") return FraudProfile.Run(BenchOptions.Parse(args[1..]));

BenchOptions o;
try { o = BenchOptions.Parse(args); }
catch (ArgumentException e) { Console.Error.WriteLine(e.Message); return 2; }

var total = Stopwatch.StartNew();
var results = new BenchResults
{
    Mode = o.Quick ? "quick" : "full",
    Runs = o.Runs,
    Machine = MachineInfo.Describe(),
    Command = "dotnet run -c Release --project bench/Spate.Bench -- " + string.Join(' ', o.Args),
};
Console.Error.WriteLine($"Spate bench ({results.Mode}, {o.Runs} runs per measurement) on {results.Machine}");

if (o.Wants("fraud-file"))
{
    Console.Error.WriteLine("[1/5] fraud query over NDJSON files");
    var datasets = Datasets(o);
    FileQueryBench.Run(o, datasets, results);
}
if (o.Wants("socket")) { Console.Error.WriteLine("[2/5] socket ingest"); SocketIngestBench.Run(o, results); }
if (o.Wants("overhead")) { Console.Error.WriteLine("[3/5] per-batch overhead"); BatchOverheadBench.Run(o, results); }
if (o.Wants("latency")) { Console.Error.WriteLine("[4/5] end-to-end latency"); LatencyBench.Run(o, results); }
if (o.Wants("watermark-state")) { Console.Error.WriteLine("[+] state under a watermark"); WatermarkStateBench.Run(o, results); }
// Minutes of 10M-key state: only when asked for, or in full mode.
if (o.Only != null ? o.Wants("gc-pause") : o.Full) { Console.Error.WriteLine("[+] GC pauses with many keys resident"); GcPauseBench.Run(o, results); }
if (o.Wants("state") || o.Wants("startup")) { Console.Error.WriteLine("[5/5] state size, start-up, recovery"); StateBench.Run(o, results); }

Targets.Check(results);
var markdown = MarkdownReport.Render(results);
Console.WriteLine(markdown);
var outFile = o.OutFile ?? Path.Combine(o.OutDir, "results.json");
JsonReport.Write(results, outFile);
Console.Error.WriteLine($"JSON written to {outFile}; total {total.Elapsed.TotalSeconds:F1} s");
return 0;

static List<Dataset> Datasets(BenchOptions o)
{
    long records = o.Records ?? (o.Quick ? 200_000 : 5_000_000);
    int manyUsers = o.Quick ? 1_000_000 : 10_000_000;
    int parts = Environment.ProcessorCount;
    var root = Path.Combine(o.OutDir, "data");
    var sw = Stopwatch.StartNew();
    var list = new List<Dataset>
    {
        Dataset.Ensure(root, "25 users, 10% flagged", records, 25, 0.10, o.Seed, parts),
        Dataset.Ensure(root, "25 users, 100% flagged", records, 25, 1.0, o.Seed, parts),
        Dataset.Ensure(root, $"{manyUsers / 1_000_000}M users, 10% flagged", records, manyUsers, 0.10, o.Seed, parts),
        Dataset.Ensure(root, $"{manyUsers / 1_000_000}M users, 100% flagged", records, manyUsers, 1.0, o.Seed, parts),
    };
    Console.Error.WriteLine($"  datasets ready in {sw.Elapsed.TotalSeconds:F1} s ({records:N0} records each, {list[0].Bytes / 1e6:F0} MB)");
    return list;
}
