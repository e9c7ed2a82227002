using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Tests.Files;

public class CsvFileFormatTests
{
    private static SparkSession Spark => TestSession.Spark;

    [Fact]
    public void Csv_NoHeader_ColumnsNamedC0AllStrings()
    {
        using var dir = new TempDir();
        var path = dir.Data("a.csv", "1,x\n2,y\n");
        var df = Spark.Read().Csv(path);
        Assert.Equal("root\n |-- _c0: string (nullable = true)\n |-- _c1: string (nullable = true)\n", df.Schema().TreeString());
        Assert.Equal(new[] { "1|x", "2|y" }, Rows.Text(df));
    }

    [Fact]
    public void Csv_HeaderInferSchema_InfersSparkTypes()
    {
        using var dir = new TempDir();
        var path = dir.Data("a.csv",
            "i,l,d,dec,b,s,dt,ts,mixed\n" +
            "1,3000000000,1.5,12345678901234567890,true,x,2024-01-02,2024-01-02 10:11:12,1\n" +
            "2,4,2,1,false,y,2024-02-03,2024-01-03T00:00:00Z,2.5\n");
        var df = Spark.Read().Option("header", true).Option("inferSchema", true).Csv(path);
        Assert.Equal(
            "struct<i:int,l:bigint,d:double,dec:decimal(20,0),b:boolean,s:string,dt:date,ts:timestamp,mixed:double>",
            df.Schema().SimpleString);
        var rows = df.Collect().ToArray();
        Assert.Equal(1, rows[0][0]);
        Assert.Equal(3000000000L, rows[0][1]);
        Assert.Equal(1.5, rows[0][2]);
        Assert.Equal(12345678901234567890m, rows[0][3]);
        Assert.Equal(true, rows[0][4]);
        Assert.Equal(new DateOnly(2024, 1, 2), rows[0][6]);
        Assert.Equal(new DateTime(2024, 1, 3, 0, 0, 0, DateTimeKind.Utc), rows[1][7]);
        Assert.Equal(2.5, rows[1][8]);
    }

    [Fact]
    public void Csv_InferSchema_NullsAndIncompatibleValuesWidenToString()
    {
        using var dir = new TempDir();
        var path = dir.Data("a.csv", "a,b,c\n1,,true\nx,,1\n");
        var df = Spark.Read().Option("header", "true").Option("inferSchema", "true").Csv(path);
        Assert.Equal("struct<a:string,b:string,c:string>", df.Schema().SimpleString);
        Assert.Equal(new[] { "1|null|true", "x|null|1" }, Rows.Text(df));
    }

    [Fact]
    public void Csv_QuotesEscapesAndSeparators_ParsedLikeSpark()
    {
        using var dir = new TempDir();
        var path = dir.Data("a.csv", "\"a,b\",\"say \\\"hi\\\"\",\"x\"\"y\"\nplain, spaced \n");
        var df = Spark.Read().Csv(path);
        Assert.Equal(new[] { "a,b|say \"hi\"|x\"y", "plain| spaced |null" }, Rows.Text(df));
    }

    [Fact]
    public void Csv_Separator_TabAndIgnoreWhitespace()
    {
        using var dir = new TempDir();
        var path = dir.Data("a.tsv", " a \t b\n");
        var df = Spark.Read().Option("sep", "\\t").Option("ignoreLeadingWhiteSpace", true).Option("ignoreTrailingWhiteSpace", true).Csv(path);
        Assert.Equal(new[] { "a|b" }, Rows.Text(df));
    }

    [Fact]
    public void Csv_MultiLine_QuotedNewlinesStayInField()
    {
        using var dir = new TempDir();
        var path = dir.Data("a.csv", "id,text\n1,\"line1\nline2\"\n2,x\n");
        var multi = Spark.Read().Option("header", true).Option("multiLine", true).Csv(path);
        Assert.Equal(new[] { "1|line1\nline2", "2|x" }, Rows.Text(multi));
        var single = Spark.Read().Option("header", true).Csv(path);
        Assert.Equal(3, single.Collect().Count());
    }

    [Fact]
    public void Csv_NullValueAndComments_Applied()
    {
        using var dir = new TempDir();
        var path = dir.Data("a.csv", "# comment\nNA,1\n\nb,NA\n");
        var df = Spark.Read().Schema("a STRING, b INT").Option("nullValue", "NA").Option("comment", "#").Csv(path);
        Assert.Equal(new[] { "null|1", "b|null" }, Rows.Text(df));
    }

    [Fact]
    public void Csv_PermissiveWithCorruptRecordColumn_KeepsRawLine()
    {
        using var dir = new TempDir();
        var path = dir.Data("a.csv", "1,a\nx,b\n3\n");
        var df = Spark.Read().Schema("id INT, name STRING, _corrupt_record STRING").Csv(path);
        Assert.Equal(new[] { "1|a|null", "null|b|x,b", "3|null|3" }, Rows.Text(df));
    }

    [Fact]
    public void Csv_PermissiveWithoutCorruptColumn_NullsBadFields()
    {
        using var dir = new TempDir();
        var path = dir.Data("a.csv", "1,a\nx,b\n");
        var df = Spark.Read().Schema("id INT, name STRING").Csv(path);
        Assert.Equal(new[] { "1|a", "null|b" }, Rows.Text(df));
    }

