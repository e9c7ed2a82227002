using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Spate.Sql.Types;

namespace Spate.Sources;

/// <summary>Spark's CSVInferSchema: each column starts as NULL and widens value by value through int, bigint,
/// decimal (integers too long for bigint), double, date, timestamp, boolean and finally string.</summary>
internal static class CsvSchemaInference
{
    /// <summary>Column names from a header record, made safe the way Spark does: empty names become <c>_c{i}</c>,
    /// duplicates (case-insensitively) get their index appended.</summary>
    public static string[] HeaderNames(CsvTokenizer t, CsvOptions o)
    {
        var names = new string[t.FieldCount];
        for (int i = 0; i < names.Length; i++)
        {
            var s = Encoding.UTF8.GetString(t.Field(i));
            names[i] = s.Length == 0 || (!t.Quoted(i) && s == o.NullValue) ? $"_c{i}" : s;
        }
        var dup = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < names.Length; i++) if (dup.Contains(names[i])) names[i] += i.ToString(CultureInfo.InvariantCulture);
        return names;
    }

    public static DataType InferField(DataType soFar, ReadOnlySpan<byte> text, CsvOptions o)
    {
        var inferred = soFar switch
        {
            NullType or IntegerType => TryInteger(text, o),
            LongType => TryLong(text, o),
            DecimalType => TryDecimal(text, o),
            DoubleType => TryDouble(text, o),
            DateType => TryDate(text, o),
            TimestampType => TryTimestamp(text, o),
            BooleanType => TryBoolean(text),
            _ => new StringType(),
        };
        return Compatible(soFar, inferred);
    }

    private static DataType TryInteger(ReadOnlySpan<byte> t, CsvOptions o) =>
        Utf8Parser.TryParse(t, out int _, out int n) && n == t.Length ? new IntegerType() : TryLong(t, o);

    private static DataType TryLong(ReadOnlySpan<byte> t, CsvOptions o) =>
        Utf8Parser.TryParse(t, out long _, out int n) && n == t.Length ? new LongType() : TryDecimal(t, o);

    /// <summary>Only integral numbers become decimals (Spark keeps <c>1.5</c> a double).</summary>
    private static DataType TryDecimal(ReadOnlySpan<byte> t, CsvOptions o)
    {
        int start = t.Length > 0 && (t[0] == '-' || t[0] == '+') ? 1 : 0;
        var digits = t[start..];
        if (digits.Length > 0 && digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0)
        {
            int precision = digits.TrimStart((byte)'0').Length;
            if (precision <= 38) return new DecimalType(Math.Max(precision, 1), 0);
        }
        return TryDouble(t, o);
    }

    private static DataType TryDouble(ReadOnlySpan<byte> t, CsvOptions o) =>
        CsvValues.TryDouble(t, o, out _) ? new DoubleType() : TryDate(t, o);

    private static DataType TryDate(ReadOnlySpan<byte> t, CsvOptions o)
    {
        // Spark infers dates only with the strict date pattern (yyyy-MM-dd unless dateFormat says otherwise).
        var s = Encoding.UTF8.GetString(t);
        bool ok = o.DateFormat == null
            ? DateTime.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            : CsvValues.TryDate(s, CsvValues.Patterns(o.DateFormat), out _);
        return ok ? new DateType() : TryTimestamp(t, o);
    }

    private static DataType TryTimestamp(ReadOnlySpan<byte> t, CsvOptions o) =>
        CsvValues.TryTimestamp(Encoding.UTF8.GetString(t), CsvValues.Patterns(o.TimestampFormat), out _) && t.Length >= 10 ? new TimestampType() : TryBoolean(t);

    private static DataType TryBoolean(ReadOnlySpan<byte> t) =>
        Ascii.EqualsIgnoreCase(t, "true"u8) || Ascii.EqualsIgnoreCase(t, "false"u8) ? new BooleanType() : new StringType();

    /// <summary>Spark's findCompatibleTypeForCSV: numeric widening, date with timestamp is timestamp, anything else string.</summary>
    public static DataType Compatible(DataType a, DataType b)
    {
        if (a.Equals(b)) return a;
        if (a is NullType) return b;
        if (b is NullType) return a;
        int Rank(DataType t) => t switch { IntegerType => 1, LongType => 2, DecimalType => 3, DoubleType => 4, _ => 0 };
        int ra = Rank(a), rb = Rank(b);
        if (ra > 0 && rb > 0)
        {
            if (a is DoubleType || b is DoubleType) return new DoubleType();
            if (a is DecimalType || b is DecimalType)
            {
                var da = AsDecimal(a);
                var db = AsDecimal(b);
                int scale = Math.Max(da.Scale, db.Scale);
                int range = Math.Max(da.Precision - da.Scale, db.Precision - db.Scale);
                return range + scale > 38 ? new DoubleType() : new DecimalType(range + scale, scale);
            }
            return new LongType();
        }
        if ((a is DateType && b is TimestampType) || (a is TimestampType && b is DateType)) return new TimestampType();
        return new StringType();
    }

    private static DecimalType AsDecimal(DataType t) => t switch
    {
        IntegerType => new DecimalType(10, 0),
        LongType => new DecimalType(20, 0),
        DecimalType d => d,
        _ => new DecimalType(38, 18),
    };
}
