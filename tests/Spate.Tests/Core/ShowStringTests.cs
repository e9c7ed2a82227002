using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Sql.Functions;
using static Spate.Tests.Core.CoreTestUtil;

namespace Spate.Tests.Core;

/// <summary>Dataset.showString as Spark 3.4/3.5 prints it (nulls as "null", see docs/architecture.md).</summary>
public class ShowStringTests
{
    [Fact]
    public void ShowString_LongValue_TruncatedTo17CharsPlusEllipsisRightAligned()
    {
        var df = Spark.CreateDataFrame(new[] { "abcdefghijklmnopqrstuvwxyz", "a" });
        Assert.Equal(Lines(
            "+--------------------+",
            "|               value|",
            "+--------------------+",
            "|abcdefghijklmnopq...|",
            "|                   a|",
            "+--------------------+"), df.ShowString());
    }

    [Fact]
    public void ShowString_ExactlyTwentyChars_NotTruncated()
    {
        var df = Spark.CreateDataFrame(new[] { "abcdefghijklmnopqrst" });
        Assert.Contains("|abcdefghijklmnopqrst|", df.ShowString());
    }

    [Fact]
    public void ShowString_TruncateZero_LeftAlignedWholeCells()
    {
        var df = Spark.CreateDataFrame(new[] { "abcdefghijklmnopqrstuvwxyz", "a", null });
        var expected = Lines(
            "+--------------------------+",
            "|value                     |",
            "+--------------------------+",
            "|abcdefghijklmnopqrstuvwxyz|",
            "|a                         |",
            "|null                      |",
            "+--------------------------+");
        Assert.Equal(expected, df.ShowString(20, 0));
    }


    [Fact]
    public void ShowString_TruncateBelowFour_NoEllipsis()
    {
        var df = Spark.CreateDataFrame(new[] { "abcdefgh" });
        Assert.Contains("|  abc|", df.ShowString(20, 3));
        Assert.Contains("|ab...|", df.ShowString(20, 5));
    }

    [Fact]
    public void ShowString_NarrowColumn_MinimumWidthThree()
    {
        var df = Df("a STRING", new object?[] { "x" });
        Assert.Equal(Lines("+---+", "|  a|", "+---+", "|  x|", "+---+"), df.ShowString());
    }

    [Fact]
    public void ShowString_WidthsOverShownRowsOnly_AndOnlyShowingTopRow()
    {
        var df = Spark.CreateDataFrame(new[] { "a", "a very long value here" });
        Assert.Equal(Lines("+-----+", "|value|", "+-----+", "|    a|", "+-----+", "only showing top 1 row"), df.ShowString(1));
    }

    [Fact]
    public void ShowString_MoreRowsThanShown_SaysOnlyShowingTopNRows()
    {
        var df = Spark.Range(5);
        Assert.Equal(Lines("+---+", "| id|", "+---+", "|  0|", "|  1|", "+---+", "only showing top 2 rows"), df.ShowString(2));
    }

    [Fact]
    public void ShowString_ExactlyNumRows_NoFooter()
    {
        Assert.DoesNotContain("only showing", Spark.Range(2).ShowString(2));
    }

    [Fact]
    public void ShowString_ZeroRows_HeaderOnlyAndFooter()
    {
        Assert.Equal(Lines("+---+", "| id|", "+---+", "+---+", "only showing top 0 rows"), Spark.Range(3).ShowString(0));
    }

    [Fact]
    public void ShowString_EmptyDataFrame_HeaderOnly()
    {
        var df = Df("name STRING, amount DOUBLE");
        Assert.Equal(Lines("+----+------+", "|name|amount|", "+----+------+", "+----+------+"), df.ShowString());
    }

    [Fact]
    public void ShowString_NoColumns_PrintsEmptyFrame()
    {
        // Spark: Seq().addString(sb, "+", "+", "+\n") gives "++".
        Assert.Equal(Lines("++", "||", "++", "++"), Spark.EmptyDataFrame().ShowString());
    }

    [Fact]
    public void ShowString_LongColumnName_HeaderNotTruncated()
    {
        // Spark truncates cells, never the header row.
        var df = Df("abcdefghijklmnopqrstuvwxyz INT", new object?[] { 1 });
        Assert.Equal(Lines(
            "+--------------------------+",
            "|abcdefghijklmnopqrstuvwxyz|",
            "+--------------------------+",
            "|                         1|",
            "+--------------------------+"), df.ShowString());
    }

