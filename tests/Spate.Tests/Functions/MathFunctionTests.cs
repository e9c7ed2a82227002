using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Sql.Functions;

namespace Spate.Tests.Functions;

public class MathFunctionTests
{
    [Fact]
    public void Abs_KeepsTypeAndNull()
    {
        var r = F.One(Abs(Col("d")), Abs(Lit(-3)), Abs(Col("nd")), Negative(Col("i")), Positive(Col("i")));
        Assert.Equal(new object?[] { 2.5, 3, null, -5, 5 }, r.Values);
        Assert.IsType<IntegerType>(F.TypeOf(Abs(Col("i"))));
        Assert.Equal(new[] { "abs(d)", "negative(i)", "(+ i)" }, F.Names(Abs(Col("d")), Negative(Col("i")), Positive(Col("i"))));
    }

    [Fact]
    public void Abs_BooleanArgument_Throws()
    {
        var e = Assert.ThrowsAny<AnalysisException>(() => F.One(Abs(Lit(true))));
        Assert.Contains("DATATYPE_MISMATCH", e.Message);
    }

    [Fact]
    public void Round_HalfUpAndBroundHalfEven()
    {
        var r = F.One(Round(Lit(2.5)), Round(Lit(-2.5)), Round(Lit(2.675), 2), Bround(Lit(2.5)), Bround(Lit(3.5)), Round(Lit(125), -1), Round(Col("nd"), 1));
        Assert.Equal(new object?[] { 3.0, -3.0, 2.68, 2.0, 4.0, 130, null }, r.Values);
        Assert.Equal(new[] { "round(d, 0)", "round(d, 2)", "bround(d, 0)" }, F.Names(Round(Col("d")), Round(Col("d"), 2), Bround(Col("d"))));
    }

    [Fact]
    public void CeilFloor_ReturnBigint()
    {
        var r = F.One(Ceil(Lit(-0.1)), Floor(Lit(2.5)), Ceil(Col("i")), Floor(Col("nd")));
        Assert.Equal(new object?[] { 0L, 2L, 5L, null }, r.Values);
        Assert.Equal(new[] { "CEIL(d)", "FLOOR(d)" }, F.Names(Ceil(Col("d")), Floor(Col("d"))));
    }

    [Fact]
    public void UnaryMath_MatchesSpark()
    {
        var r = F.One(Sqrt(Lit(4)), Sqrt(Lit(-1)), Cbrt(Lit(27.0)), Exp(Lit(0)), Log(Lit(Math.E)), Log(Lit(0)), Log(2.0, Lit(8)), Log10(Lit(100)), Log2(Lit(8)), Log1p(Lit(0)),
            Pow(Lit(3), Lit(2)), Signum(Lit(-7)), Degrees(Lit(Math.PI)), Radians(Lit(180)), Sqrt(Col("nd")), Sqrt(Lit("abc")));
        Assert.Equal(new object?[] { 2.0, double.NaN, 3.0, 1.0, 1.0, null, 3.0, 2.0, 3.0, 0.0, 9.0, -1.0, 180.0, Math.PI, null, null }, r.Values);
        Assert.Equal(new[] { "SQRT(i)", "ln(i)", "LOG10(i)", "POWER(i, 2)", "LOG(2.0, i)" }, F.Names(Sqrt(Col("i")), Log(Col("i")), Log10(Col("i")), Pow(Col("i"), Lit(2)), Log(2.0, Col("i"))));
    }

    [Fact]
    public void Trig_Values()
    {
        var r = F.One(Sin(Lit(0)), Cos(Lit(0)), Tan(Lit(0)), Asin(Lit(1)), Acos(Lit(1)), Atan(Lit(0)), Atan2(Lit(0), Lit(1)), Sinh(Lit(0)), Cosh(Lit(0)), Tanh(Lit(0)), Expm1(Lit(0)));
        Assert.Equal(new object?[] { 0.0, 1.0, 0.0, Math.PI / 2, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0 }, r.Values);
    }

    [Fact]
    public void GreatestLeast_SkipNulls()
    {
        var r = F.One(Greatest(Lit(1), Col("ni"), Lit(3)), Least(Lit(1), Col("ni"), Lit(3)), Greatest(Col("ni"), Col("ni")), Greatest(Col("i"), Col("d")));
        Assert.Equal(new object?[] { 3, 1, null, 5.0 }, r.Values);
        Assert.ThrowsAny<AnalysisException>(() => F.One(Greatest(Col("i"))));
    }

    [Fact]
    public void Rand_SeededIsDeterministicInRange()
    {
        var df = F.Spark.CreateDataFrame(Enumerable.Range(0, 100));
        var a = df.Select(Rand(42)).Collect().Select(r => (double)r[0]!).ToArray();
        var b = df.Select(Rand(42)).Collect().Select(r => (double)r[0]!).ToArray();
        Assert.All(a, x => Assert.InRange(x, 0.0, 1.0));
        Assert.Equal(a, b);
        Assert.Equal("rand(42)", df.Select(Rand(42)).Columns()[0]);
        Assert.NotEqual(a, df.Select(Randn(42)).Collect().Select(r => (double)r[0]!).ToArray());
    }

    [Fact]
    public void HexUnhexBinConv()
    {
        var r = F.One(Hex(Lit(17)), Hex(Lit("Spark SQL")), Hex(Lit(-1L)), Unhex(Lit("537061726B2053514C")), Unhex(Lit("zz")), Bin(Lit(13)), Conv(Lit("100"), 2, 10), Conv(Lit("-10"), 16, -10), Conv(Lit("1"), 1, 10));
        Assert.Equal("11", r[0]);
        Assert.Equal("537061726B2053514C", r[1]);
        Assert.Equal("FFFFFFFFFFFFFFFF", r[2]);
        Assert.Equal("Spark SQL"u8.ToArray(), (byte[])r[3]!);
        Assert.Null(r[4]);
        Assert.Equal(new object?[] { "1101", "4", "-16", null }, r.Values[5..]);
    }

    [Fact]
    public void PmodNanvlIsNanFactorial()
    {
        var r = F.One(Pmod(Lit(10), Lit(3)), Pmod(Lit(-10), Lit(3)), Pmod(Lit(1), Lit(0)), NaNvl(Lit(double.NaN), Lit(123.0)), IsNaN(Lit(double.NaN)), IsNaN(Col("nd")),
            Factorial(Lit(5)), Factorial(Lit(21)), Pi(), E(), TryDivide(Lit(1), Lit(0)), TryDivide(Lit(3), Lit(2)));
        Assert.Equal(new object?[] { 1, 2, null, 123.0, true, false, 120L, null, Math.PI, Math.E, null, 1.5 }, r.Values);
        Assert.Equal(new[] { "PI()", "E()", "isnan(d)" }, F.Names(Pi(), E(), IsNaN(Col("d"))));
    }
}
