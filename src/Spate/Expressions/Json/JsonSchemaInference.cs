using System.Text.Json;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Expressions.Json;

/// <summary>
/// Spark's JSON schema inference (JsonInferSchema): integers are bigint, other numbers double (decimal with
/// <c>prefersDecimal</c>), objects are structs with fields sorted by name, arrays take the common type of their
/// elements, conflicting types become string, and fields that are only ever null become string.
/// </summary>
internal sealed class JsonSchemaInference
{
    private readonly JsonOptions _options;
    private readonly JsonParseContext _context;
    private readonly Utf8Buffer _lenient = new();

    public JsonSchemaInference(JsonOptions options)
    {
        _options = options;
        _context = new JsonParseContext(options);
    }

    private static readonly StringComparer FieldOrder = StringComparer.Ordinal; // Java's String.compareTo

    /// <summary>Infers the type of one record; null for a blank record; throws <see cref="JsonException"/> when malformed.</summary>
    public DataType? InferRecord(ReadOnlySpan<byte> record)
    {
        if (record.Trim(" \t\r\n"u8).IsEmpty) return null;
        try { return InferStrict(record); }
        catch (JsonException) when (_options.AnyLenientSyntax && JsonLenientNormalizer.TryNormalize(record, _options, _lenient))
        {
            return InferStrict(_lenient.Span);
        }
    }

    private DataType? InferStrict(ReadOnlySpan<byte> record)
    {
        var reader = _context.Reader(record);
        if (!reader.Read()) return null;
        return InferValue(ref reader);
    }