    [Fact]
    public void ShowString_NewlineAndTabInCell_Escaped()
    {
        // Spark's SchemaUtils.escapeMetaCharacters keeps the table on one line per row.
        var df = Spark.CreateDataFrame(new[] { "a\nb\tc" });
        Assert.Equal(Lines("+-------+", "|  value|", "+-------+", "|a\\nb\\tc|", "+-------+"), df.ShowString());
    }

    [Fact]
    public void ShowString_Nulls_PrintedAsNull()
    {
        var df = Df("a INT, b STRING", new object?[] { null, null }, new object?[] { 1, "x" });
        Assert.Equal(Lines("+----+----+", "|   a|   b|", "+----+----+", "|null|null|", "|   1|   x|", "+----+----+"), df.ShowString());
    }

    [Fact]
    public void ShowString_ArraysStructsMaps_SparkCastToStringForms()
    {
        var df = Df("arr ARRAY<STRING>, s STRUCT<a: STRING, b: INT>, m MAP<STRING, INT>",
            new object?[] { new object?[] { "a", "b" }, new GenericRow(new object?[] { "x", 1 }), new Dictionary<object, object?> { ["k"] = 1 } },
            new object?[] { new object?[] { "a", null }, new GenericRow(new object?[] { null, null }), new Dictionary<object, object?> { ["k"] = null } },
            new object?[] { new object?[0], null, new Dictionary<object, object?>() });
        Assert.Equal(Lines(
            "+---------+------------+-----------+",
            "|      arr|           s|          m|",
            "+---------+------------+-----------+",
            "|   [a, b]|      {x, 1}|   {k -> 1}|",
            "|[a, null]|{null, null}|{k -> null}|",
            "|       []|        null|         {}|",
            "+---------+------------+-----------+"), df.ShowString());
    }

    [Fact]
    public void ShowString_NestedArrayOfStructs_Rendered()
    {
        var df = Df("v ARRAY<STRUCT<a: STRING, b: INT>>",
            new object?[] { new object?[] { new GenericRow(new object?[] { "a", 1 }), null, new GenericRow(new object?[] { "b", null }) } });
        Assert.Contains("|[{a, 1}, null, {b, null}]|", df.ShowString(20, 0));
    }

    [Fact]
    public void ShowString_Doubles_JavaToStringForms()
    {
        var values = new[] { 100.0, 3.9, 1.0E7, 9999999.0, 1.0E-4, 0.001, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.1 + 0.2, 123456789.123, -1.5E-10 };
        var df = Spark.CreateDataFrame(values);
        var cells = df.ShowString(20, 0).Split('\n').Skip(3).Take(values.Length).Select(l => l.Trim('|').Trim()).ToArray();
        Assert.Equal(new[] { "100.0", "3.9", "1.0E7", "9999999.0", "1.0E-4", "0.001", "-0.0", "NaN", "Infinity", "-Infinity", "0.30000000000000004", "1.23456789123E8", "-1.5E-10" }, cells);
    }

    [Fact]
    public void ShowString_Floats_JavaToStringForms()
    {
        var df = Df("f FLOAT", new object?[] { 1.1f }, new object?[] { 100f }, new object?[] { 1e-5f }, new object?[] { 3.4028235E38f }, new object?[] { 1.0E7f });
        var cells = df.ShowString(20, 0).Split('\n').Skip(3).Take(5).Select(l => l.Trim('|').Trim()).ToArray();
        Assert.Equal(new[] { "1.1", "100.0", "1.0E-5", "3.4028235E38", "1.0E7" }, cells);
    }

    [Fact]
    public void ShowString_Decimals_KeepColumnScale()
    {
        var df = Df("d DECIMAL(10,2)", new object?[] { 1.5m }, new object?[] { 12345678.9m }, new object?[] { -0.01m });
        Assert.Equal(Lines("+-----------+", "|          d|", "+-----------+", "|       1.50|", "|12345678.90|", "|      -0.01|", "+-----------+"), df.ShowString());
    }

    [Fact]
    public void ShowString_CastToDecimal_KeepsScale()
    {
        var row = Spark.Range(1).Select(Lit(2).Cast("decimal(5,3)").Alias("d")).ShowString();
        Assert.Contains("|2.000|", row);
    }

