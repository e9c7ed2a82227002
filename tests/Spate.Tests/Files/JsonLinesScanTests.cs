using System.Text;
using Spate.Sources;
using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Sql.Functions;

namespace Spate.Tests.Files;

/// <summary>
/// from_json straight over a text scan parses lines where they were read (TextFileFormat.ReadJsonLines). Its rows
/// must be exactly those of parsing the scanned lines, whatever the lines hold and wherever reads and splits cut them.
/// </summary>
public sealed class JsonLinesScanTests : IDisposable
{
    private static SparkSession Spark => TestSession.Spark;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "spate-jsonlines-" + Guid.NewGuid().ToString("N"));

    private static readonly StructType Schema = new(new[]
    {
        new StructField("name", StringType.Instance),
        new StructField("surname", StringType.Instance),
        new StructField("amount", DoubleType.Instance),
        new StructField("flag", IntegerType.Instance),
    });

    public JsonLinesScanTests() { Directory.CreateDirectory(_dir); }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    // Mostly one producer's records; now and then a line the in-place path must hand back to the line cutter.
    private static string RandomLines(Random rnd, int count, bool blankLines = true)
    {
        string[] odd =
        {
            "", "   ", "{\"name\": \"Jos\\u00e9\", \"surname\": \"E\", \"amount\": 1.5, \"flag\": 1}", "{\"name\": \"broken",
            "{\"name\": null, \"surname\": \"N\", \"amount\": 2, \"flag\": 1}", "{\"surname\": \"Only\", \"flag\": 1}",
            "{\"name\": \"A\", \"surname\": \"B\", \"amount\": 1.5, \"flag\": 1} trailing", "[1, 2]", "not json at all",
            "{\"name\": \"Tab\", \"surname\": \"T\", \"amount\": 3.25, \"flag\": 0}\t ",
            "{\"name\": \"Big\", \"surname\": \"" + new string('x', 3000) + "\", \"amount\": 1e3, \"flag\": 1}",
        };
        string[] ends = { "\n", "\n", "\n", "\n", "\r\n", "\r" };
        var sb = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            string oddLine = odd[rnd.Next(blankLines ? 0 : 2, odd.Length)];
            sb.Append(rnd.Next(25) == 0
                ? oddLine
                : $"{{\"name\": \"User{rnd.Next(100)}\", \"surname\": \"Surname{rnd.Next(10)}\", \"amount\": {rnd.Next(1000)}.{rnd.Next(100):D2}, \"flag\": {rnd.Next(2)}}}");
            if (i < count - 1 || rnd.Next(2) == 0) sb.Append(ends[rnd.Next(ends.Length)]);
        }
        return sb.ToString();
    }

    private static List<string> Parsed(DataFrame lines, bool inPlace)
    {
        // With the text column projected too, the scan's batches are parsed as usual (the reference).
        var parsed = inPlace
            ? lines.Select(FromJson(Col("value"), Schema).Alias("d"))
            : lines.Select(FromJson(Col("value"), Schema).Alias("d"), Col("value"));
        return parsed.Select(Col("d"), Col("d.name"), Col("d.surname"), Col("d.amount"), Col("d.flag")).Collect()
            .Select(r => ValueConverter.ToDisplayString(r.Values)).ToList();
    }

    [Theory]
    [InlineData(1, 3000)]
    [InlineData(2, 3000)]
    [InlineData(3, 60000)] // ~4.5 MB: split into byte ranges on local[2]
    public void FromJsonOverText_RandomLines_SameRowsAsParsingScannedLines(int seed, int count)
    {
        File.WriteAllText(Path.Combine(_dir, "part-0.json"), RandomLines(new Random(seed), count));
        long before = TextFileFormat.JsonLinesReads;
        var inPlace = Parsed(Spark.Read().Text(_dir), inPlace: true);
        Assert.True(TextFileFormat.JsonLinesReads > before, "the query did not parse lines in place");
        var reference = Parsed(Spark.Read().Text(_dir), inPlace: false);
        Assert.Equal(reference.Count, inPlace.Count);
        for (int i = 0; i < reference.Count; i++) Assert.Equal(reference[i], inPlace[i]);
        Assert.Contains(inPlace, r => r.Contains("José"));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    public void FromJsonOverText_FilterOnParsedFields_SameRowsAsFilteringScannedLines(int seed)
    {
        // Equality conjuncts on from_json's fields are checked while lines are parsed in place; every other row
        // (odd lines, other conditions) is still decided by the filter itself.
        File.WriteAllText(Path.Combine(_dir, "part-0.json"), RandomLines(new Random(seed), 5000));
        var condition = (Col("d.flag") == 1) & (Col("d.surname") == "Surname3") & (Col("d.amount") > 100);
        List<string> Rows(bool inPlace) => (inPlace
                ? Spark.Read().Text(_dir).Select(FromJson(Col("value"), Schema).Alias("d"))
                : Spark.Read().Text(_dir).Select(FromJson(Col("value"), Schema).Alias("d"), Col("value")))
            .Where(condition).Select(Col("d.name"), Col("d.surname"), Col("d.amount"), Col("d.flag")).Collect()
            .Select(r => ValueConverter.ToDisplayString(r.Values)).ToList();
        var reference = Rows(inPlace: false);
        Assert.True(reference.Count > 50, $"only {reference.Count} rows pass: the test would prove little");
        Assert.Equal(reference, Rows(inPlace: true));
        Assert.All(Rows(inPlace: true), r => Assert.Contains("Surname3", r));
    }

    [Fact]
    public void FromJsonOverRows_FilterOnParsedFields_SameRowsAsFilteringAfterParsing()
    {
        // Not a file scan (rows in memory, as a socket batch is): the filter's equality conditions still skip rows.
        var lines = RandomLines(new Random(8), 3000).Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        var df = Spark.CreateDataFrame(lines, new StringType());
        var condition = (Col("d.flag") == 1) & (Col("d.name") == "User7");
        List<string> Rows(DataFrame parsed) => parsed.Where(condition).Select(Col("d.name"), Col("d.amount")).Collect()
            .Select(r => ValueConverter.ToDisplayString(r.Values)).ToList();
        var reference = Rows(df.Select(FromJson(Col("value"), Schema).Alias("d"), Col("value")));
        Assert.True(reference.Count > 5, $"only {reference.Count} rows pass");
        Assert.Equal(reference, Rows(df.Select(FromJson(Col("value"), Schema).Alias("d"))));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void JsonReader_RandomLines_SameFieldsAsFromJsonOverText(int seed)
    {
        // Blank lines are rows for text + from_json and no rows for the JSON reader: leave them out here.
        File.WriteAllText(Path.Combine(_dir, "part-0.json"), RandomLines(new Random(seed), 4000, blankLines: false));
        static List<string> Fields(DataFrame df) => df.Select(Col("name"), Col("surname"), Col("amount"), Col("flag")).Collect()
            .Select(r => ValueConverter.ToDisplayString(r.Values)).ToList();
        var reader = Fields(Spark.Read().Schema(Schema).Json(_dir));
        var reference = Fields(Spark.Read().Text(_dir).Select(FromJson(Col("value"), Schema).Alias("d"), Col("value")).Select(Col("d.*")));
        Assert.Equal(reference, reader);
    }

    [Fact]
    public void JsonReader_FilterOnColumns_SameRowsAsFilteringAfterParsing()
    {
        File.WriteAllText(Path.Combine(_dir, "part-0.json"), RandomLines(new Random(9), 5000, blankLines: false));
        List<string> Rows(DataFrame df) => df.Where((Col("flag") == 1) & (Col("surname") == "Surname4"))
            .Select(Col("name"), Col("surname"), Col("amount"), Col("flag")).Collect()
            .Select(r => ValueConverter.ToDisplayString(r.Values)).ToList();
        var reference = Rows(Spark.Read().Text(_dir).Select(FromJson(Col("value"), Schema).Alias("d"), Col("value")).Select(Col("d.*")));
        Assert.True(reference.Count > 50, $"only {reference.Count} rows pass");
        Assert.Equal(reference, Rows(Spark.Read().Schema(Schema).Json(_dir)));
    }

    [Fact]
    public void FromJsonOverText_LectureQuery_CountsFlaggedUsers()
    {
        var lines = new StringBuilder();
        for (int i = 0; i < 5000; i++)
            lines.Append($"{{\"name\": \"U{i % 7}\", \"surname\": \"S\", \"amount\": {i}.5, \"flag\": {(i % 3 == 0 ? 1 : 0)}}}\n");
        File.WriteAllText(Path.Combine(_dir, "part-0.json"), lines.ToString());
        var counts = Spark.Read().Text(_dir).Select(FromJson(Col("value"), Schema).Alias("data")).Select(Col("data.*"))
            .Where(Col("flag") == 1).WithColumn("id", Concat(Col("name"), Col("surname"))).GroupBy("id").Count()
            .Collect().ToDictionary(r => (string)r[0]!, r => (long)r[1]!);
        // i % 3 == 0 and i % 7 == k: 5000 / 21 rows per user, give or take one.
        Assert.Equal(7, counts.Count);
        Assert.Equal(1667, counts.Values.Sum());
        Assert.All(counts.Values, c => Assert.InRange(c, 238, 239));
    }

    [Fact]
    public void FromJsonOverText_GroupByParsedStringField_CountsEveryKey()
    {
        // The grouping key is a view into the file's bytes (no concat in between to copy it).
        var lines = new StringBuilder();
        for (int i = 0; i < 20000; i++) lines.Append($"{{\"name\": \"Name{i % 25}\", \"surname\": \"S\", \"amount\": 1.5, \"flag\": 1}}\n");
        File.WriteAllText(Path.Combine(_dir, "part-0.json"), lines.ToString());
        var counts = Spark.Read().Text(_dir).Select(FromJson(Col("value"), Schema).Alias("d")).GroupBy(Col("d.name")).Count()
            .Collect().ToDictionary(r => (string)r[0]!, r => (long)r[1]!);
        Assert.Equal(25, counts.Count);
        Assert.All(counts, kv => Assert.Equal(800, kv.Value));
        Assert.True(counts.ContainsKey("Name24"));
    }

    [Fact]
    public void FromJsonOverText_FailFast_ThrowsSparkError()
    {
        File.WriteAllText(Path.Combine(_dir, "part-0.json"), "{\"name\": \"A\", \"surname\": \"B\", \"amount\": 1.5, \"flag\": 1}\n{\"name\": \n");
        var df = Spark.Read().Text(_dir).Select(FromJson(Col("value"), Schema, new Dictionary<string, string> { ["mode"] = "FAILFAST" }).Alias("d"));
        var e = Assert.ThrowsAny<Exception>(() => df.Collect());
        Assert.Contains("MALFORMED_RECORD_IN_PARSING", e.ToString());
    }
}
