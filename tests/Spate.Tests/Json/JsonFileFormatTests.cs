using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Sql.Functions;

namespace Spate.Tests.Json;

public sealed class JsonFileFormatTests : IDisposable
{
    private static SparkSession Spark => TestSession.Spark;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "spate-json-" + Guid.NewGuid().ToString("N"));

    public JsonFileFormatTests() { Directory.CreateDirectory(_dir); }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string[] Rows(DataFrame df) => df.Collect().Select(r => ValueConverter.ToDisplayString(r.Values)).ToArray();

    private static readonly StructType Lecture = (StructType)DataType.FromDDL("name STRING, surname STRING, amount DOUBLE, flag INT");

    [Fact]
    public void ReadJson_QueryUsesTwoColumns_ScanReadsOnlyThose()
    {
        // Row 2's amount is not a number: with amount pruned away (as in Spark) the row is whole, not partial.
        WriteFile("a.json", "{\"name\": \"Ann\", \"surname\": \"A\", \"amount\": 1.5, \"flag\": 1}\n" +
            "{\"name\": \"Bob\", \"surname\": \"B\", \"amount\": \"lots\", \"flag\": 1}\n");
        var df = Spark.Read().Schema(Lecture).Json(_dir).Where(Col("flag") == 1).Select(Col("name"));
        var plan = df.Execute().Physical.TreeString();
        Assert.Contains("FileScan json [name#", plan);
        Assert.DoesNotContain("amount", plan);
        Assert.DoesNotContain("surname", plan);
        Assert.Equal(new[] { "[Ann]", "[Bob]" }, Rows(df));
        // Reading the unparsable column itself still gives Spark's null for it.
        Assert.Equal(new[] { "[Ann, 1.5]", "[Bob, null]" }, Rows(Spark.Read().Schema(Lecture).Json(_dir).Select(Col("name"), Col("amount"))));
    }

    [Fact]
    public void ReadJson_CorruptRecordColumn_ScanNotPruned()
    {
        WriteFile("a.json", "{\"name\": \"Ann\", \"amount\": \"lots\"}\n");
        var schema = (StructType)DataType.FromDDL("name STRING, amount DOUBLE, _corrupt_record STRING");
        var df = Spark.Read().Schema(schema).Json(_dir).Select(Col("name"), Col("_corrupt_record"));
        Assert.Contains("amount", df.Execute().Physical.TreeString());
        Assert.Equal(new[] { "[Ann, {\"name\": \"Ann\", \"amount\": \"lots\"}]" }, Rows(df));
    }

    [Fact]
    public void ReadJson_ManyRecordsAcrossChunks_ViewsHoldEveryValue()
    {
        // ~120 bytes a line over 80 KB chunks: lines cross chunk ends, batches end with chunks; a few records take
        // the general parser (an escape, a lone \r line end, a malformed line) in the middle of view batches.
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < 5000; i++)
        {
            sb.Append(i switch
            {
                2500 => "{\"name\": \"Jos\\u00e9\", \"surname\": \"E\", \"amount\": 1.0, \"flag\": 0}",
                2501 => "{\"name\": ",
                _ => $"{{\"name\": \"User number {i}\", \"surname\": \"Surname {i % 13} padded out\", \"amount\": {i}.5, \"flag\": {i % 2}}}",
            });
            sb.Append(i == 1234 ? "\r" : "\n");
        }
        WriteFile("big.json", sb.ToString());
        var rows = Spark.Read().Schema(Lecture).Json(_dir).Select(Col("name"), Col("surname"), Col("flag")).Collect().ToList();
        Assert.Equal(5000, rows.Count);
        for (int i = 0; i < 5000; i++)
        {
            if (i is 2500 or 2501) continue;
            Assert.Equal($"User number {i}", rows[i][0]);
            Assert.Equal($"Surname {i % 13} padded out", rows[i][1]);
        }
        Assert.Equal("José", rows[2500][0]);
        Assert.Null(rows[2501][0]);
    }

    [Fact]
    public void ReadJson_InfersSchemaWithSparkRules()
    {
        var path = WriteFile("a.json",
            "{\"name\": \"Alice\", \"n\": 1, \"x\": 1, \"tags\": [\"a\"], \"obj\": {\"q\": 1}, \"mixed\": 1}\n" +
            "\n" +
            "{\"name\": \"Bob\", \"n\": 2, \"x\": 2.5, \"nothing\": null, \"obj\": {\"p\": true}, \"mixed\": \"s\"}\r\n");
        var df = Spark.Read().Json(path);
        Assert.Equal(
            "root\n |-- mixed: string (nullable = true)\n |-- n: long (nullable = true)\n |-- name: string (nullable = true)\n |-- nothing: string (nullable = true)\n" +
            " |-- obj: struct (nullable = true)\n |    |-- p: boolean (nullable = true)\n |    |-- q: long (nullable = true)\n" +
            " |-- tags: array (nullable = true)\n |    |-- element: string (containsNull = true)\n |-- x: double (nullable = true)\n",
            df.Schema().TreeString());
        Assert.Equal(new[] { "[1, 1, Alice, null, {null, 1}, [a], 1.0]", "[s, 2, Bob, null, {true, null}, null, 2.5]" }, Rows(df));
    }

    [Fact]
    public void ReadJson_MalformedLines_PermissiveAddsCorruptRecordColumn()
    {
        var path = WriteFile("bad.json", "{\"a\": 1}\n{\"a\": \n{\"a\": 3}\n");
        var df = Spark.Read().Json(path);
        Assert.Equal("root\n |-- _corrupt_record: string (nullable = true)\n |-- a: long (nullable = true)\n", df.Schema().TreeString());
        Assert.Equal(new[] { "[null, 1]", "[{\"a\": , null]", "[null, 3]" }, Rows(df));
    }

    [Fact]
    public void ReadJson_Modes_DropMalformedAndFailFast()
    {
        var path = WriteFile("modes.json", "{\"a\": 1, \"b\": \"x\"}\n{\"a\": \"oops\", \"b\": \"y\"}\nnot json\n");
        var schema = "a INT, b STRING";
        Assert.Equal(new[] { "[1, x]", "[null, y]", "[null, null]" }, Rows(Spark.Read().Schema(schema).Json(path)));
        Assert.Equal(new[] { "[1, x]" }, Rows(Spark.Read().Schema(schema).Option("mode", "DROPMALFORMED").Json(path)));
        var e = Assert.ThrowsAny<Exception>(() => Spark.Read().Schema(schema).Option("mode", "FAILFAST").Json(path).Collect());
        Assert.Contains("[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing: [null,y].", e.ToString());
        var withCorrupt = Spark.Read().Schema("a INT, b STRING, _corrupt_record STRING").Json(path);
        Assert.Equal(new[] { "[1, x, null]", "[null, y, {\"a\": \"oops\", \"b\": \"y\"}]", "[null, null, not json]" }, Rows(withCorrupt));
    }

    [Fact]
    public void ReadJson_MultiLine_ReadsDocumentAndArrays()
    {
        var obj = WriteFile("one.json", "{\n  \"a\": 1,\n  \"b\": {\n    \"c\": \"x\"\n  }\n}\n");
        Assert.Equal(new[] { "[1, {x}]" }, Rows(Spark.Read().Option("multiLine", true).Json(obj)));
        var arr = WriteFile("many.json", "[\n {\"a\": 1},\n {\"a\": 2, \"b\": {\"c\": \"y\"}}\n]");
        var df = Spark.Read().Option("multiLine", true).Json(arr);
        Assert.Equal("root\n |-- a: long (nullable = true)\n |-- b: struct (nullable = true)\n |    |-- c: string (nullable = true)\n", df.Schema().TreeString());
        Assert.Equal(new[] { "[1, null]", "[2, {y}]" }, Rows(df));
    }

    [Fact]
    public void WriteJson_ThenRead_RoundTripsRows()
    {
        var src = Spark.CreateDataFrame(new[] { "{\"name\": \"Alice\", \"amount\": 975.38, \"tags\": [\"x\"]}", "{\"name\": \"Bob\", \"amount\": null}" }, new StringType())
            .Select(FromJson(Col("value"), "name STRING, amount DOUBLE, tags ARRAY<STRING>").Alias("s")).Select("s.*");
        var outDir = Path.Combine(_dir, "out");
        src.Write().Mode("overwrite").Json(outDir);
        var text = string.Concat(Directory.GetFiles(outDir, "*.json").OrderBy(f => f).Select(File.ReadAllText));
        Assert.Contains("{\"name\":\"Alice\",\"amount\":975.38,\"tags\":[\"x\"]}\n", text);
        Assert.Contains("{\"name\":\"Bob\"}\n", text);
        var back = Spark.Read().Schema("name STRING, amount DOUBLE, tags ARRAY<STRING>").Json(outDir).OrderBy("name");
        Assert.Equal(new[] { "[Alice, 975.38, [x]]", "[Bob, null, null]" }, Rows(back));
    }
}
