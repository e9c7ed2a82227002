using System.Globalization;
using System.Numerics;
using Spate.Plans;
using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Expressions.Fx;

namespace Spate.Expressions;

/// <summary>Registers this family of Spark's built-in functions.</summary>
internal static class MathFunctions
{
    public static void Register()
    {
        Def(new FunctionDef("abs", SameAs(0), Row(a => Abs(a[0]!))) { InputTypes = NumericOrDouble(1), Check = RequireNumeric(1), Strict = true }, 1, 1);
        Def(new FunctionDef("negative", SameAs(0), Row(a => Negate(a[0]!))) { InputTypes = NumericOrDouble(1), Check = RequireNumeric(1), Strict = true }, 1, 1);
        Def(new FunctionDef("positive", SameAs(0), Row(a => a[0])) { InputTypes = NumericOrDouble(1), Check = RequireNumeric(1), Strict = true, SqlText = a => $"(+ {a[0].Sql})" }, 1, 1);
        DefRound("round", MidpointRounding.AwayFromZero);
        DefRound("bround", MidpointRounding.ToEven);
        DefCeilFloor("ceil", "CEIL", Math.Ceiling, "ceiling");
        DefCeilFloor("floor", "FLOOR", Math.Floor);

        Unary("sqrt", "SQRT", x => Math.Sqrt(x));
        Unary("cbrt", "CBRT", Cbrt);
        Unary("exp", "EXP", x => Math.Exp(x));
        Unary("expm1", "EXPM1", x => Math.Abs(x) < 1e-5 ? x + x * x / 2 + x * x * x / 6 : Math.Exp(x) - 1);
        Unary("ln", "ln", x => x <= 0 ? null : Math.Log(x));
        Unary("log10", "LOG10", x => x <= 0 ? null : Math.Log10(x));
        Unary("log2", "LOG2", x => x <= 0 ? null : Math.Log2(x));
        Unary("log1p", "LOG1P", x => x <= -1 ? null : Math.Abs(x) < 1e-4 ? x - x * x / 2 + x * x * x / 3 : Math.Log(1 + x));
        Unary("signum", "SIGNUM", x => double.IsNaN(x) ? double.NaN : Math.Sign(x), "sign");
        Unary("sin", "SIN", x => Math.Sin(x));
        Unary("cos", "COS", x => Math.Cos(x));
        Unary("tan", "TAN", x => Math.Tan(x));
        Unary("cot", "COT", x => 1 / Math.Tan(x));
        Unary("sec", "SEC", x => 1 / Math.Cos(x));
        Unary("csc", "CSC", x => 1 / Math.Sin(x));
        Unary("asin", "ASIN", x => Math.Asin(x));
        Unary("acos", "ACOS", x => Math.Acos(x));
        Unary("atan", "ATAN", x => Math.Atan(x));
        Unary("sinh", "SINH", x => Math.Sinh(x));
        Unary("cosh", "COSH", x => Math.Cosh(x));
        Unary("tanh", "TANH", x => Math.Tanh(x));
        Unary("asinh", "ASINH", x => Math.Asinh(x));
        Unary("acosh", "ACOSH", x => Math.Acosh(x));
        Unary("atanh", "ATANH", x => Math.Atanh(x));
        Unary("degrees", "DEGREES", x => x * 180.0 / Math.PI);
        Unary("radians", "RADIANS", x => x / 180.0 * Math.PI);
        Unary("rint", "rint", x => Math.Round(x));

        Binary("log", "LOG", (b, x) => b <= 0 || x <= 0 ? null : Math.Log(x) / Math.Log(b), oneArg: x => x <= 0 ? null : Math.Log(x));
        Binary("pow", "POWER", (x, y) => Math.Pow(x, y), alias: "power");
        Binary("atan2", "ATAN2", (y, x) => Math.Atan2(y, x));
        Binary("hypot", "HYPOT", (x, y) => Math.Sqrt(x * x + y * y));
        Binary("nanvl", "nanvl", (a, b) => double.IsNaN(a) ? b : a);

        DefExtremum("greatest", 1);
        DefExtremum("least", -1);
        Def(new FunctionDef("pmod", Wider(0, 1), Row(a => Pmod(a[0]!, a[1]!))) { InputTypes = WiderInputs(0, 1), Check = RequireNumeric(2) }, 2, 2);
        Def(new FunctionDef("try_divide", Dbl, Row(a => ToDouble(a[1]!) == 0 ? null : ToDouble(a[0]!) / ToDouble(a[1]!))) { InputTypes = Types(D, D) }, 2, 2);
        Def(new FunctionDef("isnan", Bool, Row(a => a[0] is double d && double.IsNaN(d))) { InputTypes = Types(D), NullIntolerant = false, Strict = true }, 1, 1);
        Def(new FunctionDef("factorial", Long, Row(a => ToInt(a[0]!) is int n && n >= 0 && n <= 20 ? Factorial(n) : null)) { InputTypes = Types(I) }, 1, 1);
        Def(new FunctionDef("pi", Dbl, Row(_ => Math.PI)) { SqlText = _ => "PI()", Strict = true }, 0, 0);
        Def(new FunctionDef("e", Dbl, Row(_ => Math.E)) { SqlText = _ => "E()", Strict = true }, 0, 0);
        Def(new FunctionDef("hex", Str, Row(a => Hex(a[0]!))) { InputTypes = a => new DataType?[] { a[0].DataType is StringType or BinaryType ? null : L }, Strict = true }, 1, 1);
        Def(new FunctionDef("unhex", Bin, Row(a => Unhex((string)a[0]!))) { InputTypes = Types(S) }, 1, 1);
        Def(new FunctionDef("bin", Str, Row(a => Convert.ToString(ToLong(a[0]!), 2))) { InputTypes = Types(L), Strict = true }, 1, 1);
        Def(new FunctionDef("conv", Str, Row(a => Conv((string)a[0]!, ToInt(a[1]!), ToInt(a[2]!)))) { InputTypes = Types(S, I, I) }, 3, 3);
        Def(new FunctionDef("shiftleft", SameAs(0), Row(a => a[0] is long l ? l << ToInt(a[1]!) : (object)(ToInt(a[0]!) << ToInt(a[1]!))))
        { InputTypes = a => new DataType?[] { a[0].DataType is LongType ? L : I, I } }, 2, 2);
        Def(new FunctionDef("shiftright", SameAs(0), Row(a => a[0] is long l ? l >> ToInt(a[1]!) : (object)(ToInt(a[0]!) >> ToInt(a[1]!))))
        { InputTypes = a => new DataType?[] { a[0].DataType is LongType ? L : I, I } }, 2, 2);

        Builder("rand", 0, 1, (a, _) => new RandomFunction("rand", gaussian: false, Seed(a)));
        Builder("random", 0, 1, (a, _) => new RandomFunction("random", gaussian: false, Seed(a)));
        Builder("randn", 0, 1, (a, _) => new RandomFunction("randn", gaussian: true, Seed(a)));
    }

