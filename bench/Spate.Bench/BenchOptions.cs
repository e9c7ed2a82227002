namespace Spate.Bench;

/// <summary>Command-line options of the end-to-end runner.</summary>
internal sealed class BenchOptions
{
    public bool Quick { get; private set; } = true;
    public bool Full => !Quick;
    public string? OutFile { get; private set; }
    public string OutDir { get; private set; } = "";
    public string RepoRoot { get; private set; } = "";
    public int Runs { get; private set; } = 3;
    public long Seed { get; private set; } = 42;
    public string[]? Only { get; private set; }
    public string[]? Engines { get; private set; }
    public long? Records { get; private set; }
    public string? DatasetFilter { get; private set; }
    public string[] Args { get; private set; } = Array.Empty<string>();

    public bool Wants(string workload) => Only == null || Only.Contains(workload, StringComparer.OrdinalIgnoreCase);

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions { Args = args };
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": o.Quick = true; break;
                case "--full": o.Quick = false; break;
                case "--out": o.OutFile = args[++i]; break;
                case "--runs": o.Runs = int.Parse(args[++i]); break;
                case "--seed": o.Seed = long.Parse(args[++i]); break;
                case "--records": o.Records = long.Parse(args[++i]); break;
                case "--only": o.Only = args[++i].Split(','); break;
                case "--engines": o.Engines = args[++i].Split(','); break;
                case "--dataset": o.DatasetFilter = args[++i]; break;
                case "--data-dir": o.OutDir = args[++i]; break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'. Options: --quick | --full, --out FILE, --runs N, --seed S, --records N, --only fraud-file,socket,overhead,latency,watermark-state,state,startup,gc-pause, --engines NAME,..., --dataset TEXT, --data-dir DIR");
            }
        }
        o.RepoRoot = FindRepoRoot();
        if (o.OutDir.Length == 0) o.OutDir = Path.Combine(o.RepoRoot, "bench", "out");
        Directory.CreateDirectory(o.OutDir);
        return o;
    }

    private static string FindRepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var d = new DirectoryInfo(start); d != null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "Spate.slnx"))) return d.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}
