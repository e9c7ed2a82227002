using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Sql.Functions;

namespace Spate.Tests.Json;

public class FromJsonTests
{
    private static SparkSession Spark => TestSession.Spark;

    private static readonly StructType LectureSchema = new(new[]
    {
        new StructField("name", new StringType()),
        new StructField("surname", new StringType()),
        new StructField("amount", new DoubleType()),
        new StructField("delta_t", new DoubleType()),
        new StructField("flag", new IntegerType()),
    });

    private static readonly string[] LectureLines =
    {
        "{\"name\": \"Alice\", \"surname\": \"Johnson\", \"amount\": 975.38, \"delta_t\": 0.12, \"flag\": 0}",
        "{\"name\": \"Bob\", \"surname\": \"Smith\", \"amount\": 12.5, \"delta_t\": 1.5, \"flag\": 1}",
        "{\"name\": \"Carol\", \"surname\": \"Williams\", \"amount\": 300, \"delta_t\": 0.01, \"flag\": 0}",
        "{\"name\": \"Dave\", \"surname\": \"Brown\", \"amount\": 0.99, \"delta_t\": 2.0, \"flag\": 1}",
        "{\"name\": \"Eve\", \"surname\": \"Jones\", \"amount\": 1000000.0, \"delta_t\": 0.5, \"flag\": 0}",
        "{\"name\": \"Frank\", \"surname\": \"Garcia\", \"amount\": 42.42, \"delta_t\": 3.25, \"flag\": 1}",
        "{\"name\": \"Grace\", \"surname\": \"Miller\", \"amount\": 7.0, \"delta_t\": 0.75, \"flag\": 0}",
    };

    private static DataFrame Strings(params string?[] lines) => Spark.CreateDataFrame(lines, new StringType());

    private static string[] Rows(DataFrame df) => df.Collect().Select(r => ValueConverter.ToDisplayString(r.Values)).ToArray();

