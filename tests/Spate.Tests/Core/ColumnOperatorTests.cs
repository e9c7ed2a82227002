using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Sql.Functions;
using static Spate.Tests.Core.CoreTestUtil;

namespace Spate.Tests.Core;

/// <summary>Column operators and their null semantics (Spark 3.5, non-ANSI).</summary>
public class ColumnOperatorTests
{
    private static DataFrame Bools() => Df("a BOOLEAN, b BOOLEAN",
        new object?[] { true, true }, new object?[] { true, false }, new object?[] { true, null },
        new object?[] { false, true }, new object?[] { false, false }, new object?[] { false, null },
        new object?[] { null, true }, new object?[] { null, false }, new object?[] { null, null });

    private static object? One(Column c) => Spark.Range(1).Select(c).Collect().Single()[0];

    [Fact]
    public void AndOrNot_ThreeValuedLogic()
    {
        var rows = Rows(Bools().Select(Col("a") & Col("b"), Col("a") | Col("b"), !Col("a")));
        Assert.Equal(new[]
        {
            "true,true,false", "false,true,false", "null,true,false",
            "false,true,true", "false,false,true", "false,null,true",
            "null,true,null", "false,null,null", "null,null,null",
        }, rows);
    }

    [Fact]
    public void AndOr_InFilter_NullIsNotTrue()
    {
        Assert.Equal(3, Bools().Where(Col("a") | Col("b")).Where(Col("a")).Count());
        Assert.Equal(1, Bools().Where(Col("a") & Col("b")).Count());
        Assert.Equal(3, Bools().Where(!Col("a")).Count());
    }

    [Fact]
    public void Division_ByZero_IsNull()
    {
        var df = Df("a INT, b INT", new object?[] { 7, 0 }, new object?[] { 7, 2 }, new object?[] { null, 2 }, new object?[] { -7, 2 });
        Assert.Equal(new[] { "null,null", "3.5,1", "null,null", "-3.5,-1" }, Rows(df.Select(Col("a") / Col("b"), Col("a") % Col("b"))));
        Assert.Equal(new DoubleType(), df.Select(Col("a") / Col("b")).Schema().Fields[0].DataType);
    }

    [Fact]
    public void IntegralDivide_ByZero_IsNull()
    {
        var df = Df("a BIGINT, b BIGINT", new object?[] { 7L, 0L }, new object?[] { -7L, 2L });
        Assert.Equal(new[] { "null", "-3" }, Rows(df.SelectExpr("a div b")));
    }

    [Fact]
    public void Remainder_Doubles_ByZeroIsNull()
    {
        var df = Df("a DOUBLE, b DOUBLE", new object?[] { 7.5, 0.0 }, new object?[] { 7.5, 2.0 }, new object?[] { -7.5, 2.0 });
        Assert.Equal(new[] { "null", "1.5", "-1.5" }, Rows(df.Select(Col("a") % Col("b"))));
    }

    [Fact]
    public void DoubleDivision_ByZero_IsNull()
    {
        // Spark's Divide returns null for a zero divisor, also for doubles.
        var df = Df("a DOUBLE, b DOUBLE", new object?[] { 1.0, 0.0 }, new object?[] { 0.0, 0.0 });
        Assert.Equal(new[] { "null", "null" }, Rows(df.Select(Col("a") / Col("b"))));
    }

    [Fact]
    public void Arithmetic_IntegerOverflow_Wraps()
    {
        var df = Df("i INT, l BIGINT", new object?[] { int.MaxValue, long.MaxValue });
        Assert.Equal(new[] { $"{int.MinValue},{long.MinValue},-2" }, Rows(df.Select(Col("i") + 1, Col("l") + 1, Col("i") * 2)));
        Assert.Equal(new IntegerType(), df.Select(Col("i") + 1).Schema().Fields[0].DataType);
    }

    [Fact]
    public void Arithmetic_UnaryMinusOfMinValue_Wraps()
    {
        var df = Df("i INT", new object?[] { int.MinValue }, new object?[] { null });
        Assert.Equal(new[] { $"{int.MinValue}", "null" }, Rows(df.Select(-Col("i"))));
    }

