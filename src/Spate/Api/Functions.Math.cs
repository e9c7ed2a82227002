namespace Spate.Sql;

public static partial class Functions
{
    /// <summary>Absolute value.</summary>
    public static Column Abs(Column column) => Fn("abs", column);
    /// <summary>Rounds half up to <paramref name="scale"/> decimals.</summary>
    public static Column Round(Column column, int scale = 0) => Fn("round", column, Lit(scale));
    /// <summary>Rounds half to even to <paramref name="scale"/> decimals.</summary>
    public static Column Bround(Column column, int scale = 0) => Fn("bround", column, Lit(scale));
    /// <summary>Smallest integer not less than the value.</summary>
    public static Column Ceil(Column column) => Fn("ceil", column);
    /// <summary>Largest integer not greater than the value.</summary>
    public static Column Floor(Column column) => Fn("floor", column);
    /// <summary>Square root.</summary>
    public static Column Sqrt(Column column) => Fn("sqrt", column);
    /// <summary>Cube root.</summary>
    public static Column Cbrt(Column column) => Fn("cbrt", column);
    /// <summary>e to the power of the value.</summary>
    public static Column Exp(Column column) => Fn("exp", column);
    /// <summary>exp(x) - 1.</summary>
    public static Column Expm1(Column column) => Fn("expm1", column);
    /// <summary>Natural logarithm (null for values &lt;= 0).</summary>
    public static Column Log(Column column) => Fn("ln", column);
    /// <summary>Logarithm in base <paramref name="logBase"/>.</summary>
    public static Column Log(double logBase, Column column) => Fn("log", Lit(logBase), column);
    /// <summary>Natural logarithm.</summary>
    public static Column Ln(Column column) => Fn("ln", column);
    /// <summary>Base-10 logarithm.</summary>
    public static Column Log10(Column column) => Fn("log10", column);
    /// <summary>Base-2 logarithm.</summary>
    public static Column Log2(Column column) => Fn("log2", column);
    /// <summary>ln(1 + x).</summary>
    public static Column Log1p(Column column) => Fn("log1p", column);
    /// <summary><paramref name="left"/> to the power <paramref name="right"/>.</summary>
    public static Column Pow(Column left, Column right) => Fn("pow", left, right);
    /// <summary><paramref name="left"/> to the power <paramref name="right"/>.</summary>
    public static Column Pow(Column left, double right) => Fn("pow", left, Lit(right));
    /// <summary><paramref name="left"/> to the power <paramref name="right"/>.</summary>
    public static Column Power(Column left, Column right) => Fn("power", left, right);
    /// <summary>-1.0, 0.0 or 1.0 by the sign.</summary>
    public static Column Signum(Column column) => Fn("signum", column);
    /// <summary>Sine.</summary>
    public static Column Sin(Column column) => Fn("sin", column);
    /// <summary>Cosine.</summary>
    public static Column Cos(Column column) => Fn("cos", column);
    /// <summary>Tangent.</summary>
    public static Column Tan(Column column) => Fn("tan", column);
    /// <summary>Arc sine.</summary>
    public static Column Asin(Column column) => Fn("asin", column);
    /// <summary>Arc cosine.</summary>
    public static Column Acos(Column column) => Fn("acos", column);
    /// <summary>Arc tangent.</summary>
    public static Column Atan(Column column) => Fn("atan", column);
    /// <summary>Angle of the point (x, y).</summary>
    public static Column Atan2(Column y, Column x) => Fn("atan2", y, x);
    /// <summary>Hyperbolic sine.</summary>
    public static Column Sinh(Column column) => Fn("sinh", column);
    /// <summary>Hyperbolic cosine.</summary>
    public static Column Cosh(Column column) => Fn("cosh", column);
    /// <summary>Hyperbolic tangent.</summary>
    public static Column Tanh(Column column) => Fn("tanh", column);
    /// <summary>Radians to degrees.</summary>
    public static Column Degrees(Column column) => Fn("degrees", column);
    /// <summary>Degrees to radians.</summary>
    public static Column Radians(Column column) => Fn("radians", column);
    /// <summary>Largest non-null value.</summary>
    public static Column Greatest(params Column[] columns) => Fn("greatest", columns);
    /// <summary>Smallest non-null value.</summary>
    public static Column Least(params Column[] columns) => Fn("least", columns);
    /// <summary>Uniform random numbers in [0, 1).</summary>
    public static Column Rand(long seed) => Fn("rand", Lit(seed));
    /// <summary>Uniform random numbers in [0, 1) with a random seed.</summary>
    public static Column Rand() => Fn("rand", System.Array.Empty<Column>());
    /// <summary>Standard normal random numbers.</summary>
    public static Column Randn(long seed) => Fn("randn", Lit(seed));
    /// <summary>Standard normal random numbers with a random seed.</summary>
    public static Column Randn() => Fn("randn", System.Array.Empty<Column>());
    /// <summary>Hexadecimal text of a number, string or binary.</summary>
    public static Column Hex(Column column) => Fn("hex", column);
    /// <summary>Bytes of hexadecimal text.</summary>
    public static Column Unhex(Column column) => Fn("unhex", column);
    /// <summary>Binary text of a long.</summary>
    public static Column Bin(Column column) => Fn("bin", column);
    /// <summary>Converts a number between bases.</summary>
    public static Column Conv(Column column, int fromBase, int toBase) => Fn("conv", column, Lit(fromBase), Lit(toBase));
    /// <summary>Positive modulus.</summary>
    public static Column Pmod(Column dividend, Column divisor) => Fn("pmod", dividend, divisor);
    /// <summary>True for NaN.</summary>
    public static Column IsNaN(Column column) => Fn("isnan", column);
    /// <summary><paramref name="col1"/> unless it is NaN, else <paramref name="col2"/>.</summary>
    public static Column NaNvl(Column col1, Column col2) => Fn("nanvl", col1, col2);
    /// <summary>n! for 0..20, else null.</summary>
    public static Column Factorial(Column column) => Fn("factorial", column);
    /// <summary>π.</summary>
    public static Column Pi() => Fn("pi", System.Array.Empty<Column>());
    /// <summary>Euler's number.</summary>
    public static Column E() => Fn("e", System.Array.Empty<Column>());
    /// <summary>The negated value.</summary>
    public static Column Negative(Column column) => Fn("negative", column);
    /// <summary>The value itself.</summary>
    public static Column Positive(Column column) => Fn("positive", column);
    /// <summary>Division that returns null for a zero divisor.</summary>
    public static Column TryDivide(Column left, Column right) => Fn("try_divide", left, right);
    /// <summary>Shifts left.</summary>
    public static Column ShiftLeft(Column column, int numBits) => Fn("shiftleft", column, Lit(numBits));
    /// <summary>Shifts right (arithmetic).</summary>
    public static Column ShiftRight(Column column, int numBits) => Fn("shiftright", column, Lit(numBits));
}
