using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Tests.Files;

public class TextFileFormatTests
{
    private static SparkSession Spark => TestSession.Spark;

    [Fact]
    public void Text_MixedLineEndings_OneRowPerLine()
    {
        using var dir = new TempDir();
        var path = dir.Data("a.txt", "one\r\ntwo\n\nthree\rfour\n");
        var df = Spark.Read().Text(path);
        Assert.Equal("root\n |-- value: string (nullable = true)\n", df.Schema().TreeString());
        Assert.Equal(new[] { "one", "two", "", "three", "four" }, Rows.Text(df));
    }

    [Fact]
    public void Text_ManyLinesAcrossChunksAndBatches_EveryLineOnceInOrder()
    {
        using var dir = new TempDir();
        // ~2.4 MB: more than one 1 MB read chunk and several 8192-row batches; mixed line endings.
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < 30000; i++) sb.Append("line-").Append(i).Append(new string('x', i % 97)).Append(i % 3 == 0 ? "\r\n" : "\n");
        var path = dir.Data("big.txt", sb.ToString());
        var lines = Rows.Text(Spark.Read().Text(path));
        Assert.Equal(30000, lines.Length);
        for (int i = 0; i < lines.Length; i++) Assert.Equal("line-" + i + new string('x', i % 97), lines[i]);
    }

    [Fact]
    public void Text_WholeText_OneRowPerFile()
    {
        using var dir = new TempDir();
        var path = dir.Data("a.txt", "one\ntwo\n");
        var df = Spark.Read().Option("wholetext", true).Text(path);
        Assert.Equal(new[] { "one\ntwo\n" }, Rows.Text(df));
    }

    [Fact]
    public void Text_LineSep_SplitsOnCustomSeparator()
    {
        using var dir = new TempDir();
        var path = dir.Data("a.txt", "a;b;c");
        Assert.Equal(new[] { "a", "b", "c" }, Rows.Text(Spark.Read().Option("lineSep", ";").Text(path)));
    }

    [Fact]
    public void TextWrite_SingleStringColumn_RoundTrips()
    {
        using var dir = new TempDir();
        var df = Spark.CreateDataFrame(new[] { "x", "héllo", "z" }).Coalesce(1);
        df.Write().Text(dir.Sub("out"));
        var file = Directory.GetFiles(dir.Sub("out"), "part-*").Single();
        Assert.EndsWith(".txt", file);
        Assert.Equal("x\nhéllo\nz\n", File.ReadAllText(file));
        Assert.Equal(new[] { "x", "héllo", "z" }, Rows.Text(Spark.Read().Text(dir.Sub("out"))));
    }

    [Fact]
    public void TextWrite_TwoColumns_ThrowsSparkError()
    {
        using var dir = new TempDir();
        var schema = new StructType(new[] { new StructField("a", StringType.Instance), new StructField("b", StringType.Instance) });
        var df = Spark.CreateDataFrame(new[] { new GenericRow(new object?[] { "1", "2" }) }, schema);
        var e = Assert.ThrowsAny<Exception>(() => df.Write().Text(dir.Sub("out")));
        Assert.Contains("Text data source supports only a single column, and you have 2 columns.", e.ToString());
    }

    [Fact]
    public void TextWrite_IntColumn_ThrowsUnsupportedDataType()
    {
        using var dir = new TempDir();
        var df = Spark.CreateDataFrame(new[] { 1, 2 });
        var e = Assert.ThrowsAny<Exception>(() => df.Write().Text(dir.Sub("out")));
        Assert.Contains("[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The Text datasource doesn't support the column `_1` of the type \"INT\".", e.ToString());
    }
}
