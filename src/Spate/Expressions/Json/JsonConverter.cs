using System.Globalization;
using System.Text.Json;
using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Expressions.Json;

/// <summary>
/// Converts JSON values to one Spark type and appends them to a column vector, following Spark's JacksonParser:
/// a JSON null is a null; a value of the wrong kind (a float for an int, a string for a double, ...) does not
/// convert. Conversion is checked before anything is appended, so a failed value leaves the vector untouched.
/// </summary>
internal abstract class JsonConverter
{
    protected JsonConverter(DataType type, JsonParseContext context)
    {
        Type = type;
        Context = context;
    }

    public DataType Type { get; }
    protected JsonParseContext Context { get; }

    /// <summary>True when <paramref name="v"/> converts to <see cref="Type"/> (a JSON null always does).</summary>
    public abstract bool CanConvert(in JsonValue v, ReadOnlySpan<byte> json);

    /// <summary>Appends the converted value; false (nothing appended) when it does not convert.</summary>
    public abstract bool TryAppend(in JsonValue v, ReadOnlySpan<byte> json, ColumnVector target);

    /// <summary>The converter tree for <paramref name="type"/>.</summary>
    public static JsonConverter Create(DataType type, JsonParseContext context) => type switch
    {
        BooleanType => new JsonBooleanConverter(type, context),
        ByteType or ShortType or IntegerType or LongType => new JsonIntegralConverter(type, context),
        FloatType or DoubleType => new JsonFloatingConverter(type, context),
        DecimalType => new JsonDecimalConverter(type, context),
        StringType => new JsonStringConverter(type, context),
        TimestampType or DateType => new JsonDateTimeConverter(type, context),
        BinaryType => new JsonBinaryConverter(type, context),
        NullType => new JsonNullConverter(type, context),
        StructType s => new JsonStructConverter(s, context),
        ArrayType a => new JsonArrayConverter(a, context),
        MapType m => new JsonMapConverter(m, context),
        _ => throw new AnalysisException($"[DATATYPE_MISMATCH.INVALID_JSON_SCHEMA] Unsupported type {type.Sql} in a JSON schema."),
    };
}

internal sealed class JsonBooleanConverter : JsonConverter
{
    public JsonBooleanConverter(DataType type, JsonParseContext context) : base(type, context) { }

    public override bool CanConvert(in JsonValue v, ReadOnlySpan<byte> json) => v.Token is JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null;

    public override bool TryAppend(in JsonValue v, ReadOnlySpan<byte> json, ColumnVector target)
    {
        switch (v.Token)
        {
            case JsonTokenType.True: ((PrimitiveVector<bool>)target).Append(true); return true;
            case JsonTokenType.False: ((PrimitiveVector<bool>)target).Append(false); return true;
            case JsonTokenType.Null: target.AppendNull(); return true;
            default: return false;
        }
    }
}

/// <summary>byte, short, int, long: JSON integers only (no fractions or exponents), within range.</summary>
internal sealed class JsonIntegralConverter : JsonConverter
{
    private readonly long _min, _max;

    public JsonIntegralConverter(DataType type, JsonParseContext context) : base(type, context)
    {
        (_min, _max) = type switch
        {
            ByteType => (-128L, 255L), // Jackson's getByteValue accepts unsigned bytes and wraps them
            ShortType => (short.MinValue, short.MaxValue),
            IntegerType => (int.MinValue, int.MaxValue),
            _ => (long.MinValue, long.MaxValue),
        };
    }

    private bool TryParse(in JsonValue v, ReadOnlySpan<byte> json, out long value)
    {
        value = 0;
        return v.Token == JsonTokenType.Number
            && long.TryParse(v.Bytes(json), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
            && value >= _min && value <= _max;
    }

    public override bool CanConvert(in JsonValue v, ReadOnlySpan<byte> json) => v.Token == JsonTokenType.Null || TryParse(v, json, out _);

    public override bool TryAppend(in JsonValue v, ReadOnlySpan<byte> json, ColumnVector target)
    {
        if (v.Token == JsonTokenType.Null) { target.AppendNull(); return true; }
        if (!TryParse(v, json, out long value)) return false;
        switch (target)
        {
            case PrimitiveVector<int> i: i.Append((int)value); break;
            case PrimitiveVector<long> l: l.Append(value); break;
            case PrimitiveVector<short> s: s.Append((short)value); break;
            default: ((PrimitiveVector<sbyte>)target).Append(unchecked((sbyte)value)); break;
        }
        return true;
    }
}

/// <summary>float, double: any JSON number; with <c>allowNonNumericNumbers</c> also NaN and infinities.</summary>
internal sealed class JsonFloatingConverter : JsonConverter
{
    public JsonFloatingConverter(DataType type, JsonParseContext context) : base(type, context) { }