    [Fact]
    public void Arithmetic_MixedTypes_Widen()
    {
        var df = Df("i INT, l BIGINT, d DOUBLE, f FLOAT, s SMALLINT, dec DECIMAL(10,2)", new object?[] { 1, 2L, 0.5, 1.5f, (short)3, 1.25m });
        var r = df.Select(Col("i") + Col("d"), Col("i") + Col("l"), Col("s") + Col("s"), Col("i") * Col("f"), Col("i") / Col("i"), Col("i") + Col("dec"), Col("d") + Col("dec"));
        var types = r.Schema().Fields.Select(f => f.DataType.SimpleString).ToArray();
        Assert.Equal(new[] { "double", "bigint", "smallint", "float", "double", "decimal(13,2)", "double" }, types);
        Assert.Equal(new[] { "1.5,3,6,1.5,1.0,2.25,1.75" }, Rows(r));
    }

    [Fact]
    public void Arithmetic_ColumnNames_SparkGenerated()
    {
        var df = Df("a INT, b INT").Select(Col("a") + Col("b"), Col("a") * 2, Col("a") / Col("b"), Col("a") % 3, -Col("a"), Col("a") == 1, !(Col("a") > 1));
        Assert.Equal(new[] { "(a + b)", "(a * 2)", "(a / b)", "(a % 3)", "(- a)", "(a = 1)", "(NOT (a > 1))" }, df.Columns());
    }

    [Fact]
    public void Arithmetic_WithNull_IsNull()
    {
        var df = Df("a INT, b DOUBLE", new object?[] { null, 1.0 }, new object?[] { 1, null });
        Assert.Equal(new[] { "null,null", "null,null" }, Rows(df.Select(Col("a") + Col("b"), Col("a") * Col("b"))));
    }

    [Fact]
    public void Comparison_StringWithNumber_CastsStringToNumber()
    {
        var df = Df("s STRING", new object?[] { "10" }, new object?[] { "9" }, new object?[] { "abc" }, new object?[] { null });
        // Numeric comparison: "10" > 9 (lexically "10" < "9"); a non-number compares as null.
        Assert.Equal(new[] { "true,false", "false,true", "null,null", "null,null" }, Rows(df.Select(Col("s") > 9, Col("s") == 9)));
        Assert.Equal(1, df.Where(Col("s") == 10).Count());
    }

    [Fact]
    public void Comparison_NullOperand_IsNull()
    {
        var df = Df("a INT", new object?[] { null }, new object?[] { 1 });
        Assert.Equal(new[] { "null,null,null,null,null", "true,false,true,true,false" },
            Rows(df.Select(Col("a") == 1, Col("a") != 1, Col("a") >= 1, Col("a") <= 1, Col("a") < 1)));
    }

    [Fact]
    public void EqNullSafe_NullEqualsNull()
    {
        var df = Df("a INT, b INT", new object?[] { null, null }, new object?[] { 1, null }, new object?[] { 1, 1 }, new object?[] { 1, 2 });
        Assert.Equal(new[] { "true", "false", "true", "false" }, Rows(df.Select(Col("a").EqNullSafe(Col("b")))));
        Assert.Equal("(a <=> b)", df.Select(Col("a").EqNullSafe(Col("b"))).Columns()[0]);
    }

    [Fact]
    public void IsIn_WithNulls_ThreeValued()
    {
        var df = Df("a INT", new object?[] { 1 }, new object?[] { 2 }, new object?[] { null });
        Assert.Equal(new[] { "true,true,false", "null,true,false", "null,null,null" },
            Rows(df.Select(Col("a").IsIn(1, null), Col("a").IsIn(1, 2), Col("a").IsIn(3))));
    }

    [Fact]
    public void IsIn_StringListOnIntColumn_Coerced()
    {
        var df = Df("a INT", new object?[] { 1 }, new object?[] { 2 });
        Assert.Equal(new[] { "1" }, Rows(df.Where(Col("a").IsIn("1", "3"))));
        Assert.Equal(new[] { "2" }, Rows(df.Where(Col("a").IsIn(new List<int> { 2, 5 }))));
    }

    [Fact]
    public void Between_Inclusive_NullsAreNull()
    {
        var df = Df("a INT", new object?[] { 1 }, new object?[] { 2 }, new object?[] { 3 }, new object?[] { 4 }, new object?[] { null });
        Assert.Equal(new[] { "false", "true", "true", "false", "null" }, Rows(df.Select(Col("a").Between(2, 3))));
    }