    [Fact]
    public void Csv_DropMalformed_DropsBadRows()
    {
        using var dir = new TempDir();
        var path = dir.Data("a.csv", "1,a\nx,b\n3,c\n4\n");
        var df = Spark.Read().Schema("id INT, name STRING").Option("mode", "DROPMALFORMED").Csv(path);
        Assert.Equal(new[] { "1|a", "3|c" }, Rows.Text(df));
    }

    [Fact]
    public void Csv_FailFast_ThrowsMalformedRecordError()
    {
        using var dir = new TempDir();
        var path = dir.Data("a.csv", "1,a\nx,b\n");
        var df = Spark.Read().Schema("id INT, name STRING").Option("mode", "FAILFAST").Csv(path);
        var e = Assert.ThrowsAny<Exception>(() => df.Collect().ToList());
        var msg = e is SparkException ? e.Message : e.InnerException?.Message ?? e.Message;
        Assert.Contains("[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing: [null,b].", msg);
        Assert.Contains("Parse Mode: FAILFAST", msg);
    }

    [Fact]
    public void Csv_HeaderWithEnforceSchemaFalse_MismatchThrows()
    {
        using var dir = new TempDir();
        var path = dir.Data("a.csv", "a,b\n1,2\n");
        var df = Spark.Read().Schema("x INT, b INT").Option("header", true).Option("enforceSchema", false).Csv(path);
        var e = Assert.ThrowsAny<Exception>(() => df.Collect().ToList());
        Assert.Contains("CSV header does not conform to the schema", e.ToString());
    }

    [Fact]
    public void Csv_DuplicateAndEmptyHeaderNames_MadeSafe()
    {
        using var dir = new TempDir();
        var path = dir.Data("a.csv", "a,A,\n1,2,3\n");
        var df = Spark.Read().Option("header", true).Csv(path);
        Assert.Equal(new[] { "a0", "A1", "_c2" }, df.Schema().FieldNames());
    }

    [Fact]
    public void Csv_FormatLoadWithOptions_SameAsCsv()
    {
        using var dir = new TempDir();
        var path = dir.Data("a.csv", "k;v\n1;2\n");
        var df = Spark.Read().Format("csv").Option("header", true).Option("sep", ";").Option("inferSchema", true).Load(path);
        Assert.Equal("struct<k:int,v:int>", df.Schema().SimpleString);
        Assert.Equal(new[] { "1|2" }, Rows.Text(df));
    }

    [Fact]
    public void CsvWrite_SparkFormatting_RoundTrips()
    {
        using var dir = new TempDir();
        var schema = new StructType(new[]
        {
            new StructField("s", StringType.Instance), new StructField("d", DoubleType.Instance), new StructField("i", IntegerType.Instance),
            new StructField("ts", TimestampType.Instance), new StructField("dt", DateType.Instance), new StructField("b", BooleanType.Instance),
        });
        var rows = new[]
        {
            new GenericRow(new object?[] { "a,b", 1e7, 1, new DateTime(2024, 1, 2, 3, 4, 5, 600, DateTimeKind.Utc), new DateOnly(2024, 1, 2), true }),
            new GenericRow(new object?[] { "q\"x", 0.5, null, null, null, false }),
            new GenericRow(new object?[] { "", 100.0, 2, null, null, null }),
            new GenericRow(new object?[] { null, -0.001, 3, null, null, null }),
        };
        var df = Spark.CreateDataFrame(rows, schema).Coalesce(1);
        var outPath = dir.Sub("out");
        df.Write().Option("header", true).Csv(outPath);
        var file = Directory.GetFiles(outPath, "*.csv").Single();
        Assert.True(File.Exists(Path.Combine(outPath, "_SUCCESS")));
        var text = File.ReadAllText(file);
        Assert.Equal(
            "s,d,i,ts,dt,b\n" +
            "\"a,b\",1.0E7,1,2024-01-02T03:04:05.600Z,2024-01-02,true\n" +
            "\"q\\\"x\",0.5,,,,false\n" +
            "\"\",100.0,2,,,\n" +
            ",-0.001,3,,,\n", text);
        var back = Spark.Read().Schema(schema).Option("header", true).Csv(outPath);
        Assert.Equal(new[] { "a,b|1.0E7|1|2024-01-02 03:04:05.6|2024-01-02|true", "q\"x|0.5|null|null|null|false", "null|100.0|2|null|null|null", "null|-0.001|3|null|null|null" }, Rows.Text(back));
    }

    [Fact]
    public void CsvWrite_ArrayColumn_ThrowsUnsupportedDataType()
    {
        using var dir = new TempDir();
        var schema = new StructType(new[] { new StructField("a", new ArrayType(IntegerType.Instance)) });
        var df = Spark.CreateDataFrame(new[] { new GenericRow(new object?[] { new object?[] { 1 } }) }, schema);
        var e = Assert.ThrowsAny<Exception>(() => df.Write().Csv(dir.Sub("out")));
        Assert.Contains("[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The CSV datasource doesn't support the column `a` of the type \"ARRAY<INT>\".", e.ToString());
    }
}
