using System.Globalization;
using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary><c>CAST(x AS type)</c> with Spark's non-ANSI rules: a value that cannot be converted becomes null.</summary>
internal sealed class Cast : UnaryExpression
{
    public Cast(Expression child, DataType target, bool implicitCast = false) : base(child)
    {
        Target = target;
        Implicit = implicitCast;
    }

    public DataType Target { get; }
    /// <summary>Inserted by type coercion: named after its child, as Spark hides implicit casts in names.</summary>
    public bool Implicit { get; }
    public override DataType DataType => Target;
    public override bool Nullable => true;
    protected override Expression WithChild(Expression child) => new Cast(child, Target, Implicit);
    protected override bool NodeEquals(Expression other) => ((Cast)other).Target.Equals(Target);
    public override string Sql => Implicit ? Child.Sql : $"CAST({Child.Sql} AS {Target.Sql})";

    public static bool CanCast(DataType from, DataType to)
    {
        if (from.Equals(to) || from is NullType || to is StringType) return true;
        return (from, to) switch
        {
            (StringType, _) => to is AtomicType,
            (NumericType or BooleanType, NumericType or BooleanType) => true,
            (NumericType, TimestampType) or (TimestampType, NumericType) => true,
            (DateType, TimestampType) or (TimestampType, DateType) => true,
            (ArrayType a, ArrayType b) => CanCast(a.ElementType, b.ElementType),
            (StructType a, StructType b) => a.Fields.Count == b.Fields.Count && a.Fields.Zip(b.Fields).All(p => CanCast(p.First.DataType, p.Second.DataType)),
            (MapType a, MapType b) => CanCast(a.KeyType, b.KeyType) && CanCast(a.ValueType, b.ValueType),
            _ => false,
        };
    }

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        var v = Child.Evaluate(batch);
        var from = Child.DataType;
        if (from.Equals(Target)) return v;
        int n = batch.RowCount;
        if (Target is StringType) return ToStringVector(v, n);
        if (from is IntegerType && Target is LongType) return Widen<int, long>(v, n, x => x);
        if (from is IntegerType && Target is DoubleType) return Widen<int, double>(v, n, x => x);
        if (from is LongType && Target is DoubleType) return Widen<long, double>(v, n, x => x);
        if (from is FloatType && Target is DoubleType) return Widen<float, double>(v, n, x => x);
        var result = ColumnVector.Create(Target, n);
        for (int i = 0; i < n; i++)
        {
            if (v.IsNull(i)) { result.AppendNull(); continue; }
            result.AppendValue(CastValue(v.GetValue(i), from, Target));
        }
        return result;
    }

    private ColumnVector Widen<TIn, TOut>(ColumnVector v, int n, Func<TIn, TOut> f) where TIn : unmanaged where TOut : unmanaged
    {
        var src = ((PrimitiveVector<TIn>)v).Values;
        var r = new PrimitiveVector<TOut>(Target, n);
        for (int i = 0; i < n; i++) r.Values[i] = f(src[i]);
        r.SetLength(n);
        r.ValidityBits = Kernels.CopyNulls(v, n);
        return r;
    }

    private static ColumnVector ToStringVector(ColumnVector v, int n)
    {
        var r = new StringVector(StringType.Instance, n);
        if (v is StringVector sv)
        {
            for (int i = 0; i < n; i++) if (sv.IsNull(i)) r.AppendNull(); else r.Append(sv.GetSpan(i));
            return r;
        }
        for (int i = 0; i < n; i++)
        {
            if (v.IsNull(i)) { r.AppendNull(); continue; }
            r.Append(FormatForCast(v.GetValue(i)!, v.Type));
        }
        return r;
    }

    /// <summary>A value cast to string: timestamps and dates in the session zone, doubles as Java prints them.</summary>
    public static string FormatForCast(object value, DataType type) => value switch
    {
        byte[] b when type is BinaryType => System.Text.Encoding.UTF8.GetString(b),
        _ => ValueConverter.ToDisplayString(value),
    };

    /// <summary>Casts one external value; returns null where Spark's non-ANSI cast gives null.</summary>
    public static object? CastValue(object? value, DataType from, DataType to)
    {
        if (value == null) return null;
        if (from.Equals(to)) return value;
        switch (to)
        {
            case StringType: return FormatForCast(value, from);
            case BooleanType:
                return value switch
                {
                    bool b => b,
                    string s => ParseBool(s),
                    _ => Convert.ToDouble(value, CultureInfo.InvariantCulture) != 0,
                };
            case IntegerType: return ToIntegral(value, from, int.MinValue, int.MaxValue, x => (int)x);
            case LongType: return ToIntegral(value, from, long.MinValue, long.MaxValue, x => x);
            case ShortType: return ToIntegral(value, from, short.MinValue, short.MaxValue, x => (short)x);
            case ByteType: return ToIntegral(value, from, sbyte.MinValue, sbyte.MaxValue, x => (sbyte)x);
            case DoubleType: return ToDouble(value, from);
            case FloatType: return ToDouble(value, from) is double d ? (float)d : null;
            case DecimalType dt:
                {
                    decimal? m = value switch
                    {
                        string s => decimal.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : null,
                        bool b => b ? 1m : 0m,
                        double dbl when double.IsFinite(dbl) && Math.Abs(dbl) < 7.9e28 => (decimal)dbl,
                        float f when float.IsFinite(f) && Math.Abs(f) < 7.9e28f => (decimal)f,
                        double or float => null,
                        DateTime t => DateTimeUtil.DateTimeToMicros(t) / 1_000_000m,
                        _ => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
                    };
                    if (m == null) return null;
                    var rounded = Rescale(Math.Round(m.Value, dt.Scale, MidpointRounding.AwayFromZero), dt.Scale);
                    return DecimalFits(rounded, dt) ? rounded : null;
                }
            case DateType:
                return value switch
                {
                    string s => DateTimeUtil.TryParseDate(s, out int days) ? DateTimeUtil.DaysToDate(days) : null,
                    DateTime t => DateOnly.FromDateTime(DateTimeUtil.ToLocal(DateTimeUtil.DateTimeToMicros(t))),
                    _ => null,
                };
            case TimestampType:
                return value switch
                {
                    string s => DateTimeUtil.TryParseTimestamp(s, out long micros) ? DateTimeUtil.MicrosToDateTime(micros) : null,
                    DateOnly day => DateTimeUtil.MicrosToDateTime(DateTimeUtil.LocalToMicros(day.ToDateTime(TimeOnly.MinValue))),
                    bool => null,
                    _ => ToDouble(value, from) is double secs && double.IsFinite(secs)
                        ? DateTimeUtil.MicrosToDateTime((long)Math.Floor(secs * 1_000_000)) : null,
                };
            case BinaryType:
                return value is string str ? System.Text.Encoding.UTF8.GetBytes(str) : null;
            case ArrayType at when value is object?[] arr && from is ArrayType af:
                return arr.Select(x => CastValue(x, af.ElementType, at.ElementType)).ToArray();
            case StructType st when value is Row row && from is StructType sf:
                return new GenericRow(row.Values.Select((x, i) => CastValue(x, sf.Fields[i].DataType, st.Fields[i].DataType)).ToArray(), st);
            case MapType mt when value is System.Collections.IDictionary dict && from is MapType mf:
                {
                    var map = new Dictionary<object, object?>();
                    foreach (System.Collections.DictionaryEntry e in dict)
                    {
                        var k = CastValue(e.Key, mf.KeyType, mt.KeyType);
                        if (k != null) map[k] = CastValue(e.Value, mf.ValueType, mt.ValueType);
                    }
                    return map;
                }
        }
        return null;
    }

    /// <summary>A decimal with exactly <paramref name="scale"/> digits after the point (2 becomes 2.000 at scale 3), as Spark shows it.</summary>
    public static decimal Rescale(decimal m, int scale)
    {
        if (scale > 28) return m;
        m = Math.Round(m, scale, MidpointRounding.AwayFromZero);
        return m + new decimal(0, 0, 0, false, (byte)scale);
    }

    private static bool DecimalFits(decimal m, DecimalType dt)
    {
        decimal limit = 1m;
        for (int i = 0; i < Math.Min(28, dt.Precision - dt.Scale); i++) limit *= 10;
        return dt.Precision - dt.Scale >= 28 || Math.Abs(m) < limit;
    }

    private static object? ParseBool(string s) => s.Trim().ToLowerInvariant() switch
    {
        "t" or "true" or "y" or "yes" or "1" => true,
        "f" or "false" or "n" or "no" or "0" => false,
        _ => null,
    };

    private static object? ToIntegral(object value, DataType from, long min, long max, Func<long, object> make)
    {
        long result;
        switch (value)
        {
            case bool b: result = b ? 1 : 0; break;
            case string s:
                {
                    var t = s.Trim();
                    if (long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result)) break;
                    // Spark accepts a fractional part ("1.5" -> 1) but no exponent ("1e3" -> null).
                    if (t.IndexOfAny(['e', 'E']) < 0 && decimal.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var m) && Math.Abs(m) < 9.2e18m)
                    { result = (long)decimal.Truncate(m); break; }
                    return null;
                }
            case double or float:
                {
                    double d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                    if (double.IsNaN(d)) return make(0);
                    // The JVM's d2l / d2i saturate; a short or byte is then narrowed from the int (and wraps), as Spark's toInt.toShort.
                    if (max == long.MaxValue) return d >= 9.2233720368547758E18 ? long.MaxValue : d <= -9.2233720368547758E18 ? long.MinValue : (long)d;
                    int i = d >= int.MaxValue ? int.MaxValue : d <= int.MinValue ? int.MinValue : (int)d;
                    return make(i);
                }
            case decimal m:
                if (m > long.MaxValue || m < long.MinValue) return null;
                result = (long)decimal.Truncate(m);
                break;
            case DateTime t:
                result = (long)Math.Floor(DateTimeUtil.DateTimeToMicros(t) / 1_000_000.0);
                break;
            case DateOnly: return null;
            default: result = Convert.ToInt64(value, CultureInfo.InvariantCulture); break;
        }
        if (value is string && (result < min || result > max)) return null;
        return make(result); // numeric narrowing wraps, as Java's
    }

    private static object? ToDouble(object value, DataType from) => value switch
    {
        bool b => b ? 1.0 : 0.0,
        string s => ParseDouble(s),
        DateTime t => DateTimeUtil.DateTimeToMicros(t) / 1_000_000.0,
        DateOnly => null,
        float f => (double)f,
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
    };

    private static object? ParseDouble(string s)
    {
        var t = s.Trim();
        switch (t.ToLowerInvariant())
        {
            case "nan": return double.NaN;
            case "inf" or "infinity" or "+inf" or "+infinity": return double.PositiveInfinity;
            case "-inf" or "-infinity": return double.NegativeInfinity;
        }
        if (t.EndsWith('d') || t.EndsWith('D') || t.EndsWith('f') || t.EndsWith('F')) t = t[..^1];
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
    }
}