    private static long Seed(IReadOnlyList<Expression> a)
    {
        if (a.Count == 0) return Random.Shared.NextInt64();
        return a[0] is Literal { Value: int or long } l ? Convert.ToInt64(l.Value, CultureInfo.InvariantCulture)
            : a[0] is Literal { Value: null } ? 0
            : throw new AnalysisException($"[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve \"rand({a[0].Sql})\" due to data type mismatch: the input seed should be a foldable \"INT\" or \"BIGINT\" expression; however, got \"{a[0].Sql}\".");
    }

    /// <summary>Numeric arguments keep their type; strings are cast to double, as Spark's implicit casts.</summary>
    internal static Func<IReadOnlyList<Expression>, IReadOnlyList<DataType?>?> NumericOrDouble(int count) =>
        a => a.Take(count).Select(x => x.DataType is NumericType ? null : (DataType?)D).ToArray();

    internal static Action<RowFunction> RequireNumeric(int count) => f =>
    {
        for (int i = 0; i < count && i < f.Arguments.Count; i++)
            TypeChecks.Require(f, f.Arguments, i, t => t is NumericType or StringType, "\"NUMERIC\"");
    };

    private static Func<IReadOnlyList<Expression>, DataType> Wider(int i, int j) => a =>
    {
        var t = TypeCoercion.WiderType(Num(a[i].DataType), Num(a[j].DataType)) ?? DoubleType.Instance;
        return t is NullType ? IntegerType.Instance : t;
    };

    private static DataType Num(DataType t) => t is StringType ? DoubleType.Instance : t;

    private static Func<IReadOnlyList<Expression>, IReadOnlyList<DataType?>?> WiderInputs(int i, int j) => a =>
    {
        var t = Wider(i, j)(a);
        return new DataType?[] { t, t };
    };

    private static void Unary(string name, string sqlName, Func<double, double?> f, string? alias = null)
    {
        var def = new FunctionDef(name, Dbl, Row(a => f(ToDouble(a[0]!)))) { InputTypes = Types(D), SqlText = a => $"{sqlName}({a[0].Sql})" };
        Def(def, 1, 1);
        if (alias != null) Def(new FunctionDef(alias, Dbl, def.Evaluator) { InputTypes = Types(D) }, 1, 1);
    }

