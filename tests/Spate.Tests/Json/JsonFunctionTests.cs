using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Sql.Functions;

namespace Spate.Tests.Json;

public class JsonFunctionTests
{
    private static SparkSession Spark => TestSession.Spark;

    private static DataFrame Strings(params string?[] lines) => Spark.CreateDataFrame(lines, new StringType());

    private static string?[] Column0(DataFrame df) => df.Collect().Select(r => r[0] == null ? null : ValueConverter.ToDisplayString(r[0])).ToArray();

    [Fact]
    public void ToJson_Struct_WritesCompactJsonWithoutNulls()
    {
        var schema = "a INT, b STRING, c DOUBLE, d ARRAY<INT>, e MAP<STRING, BOOLEAN>, f STRUCT<g: STRING>";
        var df = Strings("{\"a\": 1, \"b\": \"x\\\"y\", \"c\": 1e7, \"d\": [1, null], \"e\": {\"k\": true}, \"f\": {\"g\": \"\\u00e9\\n\"}}", "{\"b\": null, \"c\": 0.5}")
            .Select(ToJson(FromJson(Col("value"), schema)).Alias("j"));
        Assert.Equal(new[]
        {
            "{\"a\":1,\"b\":\"x\\\"y\",\"c\":1.0E7,\"d\":[1,null],\"e\":{\"k\":true},\"f\":{\"g\":\"é\\n\"}}",
            "{\"c\":0.5}",
        }, Column0(df));
    }

    [Fact]
    public void ToJson_RoundTrip_ParsesBackToSameRows()
    {
        var schema = new StructType(new[] { new StructField("name", new StringType()), new StructField("amount", new DoubleType()), new StructField("n", new LongType()) });
        var src = Strings("{\"name\": \"Alice\", \"amount\": 975.38, \"n\": 9007199254740993}", "{\"name\": \"Bob\", \"amount\": -0.001}");
        var once = src.Select(FromJson(Col("value"), schema).Alias("s"));
        var twice = once.Select(FromJson(ToJson(Col("s")), schema).Alias("s"));
        Assert.Equal(Column0(once), Column0(twice));
        Assert.Equal(new[] { "{Alice, 975.38, 9007199254740993}", "{Bob, -0.001, null}" }, Column0(twice));
    }

    [Fact]
    public void ToJson_Timestamp_UsesSparkDefaultFormatInSessionZone()
    {
        var df = Strings("{\"t\": \"2024-01-02 03:04:05.123456\", \"d\": \"2024-02-29\"}")
            .Select(ToJson(FromJson(Col("value"), "t TIMESTAMP, d DATE")).Alias("j"));
        Assert.Equal(new[] { "{\"t\":\"2024-01-02T03:04:05.123Z\",\"d\":\"2024-02-29\"}" }, Column0(df));
    }

    [Fact]
    public void ToJson_UnaliasedColumn_IsNamedLikeSpark()
    {
        var df = Strings("{\"a\": 1}").Select(FromJson(Col("value"), "a INT").Alias("s")).Select(ToJson(Col("s")));
        Assert.Equal("to_json(s)", df.Columns()[0]);
    }

    [Fact]
    public void GetJsonObject_Paths_ReturnSparkStrings()
    {
        var json = "{\"a\": {\"b\": [10, {\"c\": \"deep\"}, 1.50]}, \"s\": \"text\", \"n\": null, \"arr\": [{\"k\": \"x\"}, {\"k\": \"y\"}], \"key with space\": true}";
        var df = Strings(json).Select(
            GetJsonObject(Col("value"), "$.a.b[0]"),
            GetJsonObject(Col("value"), "$.a.b[1].c"),
            GetJsonObject(Col("value"), "$.a.b[2]"),
            GetJsonObject(Col("value"), "$.s"),
            GetJsonObject(Col("value"), "$.a"),
            GetJsonObject(Col("value"), "$.n"),
            GetJsonObject(Col("value"), "$.missing"),
            GetJsonObject(Col("value"), "$.arr[*].k"),
            GetJsonObject(Col("value"), "$['key with space']"),
            GetJsonObject(Col("value"), "a.b"));
        var row = df.Collect().First();
        Assert.Equal(new object?[]
        {
            "10", "deep", "1.5", "text", "{\"b\":[10,{\"c\":\"deep\"},1.5]}", null, null, "[\"x\",\"y\"]", "true", null,
        }, row.Values);
    }

    [Fact]
    public void GetJsonObject_MalformedOrNull_GivesNull()
    {
        var df = Strings("{\"a\": ", null, "{\"a\": 1}").Select(GetJsonObject(Col("value"), "$.a"));
        Assert.Equal(new string?[] { null, null, "1" }, Column0(df));
    }

    [Fact]
    public void SchemaOfJson_InfersSparkDdl()
    {
        var df = Strings("x").Select(
            SchemaOfJson("{\"a\": 1}"),
            SchemaOfJson("{\"b\": [1, 2.5], \"a\": {\"y\": null, \"x\": \"s\"}, \"c\": [true, 1]}"),
            SchemaOfJson("[{\"col\": 0}]"),
            SchemaOfJson("{\"big\": 123456789012345678901234567890}"));
        Assert.Equal(new object?[]
        {
            "STRUCT<a: BIGINT>",
            "STRUCT<a: STRUCT<x: STRING, y: STRING>, b: ARRAY<DOUBLE>, c: ARRAY<STRING>>",
            "ARRAY<STRUCT<col: BIGINT>>",
            "STRUCT<big: DECIMAL(30,0)>",
        }, df.Collect().First().Values);
        Assert.Equal("schema_of_json({\"a\": 1})", Strings("x").Select(SchemaOfJson("{\"a\": 1}")).Columns()[0]);
    }

    [Fact]
    public void SchemaOfJson_NonFoldableInput_IsRejected()
    {
        var e = Assert.ThrowsAny<AnalysisException>(() => Strings("{}").Select(SchemaOfJson(Col("value"))).Collect());
        Assert.StartsWith("[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT]", e.Message);
    }

    [Fact]
    public void JsonArrayLengthAndObjectKeys_InspectOutermostValue()
    {
        var df = Strings("[1, [2, 3], {\"a\": 4}]", "{\"k1\": 1, \"k2\": {\"k3\": 2}}", "[]", "{}", "bad", null)
            .Select(JsonArrayLength(Col("value")).Alias("len"), JsonObjectKeys(Col("value")).Alias("keys"));
        var rows = df.Collect().Select(r => $"{(r[0] == null ? "NULL" : r[0])}|{(r[1] == null ? "NULL" : ValueConverter.ToDisplayString(r[1]))}").ToArray();
        Assert.Equal(new[] { "3|NULL", "NULL|[k1, k2]", "0|NULL", "NULL|[]", "NULL|NULL", "NULL|NULL" }, rows);
    }

    [Fact]
    public void JsonTuple_ExtractsTopLevelFieldsAsColumns()
    {
        var df = Strings("{\"a\": 1, \"b\": \"x\", \"c\": {\"d\": 2}}", "oops").Select(JsonTuple(Col("value"), "a", "b", "c", "z"));
        Assert.Equal(new[] { "c0", "c1", "c2", "c3" }, df.Columns());
        var rows = df.Collect().Select(r => string.Join("|", r.Values.Select(v => v ?? "NULL"))).ToArray();
        Assert.Equal(new[] { "1|x|{\"d\":2}|NULL", "NULL|NULL|NULL|NULL" }, rows);
    }
}
