using System.Text;
using Spate.Columnar;
using Spate.Expressions.Json;
using Spate.Sql.Types;

namespace Spate.Tests.Json;

public class JsonFlatRecordParserTests
{
    private static readonly StructType Schema = new(new[]
    {
        new StructField("name", StringType.Instance),
        new StructField("amount", DoubleType.Instance),
        new StructField("flag", IntegerType.Instance),
        new StructField("ok", BooleanType.Instance),
        new StructField("big", LongType.Instance),
        new StructField("tiny", ByteType.Instance),
        new StructField("f", FloatType.Instance),
    });

    // The same fields plus a map: no fast path, so this parser always runs the general (staged) path.
    private static readonly StructType GeneralSchema = new(Schema.Fields.Append(new StructField("zz_map_never_present", new MapType(StringType.Instance, StringType.Instance))));

    private static ColumnVector[] Vectors(StructType s) => s.Fields.Select(f => ColumnVector.Create(f.DataType, 4)).ToArray();

    private static readonly string[] Names = { "name", "amount", "flag", "ok", "big", "tiny", "f", "other", "name", "x\\u0041" };

    private static readonly string[] Values =
    {
        "\"Alice\"", "\"\"", "\"Jos\u00e9 \u20ac\"", "\"a\\\"b\"", "\"tab\\tx\"", "\"\\u00e9\"", "\"ctl\u0001\"",
        "0", "-0", "1", "-17", "42", "007", "2147483647", "2147483648", "-2147483649", "255", "256", "-128", "-129",
        "9223372036854775807", "9223372036854775808", "12345678901234567890",
        "0.5", "-0.0", "975.38", "1e3", "1E-2", "2.5e+10", "1.", ".5", "-", "1.7976931348623157e309", "0.1000000000000000055511",
        "123456789012345.6", "1234567890123456.7",
        "true", "false", "null", "nul", "NaN", "\"NaN\"", "Infinity", "'single'",
        "{\"a\":1}", "[1,2]", "[]", "{}",
    };

    private static readonly string[] Spaces = { "", "", "", " ", "\t", "\r\n" };

    private static string RandomRecord(Random rnd)
    {
        var sb = new StringBuilder();
        string Ws() => Spaces[rnd.Next(Spaces.Length)];
        sb.Append(Ws()).Append('{').Append(Ws());
        int fields = rnd.Next(0, 9);
        for (int i = 0; i < fields; i++)
        {
            if (i > 0) sb.Append(Ws()).Append(',').Append(Ws());
            // Mostly the schema's order, the way one producer writes its records.
            string name = rnd.Next(4) == 0 ? Names[rnd.Next(Names.Length)] : Schema.Fields[i % Schema.Fields.Count].Name;
            sb.Append('"').Append(name).Append('"').Append(Ws()).Append(':').Append(Ws()).Append(Values[rnd.Next(Values.Length)]);
        }
        sb.Append(Ws()).Append('}').Append(Ws());
        var s = sb.ToString();
        return rnd.Next(30) switch
        {
            0 => s[..rnd.Next(s.Length + 1)], // truncated
            1 => s + "x",                      // trailing garbage
            2 => "[" + s + "]",
            _ => s,
        };
    }

    // Parses 20,000 records from `next` with `fast`; every record it accepts must give the general parser's values,
    // every one it declines must leave the vectors untouched. Returns how many it accepted.
    private static int AgreeWithGeneralParser(JsonFlatRecordParser fast, Func<string> next)
    {
        int accepted = 0;
        for (int trial = 0; trial < 20000; trial++)
        {
            var record = next();
            var bytes = Encoding.UTF8.GetBytes(record);
            var fastOut = Vectors(Schema);
            if (!fast.TryParse(bytes, fastOut))
            {
                Assert.All(fastOut, v => Assert.Equal(0, v.Length)); // nothing appended on fallback
                continue;
            }
            accepted++;
            var general = new JsonRecordParser(GeneralSchema, JsonOptions.Default, allowArrayAsStructs: false);
            var generalOut = Vectors(GeneralSchema);
            var status = general.ParseStruct(bytes, generalOut, validateFirst: false, out _);
            Assert.True(status == JsonRecordStatus.Ok, $"fast path accepted a record the general path reports {status}: {record}");
            for (int f = 0; f < Schema.Fields.Count; f++)
                Assert.True(Equals(generalOut[f].GetValue(0), fastOut[f].GetValue(0)),
                    $"field {Schema.Fields[f].Name} of {record}: general {generalOut[f].GetValue(0)}, fast {fastOut[f].GetValue(0)}");
        }
        return accepted;
    }

    [Fact]
    public void TryParse_RandomRecords_SameValuesAsGeneralParser()
    {
        var rnd = new Random(1234);
        var fast = JsonFlatRecordParser.TryCreate(Schema)!;
        Assert.NotNull(fast);
        int accepted = AgreeWithGeneralParser(fast, () => RandomRecord(rnd));
        Assert.True(accepted > 2000, $"only {accepted} records took the fast path");
    }