    private static void Binary(string name, string sqlName, Func<double, double, double?> f, Func<double, double?>? oneArg = null, string? alias = null)
    {
        var def = new FunctionDef(name, Dbl, Row(a => a.Length == 1 ? oneArg!(ToDouble(a[0]!)) : f(ToDouble(a[0]!), ToDouble(a[1]!))))
        {
            InputTypes = Types(D, D),
            SqlText = a => a.Count == 1 ? $"ln({a[0].Sql})" : $"{sqlName}({a[0].Sql}, {a[1].Sql})",
        };
        Def(def, oneArg != null ? 1 : 2, 2);
        if (alias != null) Def(new FunctionDef(alias, Dbl, def.Evaluator) { InputTypes = Types(D, D) }, 2, 2);
    }

    /// <summary>Cube root, exact for perfect cubes as Java's <c>Math.cbrt</c>.</summary>
    private static double? Cbrt(double x)
    {
        double r = Math.Cbrt(x), rounded = Math.Round(r);
        return rounded * rounded * rounded == x ? rounded : r;
    }

    private static object Abs(object v) => v switch
    {
        int i => i == int.MinValue ? i : Math.Abs(i),
        long l => l == long.MinValue ? l : Math.Abs(l),
        short s => s == short.MinValue ? s : Math.Abs(s),
        sbyte b => b == sbyte.MinValue ? b : Math.Abs(b),
        double d => Math.Abs(d),
        float f => Math.Abs(f),
        decimal m => Math.Abs(m),
        _ => v,
    };

    private static object Negate(object v) => v switch
    {
        int i => unchecked(-i), long l => unchecked(-l), short s => (short)-s, sbyte b => (sbyte)-b,
        double d => -d, float f => -f, decimal m => -m, _ => v,
    };

    private static void DefRound(string name, MidpointRounding mode)
    {
        Def(new FunctionDef(name, a => RoundType(a), a => Rounder(a, mode))
        {
            InputTypes = a => new DataType?[] { a[0].DataType is NumericType ? null : D, I },
            Check = f =>
            {
                RequireNumeric(1)(f);
                if (!f.Arguments[1].Foldable) throw TypeChecks.NonFoldable(f, "`scale`", f.Arguments[1]);
            },
        }, 1, 2, Defaults(null, 0));
    }

    private static int ScaleOf(IReadOnlyList<Expression> a) => a[1] is Literal { Value: int s } ? s : a[1] is Literal { Value: { } v } ? Convert.ToInt32(v, CultureInfo.InvariantCulture) : 0;

    private static DataType RoundType(IReadOnlyList<Expression> a)
    {
        var t = a[0].DataType;
        if (t is DecimalType d)
        {
            int scale = ScaleOf(a);
            int integral = d.Precision - d.Scale + 1;
            if (scale < 0) return new DecimalType(Math.Min(38, Math.Max(integral, -scale + 1)), 0);
            int newScale = Math.Min(d.Scale, scale);
            return new DecimalType(Math.Min(38, integral + newScale), newScale);
        }
        return t is StringType ? DoubleType.Instance : t;
    }

    private static Func<object?[], object?> Rounder(IReadOnlyList<Expression> args, MidpointRounding mode)
    {
        int scale = ScaleOf(args);
        return a =>
        {
            switch (a[0])
            {
                case double d:
                    if (!double.IsFinite(d)) return d;
                    return RoundDecimalText(ValueConverter.JavaDouble(d), scale, mode) is decimal r ? (double)r : d;
                case float f:
                    if (!float.IsFinite(f)) return f;
                    return RoundDecimalText(ValueConverter.JavaFloat(f), scale, mode) is decimal rf ? (float)rf : f;
                case decimal m:
                    return RoundDecimal(m, scale, mode);
                case int i: return (int)RoundIntegral(i, scale, mode);
                case long l: return RoundIntegral(l, scale, mode);
                case short s: return (short)RoundIntegral(s, scale, mode);
                case sbyte b: return (sbyte)RoundIntegral(b, scale, mode);
                default: return a[0];
            }
        };
    }