    private DataType InferValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null: return NullType.Instance;
            case JsonTokenType.True or JsonTokenType.False: return _options.PrimitivesAsString ? StringType.Instance : BooleanType.Instance;
            case JsonTokenType.String:
                if (_options.PrefersDecimal && !_options.PrimitivesAsString)
                {
                    var text = reader.GetString();
                    if (decimal.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var m))
                        return DecimalOf(m) ?? (DataType)DoubleType.Instance;
                }
                return StringType.Instance;
            case JsonTokenType.Number:
                return InferNumber(reader.ValueSpan);
            case JsonTokenType.StartArray:
                {
                    DataType element = NullType.Instance;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        element = CompatibleType(element, InferValue(ref reader));
                    return new ArrayType(element);
                }
            case JsonTokenType.StartObject:
                {
                    var fields = new List<StructField>();
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var name = reader.GetString()!;
                        reader.Read();
                        var t = InferValue(ref reader);
                        int existing = fields.FindIndex(f => f.Name == name);
                        if (existing >= 0) fields[existing] = new StructField(name, CompatibleType(fields[existing].DataType, t));
                        else fields.Add(new StructField(name, t));
                    }
                    fields.Sort((a, b) => FieldOrder.Compare(a.Name, b.Name));
                    return new StructType(fields);
                }
            default:
                throw new JsonException($"Unexpected token {reader.TokenType}.");
        }
    }

    private DataType InferNumber(ReadOnlySpan<byte> number)
    {
        if (_options.PrimitivesAsString) return StringType.Instance;
        bool integral = number.IndexOfAny("eE."u8) < 0;
        if (integral)
        {
            if (long.TryParse(number, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _))
                return LongType.Instance;
            // Too big for a long: a decimal wide enough, or double beyond 38 digits.
            int digits = number.Length - (number[0] == '-' ? 1 : 0);
            return digits <= 38 ? new DecimalType(digits, 0) : DoubleType.Instance;
        }
        if (_options.PrefersDecimal && decimal.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var m))
            return DecimalOf(m) ?? (DataType)DoubleType.Instance;
        return DoubleType.Instance;
    }

    private static DecimalType? DecimalOf(decimal m)
    {
        int scale = (m.Scale);
        var digits = decimal.Truncate(Math.Abs(m)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        int intDigits = digits == "0" ? 0 : digits.Length;
        int precision = Math.Max(intDigits + scale, scale);
        if (precision > 38) return null;
        return new DecimalType(Math.Max(1, precision), scale);
    }

    /// <summary>Spark's JsonInferSchema.compatibleType: the type both values fit in, string when nothing else does.</summary>
    public static DataType CompatibleType(DataType t1, DataType t2)
    {
        if (t1.Equals(t2)) return t1;
        if (t1 is NullType) return t2;
        if (t2 is NullType) return t1;
        switch (t1, t2)
        {
            case (DoubleType, DecimalType) or (DecimalType, DoubleType): return DoubleType.Instance;
            case (DecimalType d1, DecimalType d2):
                {
                    int scale = Math.Max(d1.Scale, d2.Scale);
                    int range = Math.Max(d1.Precision - d1.Scale, d2.Precision - d2.Scale);
                    return range + scale > 38 ? DoubleType.Instance : new DecimalType(range + scale, scale);
                }
            case (IntegralType, DecimalType d): return CompatibleType(new DecimalType(20, 0), d);
            case (DecimalType d, IntegralType): return CompatibleType(d, new DecimalType(20, 0));
            case (NumericType, NumericType):
                return t1 is DoubleType || t2 is DoubleType || t1 is FloatType || t2 is FloatType ? DoubleType.Instance : LongType.Instance;
            case (StructType s1, StructType s2):
                {
                    var byName = new SortedDictionary<string, StructField>(FieldOrder);
                    foreach (var f in s1.Fields) byName[f.Name] = f;
                    foreach (var f in s2.Fields)
                        byName[f.Name] = byName.TryGetValue(f.Name, out var g) ? new StructField(f.Name, CompatibleType(g.DataType, f.DataType)) : f;
                    return new StructType(byName.Values);
                }
            case (ArrayType a1, ArrayType a2):
                return new ArrayType(CompatibleType(a1.ElementType, a2.ElementType), a1.ContainsNull || a2.ContainsNull);
            default:
                return StringType.Instance;
        }
    }

    /// <summary>Merges record types at the root: arrays of records are unwrapped, and a non-object record adds the
    /// corrupt-record column in PERMISSIVE mode (Spark's compatibleRootType).</summary>
    public DataType MergeRoot(DataType acc, DataType record)
    {
        if (record is ArrayType ra) return MergeRoot(acc, ra.ElementType);
        if (acc is ArrayType aa) return MergeRoot(aa.ElementType, record);
        if (acc is StructType && record is NullType) return acc;
        if (acc is NullType && record is StructType) return record;
        if (acc is StructType s1 && record is not StructType) return WithCorruptField(s1, record);
        if (record is StructType s2 && acc is not StructType) return WithCorruptField(s2, acc);
        return CompatibleType(acc, record);
    }

    private StructType WithCorruptField(StructType s, DataType other)
    {
        switch (_options.Mode)
        {
            case JsonParseMode.Permissive:
                return CorruptRecordSchema(s);
            case JsonParseMode.DropMalformed:
                return s;
            default:
                throw new SparkException($"Malformed records are detected in schema inference. Parse Mode: FAILFAST. Reasons: Failed to infer a common schema. Struct types are expected, but `{other.Sql}` was found.");
        }
    }

    /// <summary><paramref name="s"/> with the corrupt-record string column added (kept sorted by name).</summary>
    public StructType CorruptRecordSchema(StructType s)
    {
        var name = _options.ColumnNameOfCorruptRecord;
        if (s.Fields.Any(f => f.Name == name)) return s;
        var fields = s.Fields.Append(new StructField(name, StringType.Instance)).ToList();
        fields.Sort((a, b) => FieldOrder.Compare(a.Name, b.Name));
        return new StructType(fields);
    }

    /// <summary>Spark's canonicalizeType: null types become string (or are dropped with <c>dropFieldIfAllNull</c>),
    /// empty structs and unnamed fields are dropped. Null when nothing remains.</summary>
    public DataType? Canonicalize(DataType t)
    {
        switch (t)
        {
            case ArrayType a:
                var e = Canonicalize(a.ElementType);
                return e == null ? null : new ArrayType(e, a.ContainsNull);
            case StructType s:
                var fields = new List<StructField>();
                foreach (var f in s.Fields)
                {
                    if (f.Name.Length == 0) continue;
                    var ft = Canonicalize(f.DataType);
                    if (ft != null) fields.Add(new StructField(f.Name, ft, f.IsNullable));
                }
                return fields.Count == 0 ? null : new StructType(fields);
            case NullType:
                return _options.DropFieldIfAllNull ? null : StringType.Instance;
            default:
                return t;
        }
    }

    /// <summary>The schema of a file's records (blank records skipped, malformed ones handled per mode).</summary>
    public StructType InferRoot(IEnumerable<DataType> recordTypes)
    {
        DataType acc = new StructType();
        foreach (var t in recordTypes) acc = MergeRoot(acc, t);
        return Canonicalize(acc) as StructType ?? new StructType();
    }

    /// <summary>schema_of_json's result type for one JSON text.</summary>
    public DataType InferSingle(ReadOnlySpan<byte> json)
    {
        var t = InferRecord(json) ?? NullType.Instance;
        return t switch
        {
            StructType s => Canonicalize(s) ?? new StructType(),
            ArrayType { ElementType: StructType es } a => new ArrayType(Canonicalize(es) ?? new StructType(), a.ContainsNull),
            _ => Canonicalize(t) ?? StringType.Instance,
        };
    }
}
