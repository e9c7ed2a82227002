using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary>Shorthands shared by the function families: registration with arity and defaults, result-type
/// selectors and conversions of external argument values.</summary>
internal static class Fx
{
    public static readonly Func<IReadOnlyList<Expression>, DataType> Str = _ => StringType.Instance;
    public static readonly Func<IReadOnlyList<Expression>, DataType> Int = _ => IntegerType.Instance;
    public static readonly Func<IReadOnlyList<Expression>, DataType> Long = _ => LongType.Instance;
    public static readonly Func<IReadOnlyList<Expression>, DataType> Dbl = _ => DoubleType.Instance;
    public static readonly Func<IReadOnlyList<Expression>, DataType> Bool = _ => BooleanType.Instance;
    public static readonly Func<IReadOnlyList<Expression>, DataType> Bin = _ => BinaryType.Instance;
    public static readonly Func<IReadOnlyList<Expression>, DataType> Date = _ => DateType.Instance;
    public static readonly Func<IReadOnlyList<Expression>, DataType> Ts = _ => TimestampType.Instance;
    public static Func<IReadOnlyList<Expression>, DataType> SameAs(int i) => a => a[i].DataType;

    public static Func<IReadOnlyList<Expression>, IReadOnlyList<DataType?>?> Types(params DataType?[] types) => _ => types;
    public static readonly DataType S = StringType.Instance, I = IntegerType.Instance, L = LongType.Instance, D = DoubleType.Instance,
        B = BinaryType.Instance, Dt = DateType.Instance, T = TimestampType.Instance, Bo = BooleanType.Instance;

    /// <summary>A plain row evaluator that needs nothing from the argument expressions.</summary>
    public static Func<IReadOnlyList<Expression>, Func<object?[], object?>> Row(Func<object?[], object?> f) => _ => f;

    /// <summary>Registers <paramref name="def"/> under its name and <paramref name="aliases"/>; an alias call is named after the alias.</summary>
    public static void Def(FunctionDef def, int min, int max, Func<IReadOnlyList<Expression>, IReadOnlyList<Expression>>? defaults = null, params string[] aliases)
    {
        Reg(def.Name, def, min, max, defaults);
        foreach (var alias in aliases) Reg(alias, Renamed(def, alias), min, max, defaults);
    }

    private static void Reg(string name, FunctionDef def, int min, int max, Func<IReadOnlyList<Expression>, IReadOnlyList<Expression>>? defaults) =>
        FunctionRegistry.Register(name, (a, _) =>
        {
            FunctionRegistry.Arity(name, a, min, max);
            return new RowFunction(def, defaults != null ? defaults(a) : a);
        });

    public static FunctionDef Renamed(FunctionDef d, string name) => new(name, d.ResultType, d.Evaluator)
    {
        InputTypes = d.InputTypes, Check = d.Check, NullIntolerant = d.NullIntolerant, Deterministic = d.Deterministic,
        Strict = d.Strict, SqlText = d.SqlText,
    };

    /// <summary>Appends default arguments so that the generated name shows them, as Spark does.</summary>
    public static Func<IReadOnlyList<Expression>, IReadOnlyList<Expression>> Defaults(params object?[] values) => a =>
    {
        if (a.Count >= values.Length) return a;
        var list = a.ToList();
        for (int i = a.Count; i < values.Length; i++) list.Add(values[i] is Expression e ? e : Literal.Create(values[i]));
        return list;
    };

    /// <summary>Registers a builder with an arity check.</summary>
    public static void Builder(string name, int min, int max, Func<IReadOnlyList<Expression>, bool, Expression> build) =>
        FunctionRegistry.Register(name, (a, d) => { FunctionRegistry.Arity(name, a, min, max); return build(a, d); });

    // ---- conversions of external argument values ----
    public static string Str0(object? v) => v as string ?? ValueConverter.ToDisplayString(v);
    public static int ToInt(object v) => v is int i ? i : Convert.ToInt32(v, CultureInfo.InvariantCulture);
    public static long ToLong(object v) => v is long l ? l : Convert.ToInt64(v, CultureInfo.InvariantCulture);
    public static double ToDouble(object v) => v is double d ? d : Convert.ToDouble(v, CultureInfo.InvariantCulture);
    public static int Days(object v) => v switch
    {
        DateOnly d => DateTimeUtil.DateToDays(d),
        int i => i,
        DateTime t => DateTimeUtil.DateToDays(DateOnly.FromDateTime(DateTimeUtil.ToLocal(DateTimeUtil.DateTimeToMicros(t)))),
        _ => throw new InvalidCastException($"Not a date: {v}"),
    };
    public static long Micros(object v) => v switch
    {
        DateTime t => DateTimeUtil.DateTimeToMicros(t),
        long l => l,
        DateOnly d => DateTimeUtil.LocalToMicros(d.ToDateTime(TimeOnly.MinValue)),
        _ => throw new InvalidCastException($"Not a timestamp: {v}"),
    };

    // ---- regular expressions (Java syntax, compiled once per pattern) ----
    private static readonly ConcurrentDictionary<(string, RegexOptions), Regex> RegexCache = new();

    /// <summary>A compiled regex for a Java pattern; a bad pattern is Spark's INVALID_PARAMETER_VALUE.PATTERN.</summary>
    public static Regex Regex(string pattern, string function, RegexOptions options = RegexOptions.None)
    {
        if (RegexCache.TryGetValue((pattern, options), out var r)) return r;
        try
        {
            r = new Regex(pattern, options | RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw new SparkException($"[INVALID_PARAMETER_VALUE.PATTERN] The value of parameter(s) `regexp` in `{function}` is invalid: {e.Message}");
        }
        if (RegexCache.Count > 1000) RegexCache.Clear();
        RegexCache[(pattern, options)] = r;
        return r;
    }

    /// <summary>The numbers of code points (Spark counts characters as code points).</summary>
    public static int CodePoints(string s)
    {
        int n = 0;
        for (int i = 0; i < s.Length; i++) { if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++; n++; }
        return n;
    }

    /// <summary>Splits a string into code points (surrogate pairs kept together).</summary>
    public static string[] CodePointArray(string s)
    {
        var list = new List<string>(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { list.Add(s.Substring(i, 2)); i++; }
            else list.Add(s[i].ToString());
        }
        return list.ToArray();
    }
}