    [Fact]
    public void WhenOtherwise_BranchTypesUnified()
    {
        var df = Df("a INT", new object?[] { 1 }, new object?[] { 2 }, new object?[] { null });
        var r = df.Select(When(Col("a") == 1, 1).When(Col("a") == 2, 2.5).Otherwise(0).Alias("x"), When(Col("a") == 1, "one").Alias("y"));
        Assert.Equal("double", r.Schema().Fields[0].DataType.SimpleString);
        Assert.Equal(new[] { "1.0,one", "2.5,null", "0.0,null" }, Rows(r));
    }

    [Fact]
    public void When_NullCondition_FallsThrough()
    {
        var df = Df("a BOOLEAN", new object?[] { null });
        Assert.Equal(new[] { "no" }, Rows(df.Select(When(Col("a"), "yes").Otherwise("no"))));
    }

    [Fact]
    public void When_IncompatibleBranchTypes_AnalysisException()
    {
        var df = Df("a INT", new object?[] { 1 });
        var e = Assert.ThrowsAny<AnalysisException>(() => df.Select(When(Col("a") == 1, Lit(1)).Otherwise(Lit(new byte[] { 1 }))));
        Assert.Contains("DATATYPE_MISMATCH", e.Message);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData(" 12 ", 12)]
    [InlineData("1.5", 1)]
    [InlineData("-1.9", -1)]
    [InlineData("abc", null)]
    [InlineData("", null)]
    [InlineData("2147483648", null)]
    public void Cast_StringToInt_NonAnsi(string input, int? expected)
    {
        Assert.Equal(expected, One(Lit(input).Cast("int")));
    }

    [Fact]
    public void Cast_StringWithExponentToInt_Null()
    {
        Assert.Null(One(Lit("1e3").Cast("int")));
    }

    [Theory]
    [InlineData(3.9, 3)]
    [InlineData(-3.9, -3)]
    [InlineData(double.NaN, 0)]
    public void Cast_DoubleToInt_Truncates(double input, int expected)
    {
        Assert.Equal(expected, One(Lit(input).Cast("int")));
    }

    [Fact]
    public void Cast_DoubleToInt_OutOfRangeSaturates()
    {
        Assert.Equal(int.MaxValue, One(Lit(1e20).Cast("int")));
        Assert.Equal(int.MinValue, One(Lit(-1e20).Cast("int")));
    }

