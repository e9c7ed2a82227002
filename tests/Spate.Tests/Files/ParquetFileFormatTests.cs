using Parquet;
using Spate.Sql;
using Spate.Sql.Types;
using PSchema = Parquet.Schema;

namespace Spate.Tests.Files;

public class ParquetFileFormatTests
{
    private static SparkSession Spark => TestSession.Spark;

    private static StructType AllTypes() => new(new[]
    {
        new StructField("bool", BooleanType.Instance), new StructField("byte", ByteType.Instance), new StructField("short", ShortType.Instance),
        new StructField("int", IntegerType.Instance), new StructField("long", LongType.Instance), new StructField("float", FloatType.Instance),
        new StructField("double", DoubleType.Instance), new StructField("dec", new DecimalType(10, 2)), new StructField("bigdec", new DecimalType(30, 5)),
        new StructField("str", StringType.Instance), new StructField("bin", BinaryType.Instance), new StructField("date", DateType.Instance),
        new StructField("ts", TimestampType.Instance),
    });

    [Fact]
    public void Parquet_AllPrimitiveTypesWithNulls_RoundTrip()
    {
        using var dir = new TempDir();
        var rows = new[]
        {
            new GenericRow(new object?[] { true, (sbyte)-1, (short)300, 7, 1L << 40, 1.5f, 2.25, 12.34m, 123456789012345678.12345m, "héllo", new byte[] { 1, 2, 255 },
                new DateOnly(2024, 2, 29), new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1230) }),
            new GenericRow(new object?[] { null, null, null, null, null, null, null, null, null, null, null, null, null }),
            new GenericRow(new object?[] { false, (sbyte)127, (short)-5, -7, -1L, float.NaN, double.NegativeInfinity, -0.01m, 0m, "", Array.Empty<byte>(),
                new DateOnly(1900, 1, 1), new DateTime(1960, 6, 1, 0, 0, 0, DateTimeKind.Utc) }),
        };
        var df = Spark.CreateDataFrame(rows, AllTypes()).Coalesce(1);
        df.Write().Parquet(dir.Sub("out"));
        Assert.Single(Directory.GetFiles(dir.Sub("out"), "*.parquet"));
        var back = Spark.Read().Parquet(dir.Sub("out"));
        Assert.Equal(AllTypes().SimpleString, back.Schema().SimpleString);
        var got = back.Collect().ToArray();
        Assert.Equal(3, got.Length);
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < rows[r].Values.Length; c++)
            {
                var expected = rows[r].Values[c];
                var actual = got[r][c];
                if (expected is byte[] eb) Assert.Equal(eb, (byte[])actual!);
                else Assert.Equal(expected, actual);
            }
    }

    [Fact]
    public void Parquet_NestedStructListMap_RoundTrip()
    {
        using var dir = new TempDir();
        var inner = new StructType(new[] { new StructField("x", IntegerType.Instance), new StructField("tags", new ArrayType(StringType.Instance)) });
        var schema = new StructType(new[]
        {
            new StructField("id", IntegerType.Instance),
            new StructField("s", inner),
            new StructField("arr", new ArrayType(IntegerType.Instance)),
            new StructField("nested", new ArrayType(new ArrayType(LongType.Instance))),
            new StructField("m", new MapType(StringType.Instance, DoubleType.Instance)),
            new StructField("structs", new ArrayType(inner)),
        });
        var rows = new[]
        {
            new GenericRow(new object?[] { 1, new GenericRow(new object?[] { 5, new object?[] { "a", null, "b" } }), new object?[] { 1, null, 3 },
                new object?[] { new object?[] { 1L, 2L }, new object?[] { }, null }, new Dictionary<object, object?> { ["k"] = 1.5, ["n"] = null },
                new object?[] { new GenericRow(new object?[] { 1, new object?[] { "z" } }), null } }),
            new GenericRow(new object?[] { 2, null, null, null, null, null }),
            new GenericRow(new object?[] { 3, new GenericRow(new object?[] { null, new object?[] { } }), new object?[] { }, new object?[] { }, new Dictionary<object, object?>(),
                new object?[] { } }),
        };
        Spark.CreateDataFrame(rows, schema).Coalesce(1).Write().Parquet(dir.Sub("out"));
        var back = Spark.Read().Parquet(dir.Sub("out"));
        Assert.Equal(schema.SimpleString, back.Schema().SimpleString);
        Assert.Equal(new[]
        {
            "1|{5, [a, null, b]}|[1, null, 3]|[[1, 2], [], null]|{k -> 1.5, n -> null}|[{1, [z]}, null]",
            "2|null|null|null|null|null",
            "3|{null, []}|[]|[]|{}|[]",
        }, Rows.Text(back));
    }

    [Fact]
    public void Parquet_ReadSubsetOfColumns_OnlyRequestedColumns()
    {
        using var dir = new TempDir();
        var schema = new StructType(new[] { new StructField("a", IntegerType.Instance), new StructField("b", StringType.Instance) });
        Spark.CreateDataFrame(new[] { new GenericRow(new object?[] { 1, "x" }), new GenericRow(new object?[] { 2, "y" }) }, schema).Coalesce(1).Write().Parquet(dir.Sub("out"));
        var df = Spark.Read().Schema("b STRING, missing INT").Parquet(dir.Sub("out"));
        Assert.Equal(new[] { "x|null", "y|null" }, Rows.Text(df));
        Assert.Equal(new[] { "2" }, Rows.Text(Spark.Read().Parquet(dir.Sub("out")).Where(Spate.Sql.Functions.Col("b") == "y").Select("a")));
    }

    [Fact]
    public async Task Parquet_WrittenByParquetNetLowLevelApi_ReadBySpate()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "low.parquet");
        var readPath = dir.Path;
        var id = new PSchema.DataField<int>("id");
        var name = new PSchema.DataField<string>("name", true);
        var when = new PSchema.DateTimeDataField("when", PSchema.DateTimeFormat.Impala, isNullable: true);
        var millis = new PSchema.DateTimeDataField("millis", PSchema.DateTimeFormat.DateAndTime, isNullable: false);
        var u8 = new PSchema.DataField<byte>("u8");
        var schema = new PSchema.ParquetSchema(id, name, when, millis, u8);
        using (var fs = File.Create(path))
        {
            var writer = await ParquetWriter.CreateAsync(schema, fs);
            using (var rg = writer.CreateRowGroup())
            {
                await rg.WriteAsync<int>(id, new[] { 1, 2 }.AsMemory());
                await rg.WriteAsync(name, new[] { "a", null });
                await rg.WriteAsync<DateTime>(when, new DateTime?[] { new DateTime(2020, 5, 6, 7, 8, 9, DateTimeKind.Utc), null }.AsMemory());
                await rg.WriteAsync<DateTime>(millis, new[] { new DateTime(2021, 1, 1, 0, 0, 0, 5, DateTimeKind.Utc), new DateTime(1999, 12, 31, 23, 59, 59, DateTimeKind.Utc) }.AsMemory());
                await rg.WriteAsync<byte>(u8, new byte[] { 200, 1 }.AsMemory());
            }
            await writer.DisposeAsync();
        }
        var df = Spark.Read().Parquet(readPath);
        Assert.Equal("struct<id:int,name:string,when:timestamp,millis:timestamp,u8:smallint>", df.Schema().SimpleString);
        Assert.Equal(new[] { "1|a|2020-05-06 07:08:09|2021-01-01 00:00:00.005|200", "2|null|null|1999-12-31 23:59:59|1" }, Rows.Text(df));
    }

    [Fact]
    public void Parquet_Compression_OptionsProduceReadableFiles()
    {
        foreach (var codec in new[] { "none", "snappy", "gzip", "zstd" })
        {
            using var dir = new TempDir();
            Spark.CreateDataFrame(Enumerable.Range(0, 100).Select(i => (long)i)).Coalesce(1).Write().Option("compression", codec).Parquet(dir.Sub("out"));
            var df = Spark.Read().Parquet(dir.Sub("out"));
            Assert.Equal(100, df.Count());
        }
    }

    [Fact]
    public void Parquet_UnknownCompression_Throws()
    {
        using var dir = new TempDir();
        var e = Assert.ThrowsAny<Exception>(() => Spark.CreateDataFrame(new[] { 1 }).Write().Option("compression", "rar").Parquet(dir.Sub("out")));
        Assert.Contains("[CODEC_NOT_AVAILABLE]", e.ToString());
    }

    [Fact]
    public void Parquet_MergeSchema_UnionOfFileSchemas()
    {
        using var dir = new TempDir();
        var s1 = new StructType(new[] { new StructField("a", IntegerType.Instance) });
        var s2 = new StructType(new[] { new StructField("a", IntegerType.Instance), new StructField("b", StringType.Instance) });
        Spark.CreateDataFrame(new[] { new GenericRow(new object?[] { 1 }) }, s1).Coalesce(1).Write().Parquet(dir.Sub("t/p1"));
        Spark.CreateDataFrame(new[] { new GenericRow(new object?[] { 2, "x" }) }, s2).Coalesce(1).Write().Parquet(dir.Sub("t/p2"));
        Assert.Equal("struct<a:int>", Spark.Read().Parquet(dir.Sub("t")).Schema().SimpleString);
        var merged = Spark.Read().Option("mergeSchema", true).Parquet(dir.Sub("t"));
        Assert.Equal("struct<a:int,b:string>", merged.Schema().SimpleString);
        Assert.Equal(new[] { "1|null", "2|x" }, Rows.Text(merged.OrderBy("a")));
    }

    [Fact]
    public void Parquet_NotAParquetFile_ThrowsFooterError()
    {
        using var dir = new TempDir();
        var path = dir.Data("bad.parquet", "this is not parquet at all");
        var e = Assert.ThrowsAny<Exception>(() => Spark.Read().Parquet(path));
        Assert.Contains("[CANNOT_READ_FILE_FOOTER]", e.ToString());
    }
}
