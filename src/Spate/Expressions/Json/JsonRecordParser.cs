using System.Text.Json;
using Spate.Columnar;
using Spate.Sql.Types;

namespace Spate.Expressions.Json;

/// <summary>The outcome of parsing one JSON record.</summary>
internal enum JsonRecordStatus
{
    /// <summary>Blank input: no record at all (from_json gives null, files skip the line).</summary>
    Empty,
    /// <summary>Parsed and converted; rows were appended.</summary>
    Ok,
    /// <summary>A row was appended, but some top-level fields did not convert and are null (Spark's partial result).</summary>
    Partial,
    /// <summary>Not JSON, truncated, not an object, or (when validating first) not convertible: nothing was appended.</summary>
    Malformed,
}

/// <summary>
/// Parses whole JSON records (one line, one file, one from_json input) straight from UTF-8 bytes into column
/// vectors for a schema, with Spark's root rules: an object is a row; with <c>allowArrayAsStructs</c> (files) a
/// top-level array of objects is one row per element; anything else is malformed. Records rejected by the strict
/// reader are retried through <see cref="JsonLenientNormalizer"/> when lenient options are on.
/// </summary>
internal sealed class JsonRecordParser
{
    private readonly JsonConverter _root;
    private readonly JsonStructConverter? _struct;
    private readonly JsonFlatRecordParser? _flat;

    /// <summary>The one-pass parser for flat records, when the schema allows one: callers with a loop over many
    /// records try it first and call <see cref="ParseStruct"/> only when it declines.</summary>
    public JsonFlatRecordParser? Flat => _flat;
    private readonly bool _allowArrayAsStructs;
    private readonly Utf8Buffer _lenient = new();
    private readonly List<JsonValue> _elements = new();

    public JsonRecordParser(DataType schema, JsonOptions options, bool allowArrayAsStructs)
    {
        Context = new JsonParseContext(options);
        _root = JsonConverter.Create(schema, Context);
        _struct = _root as JsonStructConverter;
        _flat = schema is StructType st ? JsonFlatRecordParser.TryCreate(st) : null;
        _allowArrayAsStructs = allowArrayAsStructs;
    }

    public JsonParseContext Context { get; }

    private enum RootKind { Blank, SyntaxError, Object, Array, Other }

    private static bool IsBlank(ReadOnlySpan<byte> s)
    {
        foreach (byte b in s) if (b != ' ' && b != '\t' && b != '\r' && b != '\n') return false;
        return true;
    }

    /// <summary>Parses a record for a struct schema, appending one value per field to <paramref name="targets"/> for
    /// each row. With <paramref name="validateFirst"/> a record whose fields do not all convert appends nothing
    /// and is reported malformed (DROPMALFORMED). <paramref name="flatTried"/>: the caller already tried
    /// <see cref="Flat"/> on this record, which declined it.</summary>
    public JsonRecordStatus ParseStruct(ReadOnlySpan<byte> record, ColumnVector[] targets, bool validateFirst, out int rows, int viewBase = -1, bool flatTried = false)
    {
        rows = 0;
        var st = _struct ?? throw new InvalidOperationException("Not a struct schema.");
        // Flat records of strict syntax take one pass; the rest (and anything unusual) the staged path below.
        if (!flatTried && _flat != null && _flat.TryParse(record, targets, viewBase))
        {
            rows = 1;
            return JsonRecordStatus.Ok;
        }
        var src = record;
        var kind = StageRoot(src, out var rootValue);
        if (kind == RootKind.SyntaxError && TryLenient(record))
        {
            src = _lenient.Span;
            kind = StageRoot(src, out rootValue);
        }
        switch (kind)
        {
            case RootKind.Blank: return JsonRecordStatus.Empty;
            case RootKind.Object:
                if (validateFirst && !st.CanConvertStaged(src)) return JsonRecordStatus.Malformed;
                rows = 1;
                return st.AppendStaged(src, targets) ? JsonRecordStatus.Ok : JsonRecordStatus.Partial;
            case RootKind.Array when _allowArrayAsStructs:
                // Every element must be an object that converts completely, or the record is malformed.
                foreach (var e in _elements)
                    if (e.Token != JsonTokenType.StartObject || !st.CanConvert(e, src)) return JsonRecordStatus.Malformed;
                foreach (var e in _elements)
                {
                    var reader = Context.Reader(src.Slice(e.Start, e.Length));
                    reader.Read();
                    st.Stage(ref reader, e.Start);
                    st.AppendStaged(src, targets);
                    rows++;
                }
                return rows == 0 ? JsonRecordStatus.Empty : JsonRecordStatus.Ok;
            default:
                return JsonRecordStatus.Malformed;
        }
    }

    /// <summary>Parses a record for an array or map schema (from_json), appending one value on success.</summary>
    public JsonRecordStatus ParseValue(ReadOnlySpan<byte> record, ColumnVector target)
    {
        var src = record;
        var kind = StageRoot(src, out var v);
        if (kind == RootKind.SyntaxError && TryLenient(record))
        {
            src = _lenient.Span;
            kind = StageRoot(src, out v);
        }
        if (kind == RootKind.Blank) return JsonRecordStatus.Empty;
        if (kind is RootKind.SyntaxError) return JsonRecordStatus.Malformed;
        if (_root is JsonArrayConverter arr && v.Token == JsonTokenType.StartObject && arr.Element is JsonStructConverter)
        {
            // An object where an array of structs is expected is read as a one-element array (SPARK-19595).
            if (!arr.Element.CanConvert(v, src)) return JsonRecordStatus.Malformed;
            var av = (ArrayVector)target;
            arr.Element.TryAppend(v, src, av.Elements);
            av.EndArray();
            return JsonRecordStatus.Ok;
        }
        if (v.Token == JsonTokenType.Null || !v.IsContainer) return JsonRecordStatus.Malformed;
        return _root.TryAppend(v, src, target) ? JsonRecordStatus.Ok : JsonRecordStatus.Malformed;
    }

    private bool TryLenient(ReadOnlySpan<byte> record) =>
        Context.Options.AnyLenientSyntax && JsonLenientNormalizer.TryNormalize(record, Context.Options, _lenient);

    // Tokenizes the root value: objects are staged into the struct converter, arrays' elements are recorded.
    private RootKind StageRoot(ReadOnlySpan<byte> src, out JsonValue value)
    {
        value = default;
        if (IsBlank(src)) return RootKind.Blank;
        try
        {
            var reader = Context.Reader(src);
            if (!reader.Read()) return RootKind.Blank;
            if (reader.TokenType == JsonTokenType.StartObject && _struct != null)
            {
                _struct.Stage(ref reader, 0);
                return RootKind.Object;
            }
            if (reader.TokenType == JsonTokenType.StartArray && _struct != null)
            {
                _elements.Clear();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) _elements.Add(JsonValue.Capture(ref reader, 0));
                return RootKind.Array;
            }
            value = JsonValue.Capture(ref reader, 0);
            return value.Token switch
            {
                JsonTokenType.StartObject => RootKind.Object,
                JsonTokenType.StartArray => RootKind.Array,
                _ => RootKind.Other,
            };
        }
        catch (JsonException)
        {
            return RootKind.SyntaxError;
        }
    }
}
