using CsCheck;
using Spate.Execution;
using Spate.Plans;
using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Sql.Functions;
using static Spate.Tests.Core.CoreTestUtil;

namespace Spate.Tests.Core;

/// <summary>Property tests: the optimizer and the partitioning never change a query's rows.</summary>
public class PlanPropertyTests
{
    // Table a: (a INT, b INT, s STRING) and table k: (k INT, v INT); -1 in the generated ints stands for null.
    private static readonly Gen<int[]> Ints = Gen.Int[-1, 5].Array[0, 12];
    private static readonly Gen<(int[], int[], int[], int)> Inputs = Gen.Select(Ints, Ints, Gen.Int[-1, 3].Array[0, 8], Gen.Int[0, int.MaxValue]);

    private static readonly string[] Strings = { "x", "y", "zz", "" };

    private static DataFrame TableA(int[] ints)
    {
        var rows = new List<object?[]>();
        for (int i = 0; i + 1 < ints.Length; i += 2)
            rows.Add(new object?[] { N(ints[i]), N(ints[i + 1]), ints[i] < 0 ? null : Strings[(ints[i] + ints[i + 1] + 4) % Strings.Length] });
        return Df("a INT, b INT, s STRING", rows.ToArray());
    }

    private static DataFrame TableK(int[] ints) =>
        Df("k INT, v INT", ints.Select((x, i) => new object?[] { N(x), i % 3 == 0 ? null : i }).ToArray());

    private static object? N(int x) => x < 0 ? null : x;

    /// <summary>A random predicate over int columns <paramref name="ints"/> and string column <paramref name="str"/>.</summary>
    private static Column Predicate(Random r, string[] ints, string? str, int depth)
    {
        int choice = r.Next(depth > 2 ? 6 : 10);
        Column IntCol() => Col(ints[r.Next(ints.Length)]);
        object? Const() => r.Next(6) == 0 ? null : r.Next(-1, 6);
        return choice switch
        {
            0 => IntCol() > Const(),
            1 => IntCol() == IntCol(),
            2 => IntCol().IsNull(),
            3 => IntCol().IsIn(r.Next(5), r.Next(5) == 0 ? null : r.Next(5)),
            4 => str != null ? Col(str) == Strings[r.Next(Strings.Length)] : IntCol() <= Const(),
            5 => r.Next(2) == 0 ? Lit(r.Next(2) == 0) : IntCol().EqNullSafe(Const()),
            6 => Predicate(r, ints, str, depth + 1) & Predicate(r, ints, str, depth + 1),
            7 => Predicate(r, ints, str, depth + 1) | Predicate(r, ints, str, depth + 1),
            8 => !Predicate(r, ints, str, depth + 1),
            _ => (IntCol() + IntCol()) % 3 == Lit(1),
        };
    }

    /// <summary>A random query over the two tables.</summary>
    private static DataFrame Query(DataFrame a, DataFrame k, int seed)
    {
        var r = new Random(seed);
        DataFrame df = a;
        string[] ints = { "a", "b" };
        string? str = "s";
        switch (r.Next(5))
        {
            case 0: // filters over projections (filter push-down, project collapsing)
                df = df.Where(Predicate(r, ints, str, 0))
                    .Select(Col("a"), (Col("b") * 2 - Col("a")).Alias("c"), Col("s"), When(Col("a") > 2, Col("b")).Otherwise(Lit(-1)).Alias("w"))
                    .Where(Predicate(r, new[] { "a", "c", "w" }, "s", 0))
                    .Select((Col("c") + 1).Alias("c1"), Col("w"), Col("s"));
                break;
            case 1: // aggregation after a filter, then a filter on the result
                df = df.Where(Predicate(r, ints, str, 0)).GroupBy(r.Next(2) == 0 ? Col("s") : (Col("a") % 3).Alias("g"))
                    .Agg(Count("*").Alias("n"), Sum("b").Alias("sb"), Min("a").Alias("mn"), Max("b").Alias("mx"), Avg("b").Alias("av"), Count("b").Alias("cb"));
                if (r.Next(2) == 0) df = df.Where(Col("n") > 1 | Col("sb").IsNull());
                break;
            case 2: // join, then filters and projections on both sides
                {
                    var type = new[] { "inner", "left", "right", "full", "semi", "anti" }[r.Next(6)];
                    var left = df.Where(Predicate(r, ints, str, 0));
                    var cond = left["a"] == k["k"];
                    if (r.Next(3) == 0) cond = cond & (k["v"] > r.Next(8));
                    df = left.Join(k, cond, type);
                    df = type is "semi" or "anti" ? df.Where(Predicate(r, ints, str, 1)) : df.Select(Col("a"), Col("b"), Col("s"), (Col("k") + Col("v")).Alias("kv")).Where(Predicate(r, new[] { "a", "b", "kv" }, "s", 1));
                    break;
                }
            case 3: // distinct / drop duplicates and union
                df = df.Select(Col("a"), Col("s")).Union(df.Where(Predicate(r, ints, str, 0)).Select(Col("b"), Col("s")));
                df = r.Next(2) == 0 ? df.Distinct() : df.Where(Predicate(r, new[] { "a" }, "s", 0));
                break;
            default: // constant-foldable and redundant predicates
                df = df.Where(Lit(1) == 1).Where(Predicate(r, ints, str, 0) | Lit(false)).Where(Lit(null).Cast("boolean").IsNull())
                    .Select((Col("a") + (Lit(2) * 3)).Alias("x"), Col("s")).Where(!(Col("x") < 7) | Col("x").IsNull());
                break;
        }
        return df;
    }