    [Fact]
    public void FromJson_OverTextFileMixedRecords_ViewsAndCopiesGiveSparkValues()
    {
        // Same-shape records (read as views of the file's bytes) with, mid-batch, an escaped name (copied by the
        // general parser), a malformed line and a null name: every value must come out as Spark gives it.
        var dir = Path.Combine(Path.GetTempPath(), "spate-fromjson-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var lines = new List<string>();
            for (int i = 0; i < 3000; i++)
            {
                lines.Add(i switch
                {
                    1000 => "{\"name\": \"Jos\\u00e9\", \"surname\": \"Q\", \"amount\": 1.5, \"delta_t\": 0.5, \"flag\": 1}",
                    1001 => "{\"name\": \"broken",
                    1002 => "{\"name\": null, \"surname\": \"N\", \"amount\": 1.5, \"delta_t\": 0.5, \"flag\": 1}",
                    _ => $"{{\"name\": \"U{i}\", \"surname\": \"S{i % 7}\", \"amount\": {i}.25, \"delta_t\": 0.5, \"flag\": {i % 2}}}",
                });
            }
            File.WriteAllLines(Path.Combine(dir, "part-0.json"), lines);
            var rows = Spark.Read().Text(dir).Select(FromJson(Col("value"), LectureSchema).Alias("d"))
                .Select(Col("d.name"), Col("d.surname"), Col("d.flag")).Collect().ToList();
            Assert.Equal(3000, rows.Count);
            Assert.Equal("U0", rows[0][0]);
            Assert.Equal("S5", rows[999][1]);
            Assert.Equal("José", rows[1000][0]);
            Assert.Null(rows[1001][0]);
            Assert.Null(rows[1001][2]);
            Assert.Null(rows[1002][0]);
            Assert.Equal("N", rows[1002][1]);
            Assert.Equal("U2999", rows[2999][0]);
            Assert.Equal(1, rows[2999][2]);
            var flagged = Spark.Read().Text(dir).Select(FromJson(Col("value"), LectureSchema).Alias("d"))
                .Where(Col("d.flag") == 1).Select(Concat(Col("d.name"), Col("d.surname"))).Collect().Select(r => (string)r[0]!).ToList();
            Assert.Equal(1501, flagged.Count); // 1,499 odd-numbered U rows (1001 is malformed) + 1000 + 1002 (null name)
            Assert.Contains("JoséQ", flagged);
            Assert.Contains("U2999S3", flagged);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void FromJson_LectureStream_ParsesAllColumns()
    {
        var df = Strings(LectureLines).Select(FromJson(Col("value"), LectureSchema).Alias("data")).Select("data.*");
        Assert.Equal(
            "root\n |-- name: string (nullable = true)\n |-- surname: string (nullable = true)\n |-- amount: double (nullable = true)\n |-- delta_t: double (nullable = true)\n |-- flag: integer (nullable = true)\n",
            df.Schema().TreeString());
        Assert.Equal(new[]
        {
            "[Alice, Johnson, 975.38, 0.12, 0]",
            "[Bob, Smith, 12.5, 1.5, 1]",
            "[Carol, Williams, 300.0, 0.01, 0]",
            "[Dave, Brown, 0.99, 2.0, 1]",
            "[Eve, Jones, 1000000.0, 0.5, 0]",
            "[Frank, Garcia, 42.42, 3.25, 1]",
            "[Grace, Miller, 7.0, 0.75, 0]",
        }, Rows(df));
    }

    [Fact]
    public void FromJson_UnaliasedColumn_IsNamedLikeSpark()
    {
        var df = Strings("{\"a\": 1}").Select(FromJson(Col("value"), "a INT"));
        Assert.Equal("from_json(value)", df.Columns()[0]);
        Assert.Equal("root\n |-- from_json(value): struct (nullable = true)\n |    |-- a: integer (nullable = true)\n", df.Schema().TreeString());
    }

    [Fact]
    public void FromJson_MalformedAndNullInput_PermissiveGivesNullFieldsOrNullStruct()
    {
        var df = Strings("{\"a\": 1, \"b\": \"x\"}", "{\"a\": 2, \"b\": ", "not json", null, "", "[1, 2]", "null")
            .Select(FromJson(Col("value"), "a INT, b STRING").Alias("s"));
        var rows = df.Collect().Select(r => r[0] == null ? "NULL" : ValueConverter.ToDisplayString(r[0])).ToArray();
        // Spark 3.x: a malformed record is a struct of nulls; a null or blank input is a null struct.
        Assert.Equal(new[] { "{1, x}", "{null, null}", "{null, null}", "NULL", "NULL", "{null, null}", "{null, null}" }, rows);
    }

    [Fact]
    public void FromJson_FailFast_ThrowsSparkError()
    {
        var df = Strings("{\"a\": 1}", "{\"a\": oops}").Select(FromJson(Col("value"), "a INT", new() { ["mode"] = "FAILFAST" }));
        var e = Assert.Throws<SparkException>(() => df.Collect());
        Assert.Equal("[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing: [null].\nParse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'.", e.Message);
    }

    [Fact]
    public void FromJson_DropMalformed_IsRejected()
    {
        var e = Assert.Throws<AnalysisException>(() =>
            Strings("{\"a\": 1}").Select(FromJson(Col("value"), "a INT", new() { ["mode"] = "DROPMALFORMED" })).Collect());
        Assert.Equal("from_json() doesn't support the DROPMALFORMED mode. Acceptable modes are PERMISSIVE and FAILFAST.", e.Message);
    }

    [Fact]
    public void FromJson_CorruptRecordColumn_HoldsBadText()
    {
        var schema = "a INT, b STRING, _corrupt_record STRING";
        var df = Strings("{\"a\": 1, \"b\": \"x\"}", "{\"a\": \"bad\", \"b\": \"y\"}", "{broken")
            .Select(FromJson(Col("value"), schema).Alias("s")).Select("s.*");
        Assert.Equal(new[] { "[1, x, null]", "[null, y, {\"a\": \"bad\", \"b\": \"y\"}]", "[null, null, {broken]" }, Rows(df));
    }

    [Fact]
    public void FromJson_CustomCorruptColumnName_IsHonoured()
    {
        var df = Strings("{oops").Select(FromJson(Col("value"), "a INT, bad STRING", new() { ["columnNameOfCorruptRecord"] = "bad" }).Alias("s")).Select("s.*");
        Assert.Equal(new[] { "[null, {oops]" }, Rows(df));
    }

    [Fact]
    public void FromJson_TypeMismatch_NullsOnlyThatField()
    {
        var df = Strings("{\"i\": 1.5, \"l\": \"1\", \"d\": \"2.5\", \"b\": 1, \"s\": 12.50, \"ok\": 7}",
                "{\"i\": 3000000000, \"l\": 9223372036854775807, \"d\": 1, \"b\": true, \"s\": {\"x\": [1, 2.0]}, \"ok\": 8}")
            .Select(FromJson(Col("value"), "i INT, l BIGINT, d DOUBLE, b BOOLEAN, s STRING, ok INT").Alias("s")).Select("s.*");
        Assert.Equal(new[]
        {
            "[null, null, null, null, 12.5, 7]",
            "[null, 9223372036854775807, 1.0, true, {\"x\":[1,2.0]}, 8]",
        }, Rows(df));
    }

    [Fact]
    public void FromJson_MissingAndExtraFields_MissingAreNull()
    {
        var df = Strings("{\"z\": [1, {\"q\": 2}], \"b\": \"only b\", \"extra\": null}", "{\"b\": \"first\", \"a\": 5, \"b\": \"last\"}")
            .Select(FromJson(Col("value"), "a INT, b STRING").Alias("s")).Select("s.*");
        Assert.Equal(new[] { "[null, only b]", "[5, last]" }, Rows(df));
    }

    [Fact]
    public void FromJson_NestedArraysAndMaps_Converts()
    {
        var schema = "id BIGINT, tags ARRAY<STRING>, inner STRUCT<x: INT, y: ARRAY<DOUBLE>>, m MAP<STRING, INT>, items ARRAY<STRUCT<k: STRING>>";
        var df = Strings(
                "{\"id\": 1, \"tags\": [\"a\", null, \"c\"], \"inner\": {\"y\": [1, 2.5], \"x\": 3}, \"m\": {\"p\": 1, \"q\": null}, \"items\": [{\"k\": \"v1\"}, {\"k\": \"v2\"}]}",
                "{\"id\": 2, \"tags\": [], \"inner\": {\"x\": \"bad\"}, \"m\": {\"p\": \"bad\"}, \"items\": [{\"k\": 1}, {\"k\": \"v\"}]}")
            .Select(FromJson(Col("value"), schema).Alias("s")).Select("s.*");
        Assert.Equal(new[]
        {
            "[1, [a, null, c], {3, [1.0, 2.5]}, {p -> 1, q -> null}, [{v1}, {v2}]]",
            // A bad value inside a nested field nulls that whole top-level field (Spark 3.5 without partial results);
            // a number read as a string keeps its text.
            "[2, [], null, null, [{1}, {v}]]",
        }, Rows(df));
    }

    [Fact]
    public void FromJson_UnicodeEscapes_AreDecoded()
    {
        var df = Strings("{\"s\": \"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\n\", \"\\u0061\": 1}", "{\"s\": \"日本語\", \"a\": 2}")
            .Select(FromJson(Col("value"), "s STRING, a INT").Alias("j")).Select("j.*");
        Assert.Equal(new[] { "[café 😀 \"q\" \n, 1]", "[日本語, 2]" }, Rows(df));
    }

    [Fact]
    public void FromJson_SingleQuotesAndNonNumeric_AcceptedByDefault()
    {
        var df = Strings("{'a': 'x', 'd': NaN}", "{\"a\": \"y\", \"d\": -Infinity}", "{\"a\": \"z\", \"d\": \"Infinity\"}")
            .Select(FromJson(Col("value"), "a STRING, d DOUBLE").Alias("j")).Select("j.*");
        Assert.Equal(new[] { "[x, NaN]", "[y, -Infinity]", "[z, Infinity]" }, Rows(df));
    }

    [Fact]
    public void FromJson_SingleQuotesDisabled_IsMalformed()
    {
        var df = Strings("{'a': 'x'}").Select(FromJson(Col("value"), "a STRING", new() { ["allowSingleQuotes"] = "false" }).Alias("j")).Select("j.*");
        Assert.Equal(new[] { "[null]" }, Rows(df));
    }

    [Fact]
    public void FromJson_ArrayAndMapSchemas_ParseRootValues()
    {
        var df = Strings("[1, 2, 3]", "{\"a\": 1}", "[1, \"x\"]")
            .Select(FromJson(Col("value"), "ARRAY<INT>").Alias("arr"), FromJson(Col("value"), "MAP<STRING, INT>").Alias("m"));
        var rows = df.Collect().Select(r => (r[0] == null ? "NULL" : ValueConverter.ToDisplayString(r[0])) + " | " + (r[1] == null ? "NULL" : ValueConverter.ToDisplayString(r[1]))).ToArray();
        Assert.Equal(new[] { "[1, 2, 3] | NULL", "NULL | {a -> 1}", "NULL | NULL" }, rows);
    }

    [Fact]
    public void FromJson_TimestampsDatesDecimals_UseSparkDefaults()
    {
        var df = Strings("{\"ts\": \"2024-01-02T03:04:05Z\", \"d\": \"2024-02-29\", \"m\": 12.345, \"t2\": 0}")
            .Select(FromJson(Col("value"), "ts TIMESTAMP, d DATE, m DECIMAL(5,2), t2 TIMESTAMP").Alias("j")).Select("j.*");
        var row = df.Collect().First();
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), row[0]);
        Assert.Equal(new DateOnly(2024, 2, 29), row[1]);
        Assert.Equal(12.35m, row[2]);
        Assert.Equal(new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc), row[3]);
    }

    [Fact]
    public void FromJson_SchemaColumn_AcceptsDdlLiteralAndSchemaOfJson()
    {
        var df = Strings("{\"a\": 5}").Select(FromJson(Col("value"), Lit("a INT")).Alias("j")).Select("j.a");
        Assert.Equal(new[] { "[5]" }, Rows(df));
        df = Strings("{\"a\": 5}").Select(FromJson(Col("value"), SchemaOfJson("{\"a\": 1}")).Alias("j")).Select("j.a");
        Assert.Equal(new[] { "[5]" }, Rows(df));
    }

    [Fact]
    public void FromJson_NonStringInput_IsRejected()
    {
        var df = Spark.CreateDataFrame(new object?[] { 1 }.Select(v => new GenericRow(new[] { v })), new StructType(new[] { new StructField("n", new IntegerType()) }));
        var e = Assert.Throws<AnalysisException>(() => df.Select(FromJson(Col("n"), "a INT")));
        Assert.StartsWith("[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE]", e.Message);
    }
}