    // One producer's records: the same keys, order and spacing (so the learned template applies), random values,
    // and now and then a record of another shape (which the template must reject and the flat path relearn).
    private static string SameShapeRecord(Random rnd)
    {
        if (rnd.Next(20) == 0) return RandomRecord(rnd);
        // Mostly values of the field's type, sometimes any value (wrong types, escapes, bad syntax).
        string V(params string[] typical) => rnd.Next(6) == 0 ? Values[rnd.Next(Values.Length)] : typical[rnd.Next(typical.Length)];
        return $"{{\"name\": {V("\"Alice\"", "\"\"", "\"Jos\u00e9\"", "\"a long name to cross sixteen bytes\"", "null")}, " +
            $"\"other\": {V("1", "\"x\"", "true", "2.5e3")}, \"amount\": {V("975.38", "-0.5", "12", "null")}, " +
            $"\"flag\": {V("0", "1", "-7", "null")}, \"ok\": {V("true", "false")}}}";
    }

    [Fact]
    public void TryParse_SameShapeRecords_TemplateAgreesWithGeneralParser()
    {
        var rnd = new Random(99);
        var fast = JsonFlatRecordParser.TryCreate(Schema)!;
        int accepted = AgreeWithGeneralParser(fast, () => SameShapeRecord(rnd));
        Assert.True(accepted > 2000, $"only {accepted} records took the fast path");
        Assert.True(fast.TemplateRecords > accepted / 2, $"the template parsed only {fast.TemplateRecords} of {accepted} records");
    }

    [Fact]
    public void TryParse_StringTargetsAsViews_PointIntoTheRecordBuffer()
    {
        var schema = new StructType(new[] { new StructField("name", StringType.Instance), new StructField("flag", IntegerType.Instance) });
        var fast = JsonFlatRecordParser.TryCreate(schema)!;
        var buffer = Encoding.UTF8.GetBytes("xx{\"name\": \"Ann\", \"flag\": 1}{\"name\": \"Bo\", \"flag\": 0}");
        var names = StringVector.ViewOver(StringType.Instance, buffer, 2);
        var targets = new ColumnVector[] { names, ColumnVector.Create(IntegerType.Instance, 2) };
        Assert.True(fast.TryParse(buffer.AsSpan(2, 26), targets, viewBase: 2));
        Assert.True(fast.TryParse(buffer.AsSpan(28), targets, viewBase: 28)); // the template's path
        Assert.Same(buffer, names.Data);
        Assert.Equal(new object?[] { "Ann", "Bo" }, new[] { names.GetValue(0), names.GetValue(1) });
        Assert.Equal(new object?[] { 1, 0 }, new[] { targets[1].GetValue(0), targets[1].GetValue(1) });
    }

    [Fact]
    public void TryParse_LectureRecord_OnePassValues()
    {
        var fast = JsonFlatRecordParser.TryCreate(Schema)!;
        var v = Vectors(Schema);
        Assert.True(fast.TryParse("{\"name\": \"Bob\", \"amount\": 12.5, \"extra\": [1, {\"a\": \"b\"}], \"flag\": 1}"u8, v) == false);
        Assert.True(fast.TryParse("{\"name\": \"Bob\", \"amount\": 12.5, \"extra\": \"e\\n\", \"flag\": 1}"u8, v));
        Assert.Equal("Bob", v[0].GetValue(0));
        Assert.Equal(12.5, v[1].GetValue(0));
        Assert.Equal(1, v[2].GetValue(0));
        Assert.Null(v[3].GetValue(0));
    }

    [Theory]
    [InlineData("{\"name\": \"a\", \"name\": \"b\"}")] // duplicate key: the general path keeps the last
    [InlineData("{\"flag\": 1.0}")]                     // does not convert: a partial result
    [InlineData("{\"flag\": 2147483648}")]
    [InlineData("{\"name\": \"e\\u00e9\"}")]            // escape in a wanted string
    [InlineData("{\"amount\": \"NaN\"}")]               // allowNonNumericNumbers
    [InlineData("{'name': 'a'}")]                       // lenient syntax
    [InlineData("{\"name\": \"a\"} {}")]                // trailing text
    [InlineData("")]
    public void TryParse_UnusualRecord_FallsBack(string record)
    {
        var fast = JsonFlatRecordParser.TryCreate(Schema)!;
        var v = Vectors(Schema);
        Assert.False(fast.TryParse(Encoding.UTF8.GetBytes(record), v));
        Assert.All(v, c => Assert.Equal(0, c.Length));
    }

    [Fact]
    public void TryCreate_NestedOrTimestampField_NoFastPath()
    {
        Assert.Null(JsonFlatRecordParser.TryCreate(new StructType(new[] { new StructField("t", TimestampType.Instance) })));
        Assert.Null(JsonFlatRecordParser.TryCreate(new StructType(new[] { new StructField("s", new StructType(Array.Empty<StructField>())) })));
        Assert.Null(JsonFlatRecordParser.TryCreate(new StructType(new[] { new StructField("a", StringType.Instance), new StructField("a", IntegerType.Instance) })));
    }
}
