using System.Text;
using Spate.Execution;
using Spate.Expressions.Json;
using Spate.Plans;
using Spate.Plans.Rules;
using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Sql.Functions;

namespace Spate.Tests.Json;

public class PruneJsonFieldsTests
{
    private static SparkSession Spark => TestSession.Spark;

    private static readonly StructType Schema = new(new[]
    {
        new StructField("name", StringType.Instance),
        new StructField("surname", StringType.Instance),
        new StructField("amount", DoubleType.Instance),
        new StructField("delta_t", DoubleType.Instance),
        new StructField("flag", IntegerType.Instance),
    });

    private static readonly string[] Values =
    {
        "\"Alice\"", "\"Bob\"", "\"J\\u00f6rg\"", "1", "0", "-3", "12.5", "1e2", "true", "null", "\"x\"", "{\"a\": 1}", "[1, 2]", "2147483648",
    };

    // Lecture-like lines with the usual trouble mixed in: wrong types, nulls, missing and extra fields,
    // duplicates, other field orders, malformed and blank lines, null rows.
    private static string?[] RandomLines(int seed, int count)
    {
        var rnd = new Random(seed);
        var names = Schema.Fields.Select(f => f.Name).Concat(new[] { "extra", "name" }).ToArray();
        var lines = new string?[count];
        for (int i = 0; i < count; i++)
        {
            int kind = rnd.Next(20);
            if (kind == 0) { lines[i] = null; continue; }
            if (kind == 1) { lines[i] = rnd.Next(2) == 0 ? "" : "{\"name\": \"broken\", "; continue; }
            var sb = new StringBuilder("{");
            int n = rnd.Next(1, 8);
            for (int f = 0; f < n; f++)
            {
                if (f > 0) sb.Append(", ");
                string name = rnd.Next(3) == 0 ? names[rnd.Next(names.Length)] : Schema.Fields[f % 5].Name;
                string value = rnd.Next(3) == 0 ? Values[rnd.Next(Values.Length)]
                    : f % 5 < 2 ? $"\"{(char)('A' + rnd.Next(5))}\"" : f % 5 == 4 ? rnd.Next(2).ToString() : (rnd.Next(1000) / 10.0).ToString(System.Globalization.CultureInfo.InvariantCulture);
                sb.Append('"').Append(name).Append("\": ").Append(value);
            }
            lines[i] = sb.Append('}').ToString();
        }
        return lines;
    }

    private static DataFrame Lines(int seed) => Spark.CreateDataFrame(RandomLines(seed, 400), StringType.Instance);