    private static decimal? RoundDecimalText(string text, int scale, MidpointRounding mode)
    {
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var m)) return null;
        return RoundDecimal(m, scale, mode);
    }

    private static decimal RoundDecimal(decimal m, int scale, MidpointRounding mode)
    {
        if (scale >= 0) return Math.Round(m, Math.Min(scale, 28), mode);
        decimal factor = 1;
        for (int i = 0; i < -scale && i < 28; i++) factor *= 10;
        return Math.Round(m / factor, 0, mode) * factor;
    }

    private static long RoundIntegral(long v, int scale, MidpointRounding mode)
    {
        if (scale >= 0) return v;
        if (scale < -18) return 0;
        return (long)RoundDecimal(v, scale, mode);
    }

    private static void DefCeilFloor(string name, string sqlName, Func<double, double> f, string? alias = null)
    {
        FunctionDef Make(string n, string sql) => new(n, a => a[0].DataType is DecimalType d ? new DecimalType(Math.Min(38, d.Precision - d.Scale + 1), 0) : LongType.Instance,
            Row(a => a[0] switch
            {
                decimal m => sql == "CEIL" || n == "ceiling" ? decimal.Ceiling(m) : decimal.Floor(m),
                long l => l,
                double d => double.IsNaN(d) ? 0L : f(d) >= 9.2233720368547758E18 ? long.MaxValue : f(d) <= -9.2233720368547758E18 ? long.MinValue : (long)f(d),
                _ => null,
            }))
        {
            InputTypes = a => new DataType?[] { a[0].DataType is DecimalType or LongType ? null : D },
            Check = RequireNumeric(1),
            Strict = true,
            SqlText = a => $"{sql}({a[0].Sql})",
        };
        Def(Make(name, sqlName), 1, 1);
        if (alias != null) Def(Make(alias, alias), 1, 1);
    }

    private static void DefExtremum(string name, int sign)
    {
        Def(new FunctionDef(name, a => CommonType(name, a), Row(a =>
        {
            object? best = null;
            foreach (var v in a)
                if (v != null && (best == null || GenericCompare.Compare(v, best) * sign > 0)) best = v;
            return best;
        }))
        {
            NullIntolerant = false,
            InputTypes = a => { var t = CommonType(name, a); return a.Select(_ => (DataType?)t).ToArray(); },
        }, 2, int.MaxValue);
    }

    private static DataType CommonType(string name, IReadOnlyList<Expression> a)
    {
        DataType? t = NullType.Instance;
        foreach (var x in a)
        {
            t = TypeCoercion.WiderType(t!, x.DataType);
            if (t == null)
                throw new AnalysisException($"[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve \"{name}({string.Join(", ", a.Select(e => e.Sql))})\" due to data type mismatch: Input to `{name}` should all be the same type, but it's [{string.Join(", ", a.Select(e => "\"" + e.DataType.Sql + "\""))}].");
        }
        return t!;
    }

    private static object? Pmod(object a, object b) => (a, b) switch
    {
        (int x, int y) => y == 0 ? null : ((x % y) + y) % y,
        (long x, long y) => y == 0 ? null : ((x % y) + y) % y,
        (short x, short y) => y == 0 ? null : (short)(((x % y) + y) % y),
        (sbyte x, sbyte y) => y == 0 ? null : (sbyte)(((x % y) + y) % y),
        (decimal x, decimal y) => y == 0 ? null : ((x % y) + y) % y,
        (float x, float y) => y == 0 ? null : ((x % y) + y) % y,
        _ => ToDouble(b) == 0 ? null : ((ToDouble(a) % ToDouble(b)) + ToDouble(b)) % ToDouble(b),
    };

    private static long Factorial(int n)
    {
        long r = 1;
        for (int i = 2; i <= n; i++) r *= i;
        return r;
    }

    private static string Hex(object v) => v switch
    {
        string s => Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(s)),
        byte[] b => Convert.ToHexString(b),
        _ => ToLong(v).ToString("X", CultureInfo.InvariantCulture),
    };

    private static object? Unhex(string s)
    {
        if (s.Length % 2 == 1) s = "0" + s;
        try { return Convert.FromHexString(s); }
        catch (FormatException) { return null; }
    }

    /// <summary>Spark's <c>conv</c>: parses an unsigned 64-bit number in one base (up to the first invalid digit) and prints it in another;
    /// a negative target base prints a signed value.</summary>
    private static object? Conv(string num, int fromBase, int toBase)
    {
        if (fromBase < 2 || fromBase > 36 || Math.Abs(toBase) < 2 || Math.Abs(toBase) > 36) return null;
        num = num.Trim();
        bool negative = num.StartsWith('-');
        if (negative) num = num[1..];
        ulong value = 0;
        bool overflow = false;
        foreach (char c in num)
        {
            int digit = char.IsDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToUpperInvariant(c) - 'A' + 10 : 99;
            if (digit >= fromBase) break;
            var next = (UInt128)value * (uint)fromBase + (uint)digit;
            if (next > ulong.MaxValue) { overflow = true; break; }
            value = (ulong)next;
        }
        if (overflow) value = ulong.MaxValue;
        if (negative) value = unchecked(0 - value);
        bool signedOut = toBase < 0 && (long)value < 0;
        ulong outValue = signedOut ? unchecked(0 - value) : value;
        int b = Math.Abs(toBase);
        if (outValue == 0) return "0";
        var chars = new List<char>();
        while (outValue > 0)
        {
            int d = (int)(outValue % (ulong)b);
            chars.Add((char)(d < 10 ? '0' + d : 'A' + d - 10));
            outValue /= (ulong)b;
        }
        if (signedOut) chars.Add('-');
        chars.Reverse();
        return new string(chars.ToArray());
    }
}