    private bool TryParse(in JsonValue v, ReadOnlySpan<byte> json, out double value)
    {
        value = 0;
        if (v.Token == JsonTokenType.Number)
        {
            if (Type is FloatType)
            {
                bool ok = float.TryParse(v.Bytes(json), NumberStyles.Float, CultureInfo.InvariantCulture, out float f);
                value = f;
                return ok;
            }
            return double.TryParse(v.Bytes(json), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
        if (v.Token != JsonTokenType.String || v.Length == 0 || !Context.Options.AllowNonNumericNumbers) return false;
        var s = Context.StringBytes(v, json);
        if (s.SequenceEqual("NaN"u8)) { value = double.NaN; return true; }
        if (s.SequenceEqual("Infinity"u8) || s.SequenceEqual("+Infinity"u8) || s.SequenceEqual("+INF"u8)) { value = double.PositiveInfinity; return true; }
        if (s.SequenceEqual("-Infinity"u8) || s.SequenceEqual("-INF"u8)) { value = double.NegativeInfinity; return true; }
        return false;
    }

    public override bool CanConvert(in JsonValue v, ReadOnlySpan<byte> json) => v.Token == JsonTokenType.Null || TryParse(v, json, out _);

    public override bool TryAppend(in JsonValue v, ReadOnlySpan<byte> json, ColumnVector target)
    {
        if (v.Token == JsonTokenType.Null) { target.AppendNull(); return true; }
        if (!TryParse(v, json, out double value)) return false;
        if (target is PrimitiveVector<double> d) d.Append(value);
        else ((PrimitiveVector<float>)target).Append((float)value);
        return true;
    }
}

/// <summary>decimal(p,s): JSON numbers or numeric strings (commas allowed), rounded half-up to the scale;
/// values that need more than p digits do not convert.</summary>
internal sealed class JsonDecimalConverter : JsonConverter
{
    private readonly int _scale;
    private readonly decimal _limit;

    public JsonDecimalConverter(DataType type, JsonParseContext context) : base(type, context)
    {
        var d = (DecimalType)type;
        _scale = Math.Min(d.Scale, 28);
        int intDigits = d.Precision - d.Scale;
        _limit = intDigits >= 29 ? decimal.MaxValue : Pow10(intDigits);
    }

    private static decimal Pow10(int n) { decimal r = 1; for (int i = 0; i < n; i++) r *= 10; return r; }

    private bool TryParse(in JsonValue v, ReadOnlySpan<byte> json, out decimal value)
    {
        value = 0;
        bool ok;
        if (v.Token == JsonTokenType.Number)
            ok = decimal.TryParse(v.Bytes(json), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        else if (v.Token == JsonTokenType.String && v.Length > 0)
        {
            var text = System.Text.Encoding.UTF8.GetString(Context.StringBytes(v, json)).Replace(",", "");
            ok = decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
        else return false;
        if (!ok) return false;
        value = Math.Round(value, _scale, MidpointRounding.AwayFromZero);
        return Math.Abs(value) < _limit || _limit == decimal.MaxValue;
    }

    public override bool CanConvert(in JsonValue v, ReadOnlySpan<byte> json) => v.Token == JsonTokenType.Null || TryParse(v, json, out _);

    public override bool TryAppend(in JsonValue v, ReadOnlySpan<byte> json, ColumnVector target)
    {
        if (v.Token == JsonTokenType.Null) { target.AppendNull(); return true; }
        if (!TryParse(v, json, out decimal value)) return false;
        ((PrimitiveVector<decimal>)target).Append(value);
        return true;
    }
}

/// <summary>string: JSON strings unescaped; any other value as its JSON text, re-serialized compactly as
/// Jackson's copyCurrentStructure does (Spark 3.5).</summary>
internal sealed class JsonStringConverter : JsonConverter
{
    public JsonStringConverter(DataType type, JsonParseContext context) : base(type, context) { }

    public override bool CanConvert(in JsonValue v, ReadOnlySpan<byte> json) => true;

    public override bool TryAppend(in JsonValue v, ReadOnlySpan<byte> json, ColumnVector target)
    {
        var s = (StringVector)target;
        switch (v.Token)
        {
            case JsonTokenType.String:
                s.Append(Context.StringBytes(v, json));
                return true;
            case JsonTokenType.Null:
                s.AppendNull();
                return true;
            default:
                Context.Compact.Clear();
                JsonCompactWriter.Write(Context, v, json, Context.Compact);
                s.Append(Context.Compact.Span);
                return true;
        }
    }
}

/// <summary>timestamp (from strings, or integers as seconds since the epoch) and date (from strings).</summary>
internal sealed class JsonDateTimeConverter : JsonConverter
{
    private readonly JsonDateTime _formats;

    public JsonDateTimeConverter(DataType type, JsonParseContext context) : base(type, context)
    {
        _formats = new JsonDateTime(context.Options, context.TimeZone);
    }

    private bool TryParse(in JsonValue v, ReadOnlySpan<byte> json, out long value)
    {
        value = 0;
        if (v.Token == JsonTokenType.String && v.Length > 0)
        {
            var s = Context.StringBytes(v, json);
            if (Type is DateType)
            {
                bool ok = _formats.TryParseDate(s, out int days);
                value = days;
                return ok;
            }
            return _formats.TryParseTimestamp(s, out value);
        }
        if (v.Token == JsonTokenType.Number && Type is TimestampType
            && long.TryParse(v.Bytes(json), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long seconds)
            && Math.Abs(seconds) < long.MaxValue / DateTimeUtil.MicrosPerSecond)
        {
            value = seconds * DateTimeUtil.MicrosPerSecond;
            return true;
        }
        return false;
    }

    public override bool CanConvert(in JsonValue v, ReadOnlySpan<byte> json) => v.Token == JsonTokenType.Null || TryParse(v, json, out _);

    public override bool TryAppend(in JsonValue v, ReadOnlySpan<byte> json, ColumnVector target)
    {
        if (v.Token == JsonTokenType.Null) { target.AppendNull(); return true; }
        if (!TryParse(v, json, out long value)) return false;
        if (target is PrimitiveVector<int> days) days.Append((int)value);
        else ((PrimitiveVector<long>)target).Append(value);
        return true;
    }
}

/// <summary>binary: base64 strings.</summary>
internal sealed class JsonBinaryConverter : JsonConverter
{
    public JsonBinaryConverter(DataType type, JsonParseContext context) : base(type, context) { }

    private byte[]? Decode(in JsonValue v, ReadOnlySpan<byte> json)
    {
        if (v.Token != JsonTokenType.String) return null;
        try { return Convert.FromBase64String(System.Text.Encoding.UTF8.GetString(Context.StringBytes(v, json))); }
        catch (FormatException) { return null; }
    }

    public override bool CanConvert(in JsonValue v, ReadOnlySpan<byte> json) => v.Token == JsonTokenType.Null || Decode(v, json) != null;

    public override bool TryAppend(in JsonValue v, ReadOnlySpan<byte> json, ColumnVector target)
    {
        if (v.Token == JsonTokenType.Null) { target.AppendNull(); return true; }
        var bytes = Decode(v, json);
        if (bytes == null) return false;
        ((StringVector)target).Append(bytes);
        return true;
    }
}

/// <summary>The void type: every value is null.</summary>
internal sealed class JsonNullConverter : JsonConverter
{
    public JsonNullConverter(DataType type, JsonParseContext context) : base(type, context) { }
    public override bool CanConvert(in JsonValue v, ReadOnlySpan<byte> json) => true;
    public override bool TryAppend(in JsonValue v, ReadOnlySpan<byte> json, ColumnVector target) { target.AppendNull(); return true; }
}