    [Fact]
    public void Cast_LongToInt_Wraps()
    {
        Assert.Equal(unchecked((int)4294967297L), One(Lit(4294967297L).Cast("int")));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("T", true)]
    [InlineData("yes", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("n", false)]
    [InlineData("0", false)]
    [InlineData("maybe", null)]
    public void Cast_StringToBoolean_SparkStrings(string input, bool? expected)
    {
        Assert.Equal(expected, One(Lit(input).Cast("boolean")));
    }

    [Fact]
    public void Cast_ToString_SparkForms()
    {
        var r = Spark.Range(1).Select(
            Lit(1.0E7).Cast("string"), Lit(100.0).Cast("string"), Lit(true).Cast("string"), Lit(5L).Cast("string"),
            Lit(new DateOnly(2024, 2, 29)).Cast("string"), Lit(1.5f).Cast("string"), Lit(1.50m).Cast("decimal(4,2)").Cast("string"));
        Assert.Equal(new[] { "1.0E7,100.0,true,5,2024-02-29,1.5,1.50" }, Rows(r));
    }

    [Fact]
    public void Cast_StringToDateAndTimestamp_BadIsNull()
    {
        var r = Spark.Range(1).Select(Lit("2024-01-02").Cast("date"), Lit("nope").Cast("date"), Lit("2024-01-02 03:04:05").Cast("timestamp"), Lit("x").Cast("timestamp"));
        var row = r.Collect().Single();
        Assert.Equal(new DateOnly(2024, 1, 2), row[0]);
        Assert.Null(row[1]);
        Assert.NotNull(row[2]);
        Assert.Null(row[3]);
    }

    [Fact]
    public void Cast_StringToDouble_SparkRules()
    {
        Assert.Equal(1.5, One(Lit("1.5").Cast("double")));
        Assert.Equal(1000.0, One(Lit("1e3").Cast("double")));
        Assert.Null(One(Lit("1.5x").Cast("double")));
        Assert.Equal(double.PositiveInfinity, One(Lit("Infinity").Cast("double")));
        Assert.True(double.IsNaN((double)One(Lit("NaN").Cast("double"))!));
    }

    [Fact]
    public void Cast_ColumnName_SparkGenerated()
    {
        Assert.Equal("CAST(a AS INT)", Df("a STRING").Select(Col("a").Cast("int")).Columns()[0]);
    }

    [Fact]
    public void Cast_BadTypeString_ParseException()
    {
        Assert.ThrowsAny<AnalysisException>(() => Col("a").Cast("notatype"));
    }

    [Fact]
    public void GetField_OnStruct_ReadsFieldAndNull()
    {
        var df = Df("s STRUCT<a: INT, b: STRING>", new object?[] { new GenericRow(new object?[] { 1, "x" }) }, new object?[] { null },
            new object?[] { new GenericRow(new object?[] { null, "y" }) });
        Assert.Equal(new[] { "1,x", "null,null", "null,y" }, Rows(df.Select(Col("s").GetField("a"), Col("s")["b"])));
        // Spark names getField "s.a" but a dotted column reference by its last part.
        Assert.Equal(new[] { "s.a", "b" }, df.Select(Col("s").GetField("a"), Col("s.b")).Columns());
    }

    [Fact]
    public void GetItem_OnArrayAndMap_OutOfRangeIsNull()
    {
        var df = Df("arr ARRAY<STRING>, m MAP<STRING, INT>",
            new object?[] { new object?[] { "a", "b" }, new Dictionary<object, object?> { ["k"] = 1 } },
            new object?[] { null, null });
        Assert.Equal(new[] { "a,null,null,1,null", "null,null,null,null,null" },
            Rows(df.Select(Col("arr").GetItem(0), Col("arr").GetItem(5), Col("arr").GetItem(-1), Col("m").GetItem("k"), Col("m").GetItem("zz"))));
    }

    [Fact]
    public void GetField_OnNonStruct_AnalysisException()
    {
        var df = Df("a INT");
        var e = Assert.ThrowsAny<AnalysisException>(() => df.Select(Col("a").GetField("x")));
        Assert.Contains("a", e.Message);
    }

    [Fact]
    public void SortOrder_DefaultNullPlacement()
    {
        var df = Df("a INT", new object?[] { 2 }, new object?[] { null }, new object?[] { 1 });
        Assert.Equal(new[] { "null", "1", "2" }, Rows(df.OrderBy(Col("a").Asc())));
        Assert.Equal(new[] { "2", "1", "null" }, Rows(df.OrderBy(Col("a").Desc())));
        Assert.Equal(new[] { "1", "2", "null" }, Rows(df.OrderBy(Col("a").AscNullsLast())));
        Assert.Equal(new[] { "null", "2", "1" }, Rows(df.OrderBy(Col("a").DescNullsFirst())));
        Assert.Equal(new[] { "null", "1", "2" }, Rows(df.OrderBy("a")));
    }

    [Fact]
    public void SortOrder_DoublesWithNaN_NaNLargest()
    {
        var df = Df("d DOUBLE", new object?[] { double.NaN }, new object?[] { double.PositiveInfinity }, new object?[] { -1.0 }, new object?[] { null });
        Assert.Equal(new[] { "null", "-1.0", "Infinity", "NaN" }, Rows(df.OrderBy("d")));
    }

    [Fact]
    public void Like_Contains_StartsWith_NullSemantics()
    {
        var df = Df("s STRING", new object?[] { "hello" }, new object?[] { null });
        Assert.Equal(new[] { "true,true,true,false", "null,null,null,null" },
            Rows(df.Select(Col("s").Like("h%o"), Col("s").Contains("ell"), Col("s").StartsWith("he"), Col("s").EndsWith("x"))));
    }

    [Fact]
    public void IsNullIsNotNull_NeverNull()
    {
        var df = Df("a INT", new object?[] { null }, new object?[] { 1 });
        Assert.Equal(new[] { "true,false", "false,true" }, Rows(df.Select(Col("a").IsNull(), Col("a").IsNotNull())));
        Assert.False(df.Select(Col("a").IsNull()).Schema().Fields[0].IsNullable);
    }

    [Fact]
    public void Coalesce_FirstNonNull()
    {
        var df = Df("a INT, b BIGINT", new object?[] { null, 2L }, new object?[] { 1, 3L }, new object?[] { null, null });
        var r = df.Select(Coalesce(Col("a"), Col("b")));
        Assert.Equal("bigint", r.Schema().Fields[0].DataType.SimpleString);
        Assert.Equal(new[] { "2", "1", "null" }, Rows(r));
    }
}