    private static string[] Multiset(IEnumerable<Spate.Columnar.ColumnBatch> batches) =>
        batches.SelectMany(b => Enumerable.Range(0, b.RowCount).Select(i => Render(new GenericRow(b.GetRowValues(i)))))
            .OrderBy(s => s, StringComparer.Ordinal).ToArray();

    [Fact]
    public void Optimizer_OptimizedAndUnoptimizedPlans_SameRows()
    {
        Inputs.Sample((aInts, kInts, _, seed) =>
        {
            var query = Query(TableA(aInts), TableK(kInts), seed);
            var optimized = Multiset(query.Collect().Select(r => ToBatch(r, query)));
            var context = new TaskContext(2, 3);
            var unoptimizedPlan = Optimizer.Optimize(query.Plan, System.Array.Empty<IOptimizerRule>());
            var physical = new Planner(context).Plan(unoptimizedPlan);
            var unoptimized = Multiset(physical.ExecuteAll(context).SelectMany(b => b));
            Assert.True(optimized.SequenceEqual(unoptimized),
                $"seed {seed}\n{query.ExplainString(true)}\noptimized:   {string.Join(" | ", optimized)}\nunoptimized: {string.Join(" | ", unoptimized)}");
        }, iter: 150, threads: 1);
    }

    [Fact]
    public void Optimizer_EachRuleAlone_SameRows()
    {
        Inputs.Sample((aInts, kInts, _, seed) =>
        {
            var query = Query(TableA(aInts), TableK(kInts), seed);
            var context = new TaskContext(2, 3);
            var baseline = Multiset(new Planner(context).Plan(query.Plan).ExecuteAll(context).SelectMany(b => b));
            foreach (var rule in Optimizer.Rules)
            {
                var plan = Optimizer.Optimize(query.Plan, new[] { rule });
                var rows = Multiset(new Planner(context).Plan(plan).ExecuteAll(context).SelectMany(b => b));
                Assert.True(baseline.SequenceEqual(rows), $"rule {rule.Name}, seed {seed}\n{plan.TreeString()}\nexpected: {string.Join(" | ", baseline)}\nactual:   {string.Join(" | ", rows)}");
            }
        }, iter: 60, threads: 1);
    }

    [Fact]
    public void Partitioning_ParallelismAndShufflePartitions_SameRows()
    {
        var contexts = new[] { (1, 1), (4, 3), (2, 200), (3, 7) };
        Inputs.Sample((aInts, kInts, _, seed) =>
        {
            var query = Query(TableA(aInts), TableK(kInts), seed);
            string[]? first = null;
            foreach (var (parallelism, shuffle) in contexts)
            {
                var rows = Multiset(new QueryExecution(Spark, query.Plan, new TaskContext(parallelism, shuffle)).Collect());
                first ??= rows;
                Assert.True(first.SequenceEqual(rows), $"local[{parallelism}], {shuffle} shuffle partitions, seed {seed}\n{query.ExplainString(true)}\nexpected: {string.Join(" | ", first)}\nactual:   {string.Join(" | ", rows)}");
            }
        }, iter: 60, threads: 1);
    }

    [Fact]
    public void Partitioning_OrderByIsTotalForAnyPartitioning()
    {
        Gen.Int[-1, 20].Array[0, 40].Sample(ints =>
        {
            var df = Df("a INT", ints.Select(x => new object?[] { N(x) }).ToArray()).OrderBy(Col("a").Desc());
            var expected = ints.Select(N).OrderByDescending(x => x is int i ? i : int.MinValue).Select(x => x?.ToString() ?? "null").ToArray();
            foreach (var (p, s) in new[] { (1, 1), (3, 5), (4, 200) })
            {
                var rows = new QueryExecution(Spark, df.Plan, new TaskContext(p, s)).Collect()
                    .SelectMany(b => Enumerable.Range(0, b.RowCount).Select(i => b.GetRowValues(i)[0]?.ToString() ?? "null")).ToArray();
                Assert.Equal(expected, rows);
            }
        }, iter: 40, threads: 1);
    }

    // Collected rows back to a one-row batch so both sides render through the same path.
    private static Spate.Columnar.ColumnBatch ToBatch(Row r, DataFrame df) =>
        SparkSession.BuildBatches(new[] { r.Values }, df.Schema()).Single();
}
