using System.Globalization;
using Spate.Bench.Data;
using Spate.Execution;
using Spate.Sql;

namespace Spate.Bench.Workloads;

/// <summary>
/// <c>-- profile</c>: where the fraud query's time goes on <c>local[1]</c>. The physical plan is a chain; each
/// operator is timed by draining it (which pulls its whole subtree) from a freshly planned copy, so its own cost is
/// its time minus its child's. Allocated bytes come from <see cref="GC.GetTotalAllocatedBytes"/> the same way.
/// </summary>
internal static class FraudProfile
{
    public static int Run(BenchOptions o)
    {
        long records = o.Records ?? 1_000_000;
        var root = Path.Combine(o.OutDir, "data");
        var datasets = new[]
        {
            Dataset.Ensure(root, "25 users, 10% flagged", records, 25, 0.10, o.Seed, 1),
            Dataset.Ensure(root, "25 users, 100% flagged", records, 25, 1.0, o.Seed, 1),
            Dataset.Ensure(root, "1M users, 100% flagged", records, 1_000_000, 1.0, o.Seed, 1),
        };
        var spark = Lecture.Session("local[1]", 1);
        foreach (var data in datasets.Where(d => o.DatasetFilter == null || d.Name.Contains(o.DatasetFilter, StringComparison.OrdinalIgnoreCase)))
        {
            if (o.Engines == null || o.Engines.Contains("text"))
                Profile(data, "text + from_json (the lecture's query)", () => Lecture.FromLines(spark.Read().Text(data.Directory)), o.Runs);
            if (o.Engines == null || o.Engines.Contains("json"))
                Profile(data, "json reader with schema", () => Lecture.FromParsed(spark.Read().Schema(Lecture.Schema).Json(data.Directory)), o.Runs);
        }
        spark.Stop();
        return 0;
    }

    private static void Profile(Dataset data, string variant, Func<DataFrame> query, int runs)
    {
        var plan = query().Execute().Physical;
        var chain = new List<PhysicalPlan>();
        for (var p = plan; ; p = p.Children[0])
        {
            chain.Add(p);
            if (p.Children.Count == 0) break;
        }
        chain.Reverse(); // leaf first
        Console.WriteLine($"\n#### {data.Name}, {data.Records:N0} records, {variant}\n");
        Console.WriteLine("```\n" + plan.TreeString() + "```\n");
        Console.WriteLine("| Operator | Cumulative CPU ms | Own CPU ms | Own % | Own ns/record | Own allocated B/record |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        double prevMs = 0, prevBytes = 0;
        var rows = new List<(string Name, double Ms, double Bytes)>();
        for (int level = 0; level < chain.Count; level++)
        {
            var times = new List<double>();
            var bytes = new List<double>();
            for (int r = 0; r <= runs; r++)
            {
                var fresh = query().Execute();
                var node = Nth(fresh.Physical, chain.Count - 1 - level);
                Measure.Settle();
                long a0 = GC.GetTotalAllocatedBytes(true);
                // CPU time, not wall time: the machine is shared, and local[1] runs on this one thread.
                double c0 = Measure.CpuNow();
                long n = 0;
                foreach (var b in node.Execute(0, fresh.Context)) n += b.RowCount;
                double ms = (Measure.CpuNow() - c0) * 1000;
                long a1 = GC.GetTotalAllocatedBytes(true);
                if (r == 0) continue; // warm-up
                times.Add(ms);
                bytes.Add(a1 - a0);
            }
            rows.Add((Short(chain[level].NodeString), Measure.Median(times), Measure.Median(bytes)));
        }
        double total = rows[^1].Ms;
        foreach (var (name, ms, b) in rows)
        {
            double own = Math.Max(0, ms - prevMs), ownBytes = Math.Max(0, b - prevBytes);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {ms:F1} | {own:F1} | {100 * own / total:F0}% | {own * 1e6 / data.Records:F0} | {ownBytes / data.Records:F1} |"));
            prevMs = ms;
            prevBytes = b;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\nTotal {total:F0} ms = {data.Records / total / 1e3:F2} M rec/s on one core; {rows[^1].Bytes / data.Records:F0} B allocated per record."));
    }

    // The node at depth d (0 = root) of the chain.
    private static PhysicalPlan Nth(PhysicalPlan root, int depth)
    {
        var p = root;
        for (int i = 0; i < depth; i++) p = p.Children[0];
        return p;
    }

    private static string Short(string s)
    {
        s = s.Replace("|", "\\|");
        return s.Length <= 90 ? s : s[..87] + "...";
    }
}