    // Runs the analyzed plan of df optimized with the given rules; rows as sorted strings.
    private static List<string> Run(DataFrame df, IEnumerable<IOptimizerRule> rules, out LogicalPlan optimized)
    {
        var qe = df.Execute();
        optimized = Optimizer.Optimize(qe.Analyzed, rules);
        var physical = new Planner(qe.Context).Plan(optimized);
        var rows = new List<string>();
        foreach (var partition in physical.ExecuteAll(qe.Context))
            foreach (var batch in partition)
                for (int r = 0; r < batch.RowCount; r++)
                    rows.Add(string.Join("|", batch.Columns.Select(c => ValueConverter.ToDisplayString(c.GetValue(r)))));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static StructType? ParsedSchema(LogicalPlan plan) =>
        new[] { plan }.Concat(plan.Descendants()).SelectMany(p => p.Expressions).SelectMany(e => e.Descendants())
            .OfType<JsonToStructs>().Select(j => (StructType)j.Schema).FirstOrDefault();

    public static IEnumerable<object[]> Queries()
    {
        Func<DataFrame, DataFrame> parsed = d => d.Select(FromJson(Col("value"), Schema).Alias("data")).Select(Col("data.*"));
        yield return new object[] { "lecture", (Func<DataFrame, DataFrame>)(d => parsed(d).Where(Col("flag") == 1)
            .WithColumn("id", Concat(Col("name"), Col("surname"))).GroupBy("id").Count()), new[] { "name", "surname", "flag" } };
        yield return new object[] { "direct field", (Func<DataFrame, DataFrame>)(d => d.Select(FromJson(Col("value"), Schema).GetField("amount").Alias("a"))), new[] { "amount" } };
        yield return new object[] { "filter then fields", (Func<DataFrame, DataFrame>)(d => d.Select(FromJson(Col("value"), Schema).Alias("data"))
            .Where(Col("data.delta_t") > 10).Select(Col("data.name"), Col("data.amount"))), new[] { "name", "amount", "delta_t" } };
        yield return new object[] { "sort and limit pass the struct on", (Func<DataFrame, DataFrame>)(d => d.Select(FromJson(Col("value"), Schema).Alias("data"), Col("value"))
            .OrderBy(Col("value")).Limit(1000).Select(Col("data.flag"), Col("data.surname"))), new[] { "surname", "flag" } };
        yield return new object[] { "whole struct returned", (Func<DataFrame, DataFrame>)(d => d.Select(FromJson(Col("value"), Schema).Alias("data")).Where(Col("data.flag") == 1)),
            new[] { "name", "surname", "amount", "delta_t", "flag" } };
        yield return new object[] { "struct used whole", (Func<DataFrame, DataFrame>)(d => d.Select(FromJson(Col("value"), Schema).Alias("data"))
            .Select(ToJson(Col("data")).Alias("j"), Col("data.name"))), new[] { "name", "surname", "amount", "delta_t", "flag" } };
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void PruneJsonFields_RandomLines_SameRowsWithAndWithoutRule(string query, Func<DataFrame, DataFrame> build, string[] parsedFields)
    {
        var without = Optimizer.Rules.Where(r => r is not PruneJsonFields).ToArray();
        for (int seed = 0; seed < 5; seed++)
        {
            var df = build(Lines(seed));
            var expected = Run(df, without, out var unpruned);
            var actual = Run(df, Optimizer.Rules, out var pruned);
            Assert.Equal(5, ParsedSchema(unpruned)!.Fields.Count);
            Assert.True(expected.SequenceEqual(actual), $"{query}, seed {seed}: rows differ");
            Assert.Equal(parsedFields, ParsedSchema(pruned)!.Fields.Select(f => f.Name).ToArray());
        }
    }

    [Fact]
    public void PruneJsonFields_LectureQuery_OptimizedPlanParsesThreeFields()
    {
        var lines = Spark.CreateDataFrame(new[] { "{\"name\": \"A\", \"surname\": \"B\", \"amount\": 1.5, \"delta_t\": 2.0, \"flag\": 1}" }, StringType.Instance);
        var df = lines.Select(FromJson(Col("value"), Schema).Alias("data")).Select(Col("data.*")).Where(Col("flag") == 1)
            .WithColumn("id", Concat(Col("name"), Col("surname"))).GroupBy("id").Count();
        var optimized = df.Execute().Optimized;
        Assert.Equal("struct<name:string,surname:string,flag:int>", ParsedSchema(optimized)!.SimpleString);
        Assert.Contains("data#", optimized.TreeString());
        Assert.Equal(new[] { "AB|1" }, df.Collect().Select(r => $"{r.Values[0]}|{r.Values[1]}").ToArray());
    }

    [Fact]
    public void PruneJsonFields_FailFastOrCorruptRecordField_NotPruned()
    {
        var failFast = Spark.CreateDataFrame(new[] { "{\"name\": \"A\", \"amount\": \"oops\"}" }, StringType.Instance)
            .Select(FromJson(Col("value"), Schema, new Dictionary<string, string> { ["mode"] = "FAILFAST" }).Alias("data")).Select(Col("data.name"));
        Assert.Equal(5, ParsedSchema(failFast.Execute().Optimized)!.Fields.Count);
        Assert.Throws<SparkException>(() => failFast.Collect());

        var withCorrupt = new StructType(Schema.Fields.Append(new StructField("_corrupt_record", StringType.Instance)));
        var corrupt = Spark.CreateDataFrame(new[] { "{\"name\": \"A\", \"amount\": \"oops\"}" }, StringType.Instance)
            .Select(FromJson(Col("value"), withCorrupt).Alias("data")).Select(Col("data.name"), Col("data._corrupt_record"));
        Assert.Equal(6, ParsedSchema(corrupt.Execute().Optimized)!.Fields.Count);
        Assert.Equal("{\"name\": \"A\", \"amount\": \"oops\"}", corrupt.Collect().First().Values[1]);
    }
}