    [Fact]
    public void ShowString_TimestampsDatesBooleans_SparkForms()
    {
        var df = Df("ts TIMESTAMP, d DATE, b BOOLEAN",
            new object?[] { new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), new DateOnly(2024, 2, 29), true },
            new object?[] { new DateTime(2024, 1, 2, 3, 4, 5, 120, DateTimeKind.Utc), new DateOnly(1, 1, 1), false },
            new object?[] { new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1234560), null, null });
        Assert.Equal(Lines(
            "+--------------------------+----------+-----+",
            "|ts                        |d         |b    |",
            "+--------------------------+----------+-----+",
            "|2024-01-02 03:04:05       |2024-02-29|true |",
            "|2024-01-02 03:04:05.12    |0001-01-01|false|",
            "|2024-01-02 03:04:05.123456|null      |null |",
            "+--------------------------+----------+-----+"), df.ShowString(20, 0));
    }

    [Fact]
    public void ShowString_Binary_HexBytes()
    {
        var df = Df("b BINARY", new object?[] { new byte[] { 1, 2, 0xAB } }, new object?[] { System.Array.Empty<byte>() });
        Assert.Equal(Lines("+----------+", "|         b|", "+----------+", "|[01 02 AB]|", "|        []|", "+----------+"), df.ShowString());
    }

    [Fact]
    public void ShowString_Integers_AllWidths()
    {
        var df = Df("b TINYINT, s SMALLINT, i INT, l BIGINT", new object?[] { (sbyte)-128, (short)-32768, int.MinValue, long.MaxValue });
        Assert.Contains("|-128|-32768|-2147483648|9223372036854775807|", df.ShowString());
    }

    [Fact]
    public void ShowString_WideCharacters_CountTwoColumns()
    {
        var df = Spark.CreateDataFrame(new[] { "中文字符", "a" });
        Assert.Equal(Lines("+--------+", "|   value|", "+--------+", "|中文字符|", "|       a|", "+--------+"), df.ShowString());
    }

    [Fact]
    public void ShowString_Vertical_ExactLayout()
    {
        var df = Df("name STRING, amount INT", new object?[] { "Alice", 1 }, new object?[] { "Bob", 22 });
        Assert.Equal(Lines(
            "-RECORD 0-------",
            " name   | Alice ",
            " amount | 1     ",
            "-RECORD 1-------",
            " name   | Bob   ",
            " amount | 22    "), df.ShowString(20, 20, true));
    }

    [Fact]
    public void ShowString_VerticalNarrow_MinimumWidthThree()
    {
        var df = Df("a STRING", new object?[] { "x" });
        Assert.Equal(Lines("-RECORD 0--", " a   | x   "), df.ShowString(20, 20, true));
    }

    [Fact]
    public void ShowString_VerticalMoreRows_OnlyShowingFooter()
    {
        var df = Spark.Range(3);
        Assert.Equal(Lines("-RECORD 0--", " id  | 0   ", "only showing top 1 row"), df.ShowString(1, 20, true));
    }

    [Fact]
    public void ShowString_VerticalEmpty_ZeroRows()
    {
        Assert.Equal("(0 rows)\n", Df("a INT").ShowString(20, 20, true));
        // Spark prints "(0 rows)" and no "only showing" footer when no row is shown.
        Assert.Equal("(0 rows)\n", Spark.Range(3).ShowString(0, 20, true));
    }

    [Fact]
    public void ShowString_VerticalTruncates_Cells()
    {
        var df = Spark.CreateDataFrame(new[] { "abcdefghijklmnopqrstuvwxyz" });
        Assert.Equal(Lines("-RECORD 0" + new string('-', 21), " value | abcdefghijklmnopq... "), df.ShowString(20, 20, true));
    }

    [Fact]
    public void ShowString_HugeNumRows_ShowsAllRows()
    {
        Assert.Equal(Lines("+---+", "| id|", "+---+", "|  0|", "|  1|", "+---+"), Spark.Range(2).ShowString(int.MaxValue));
    }

    [Fact]
    public void ShowString_NegativeNumRows_TreatedAsZero()
    {
        Assert.Equal(Lines("+---+", "| id|", "+---+", "+---+", "only showing top 0 rows"), Spark.Range(2).ShowString(-5));
    }
}
