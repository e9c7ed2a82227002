using System.Text.Json;
using Spate.Columnar;
using Spate.Sql.Types;

namespace Spate.Expressions.Json;

/// <summary>
/// Converts JSON objects to structs. An object is read once, recording where the value of each schema field is
/// (fields in any order, unknown fields skipped, the last of duplicate keys kept); the recorded values are then
/// converted field by field. Missing fields are null.
/// </summary>
internal sealed class JsonStructConverter : JsonConverter
{
    private readonly JsonConverter[] _fields;
    private readonly Utf8FieldLookup _lookup;
    private readonly JsonValue[] _staged;
    private readonly int[] _stamp; // _stamp[i] == _generation: field i was seen in the current object
    private int _generation;

    public JsonStructConverter(StructType type, JsonParseContext context) : base(type, context)
    {
        _fields = type.Fields.Select(f => Create(f.DataType, context)).ToArray();
        _lookup = new Utf8FieldLookup(type.Fields.Select(f => f.Name).ToList());
        _staged = new JsonValue[_fields.Length];
        _stamp = new int[_fields.Length];
    }

    public int FieldCount => _fields.Length;

    /// <summary>Reads the object the reader is positioned on (its <c>{</c>) to its end, recording field values.
    /// Throws <see cref="JsonException"/> for malformed JSON.</summary>
    public void Stage(ref Utf8JsonReader reader, int baseOffset)
    {
        if (++_generation == int.MaxValue) { Array.Clear(_stamp); _generation = 1; }
        int hint = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int index = FindField(ref reader, hint);
            reader.Read();
            if (index < 0) { reader.Skip(); continue; }
            _staged[index] = JsonValue.Capture(ref reader, baseOffset);
            _stamp[index] = _generation;
            hint = index + 1;
        }
    }

    private int FindField(ref Utf8JsonReader reader, int hint)
    {
        if (!reader.ValueIsEscaped) return _lookup.Find(reader.ValueSpan, hint);
        var names = Context.Names;
        names.Clear();
        int n = reader.CopyString(names.GetSpan(reader.ValueSpan.Length));
        names.Advance(n);
        return _lookup.Find(names.Span, hint);
    }

    /// <summary>True when every recorded field value converts.</summary>
    public bool CanConvertStaged(ReadOnlySpan<byte> json)
    {
        for (int i = 0; i < _fields.Length; i++)
            if (_stamp[i] == _generation && !_fields[i].CanConvert(_staged[i], json)) return false;
        return true;
    }

    /// <summary>Appends one value to each of <paramref name="targets"/> (one per field). A field whose value does not
    /// convert gets a null; the result is false when that happened (Spark's partial result).</summary>
    public bool AppendStaged(ReadOnlySpan<byte> json, ColumnVector[] targets)
    {
        bool ok = true;
        for (int i = 0; i < _fields.Length; i++)
        {
            if (_stamp[i] != _generation) { targets[i].AppendNull(); continue; }
            if (!_fields[i].TryAppend(_staged[i], json, targets[i]))
            {
                targets[i].AppendNull();
                ok = false;
            }
        }
        return ok;
    }

    public override bool CanConvert(in JsonValue v, ReadOnlySpan<byte> json)
    {
        if (v.Token == JsonTokenType.Null) return true;
        if (v.Token != JsonTokenType.StartObject) return false;
        var reader = Context.Reader(json.Slice(v.Start, v.Length));
        reader.Read();
        int hint = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int index = FindField(ref reader, hint);
            reader.Read();
            if (index < 0) { reader.Skip(); continue; }
            var value = JsonValue.Capture(ref reader, v.Start);
            if (!_fields[index].CanConvert(value, json)) return false;
            hint = index + 1;
        }
        return true;
    }

    public override bool TryAppend(in JsonValue v, ReadOnlySpan<byte> json, ColumnVector target)
    {
        if (v.Token == JsonTokenType.Null) { target.AppendNull(); return true; }
        if (!CanConvert(v, json)) return false;
        var sv = (StructVector)target;
        var reader = Context.Reader(json.Slice(v.Start, v.Length));
        reader.Read();
        Stage(ref reader, v.Start);
        AppendStaged(json, sv.Children);
        sv.EndRow();
        return true;
    }
}

/// <summary>Converts JSON arrays to arrays; one element that does not convert fails the whole array (Spark 3.5).</summary>
internal sealed class JsonArrayConverter : JsonConverter
{
    private readonly JsonConverter _element;

    public JsonArrayConverter(ArrayType type, JsonParseContext context) : base(type, context)
    {
        _element = Create(type.ElementType, context);
    }

    public JsonConverter Element => _element;

    public override bool CanConvert(in JsonValue v, ReadOnlySpan<byte> json)
    {
        if (v.Token == JsonTokenType.Null) return true;
        if (v.Token != JsonTokenType.StartArray) return false;
        var reader = Context.Reader(json.Slice(v.Start, v.Length));
        reader.Read();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var e = JsonValue.Capture(ref reader, v.Start);
            if (!_element.CanConvert(e, json)) return false;
        }
        return true;
    }

    public override bool TryAppend(in JsonValue v, ReadOnlySpan<byte> json, ColumnVector target)
    {
        if (v.Token == JsonTokenType.Null) { target.AppendNull(); return true; }
        if (!CanConvert(v, json)) return false;
        var av = (ArrayVector)target;
        AppendElements(v, json, av.Elements);
        av.EndArray();
        return true;
    }

    /// <summary>Appends the elements of an array already known to convert.</summary>
    public void AppendElements(in JsonValue v, ReadOnlySpan<byte> json, ColumnVector elements)
    {
        var reader = Context.Reader(json.Slice(v.Start, v.Length));
        reader.Read();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var e = JsonValue.Capture(ref reader, v.Start);
            if (!_element.TryAppend(e, json, elements)) elements.AppendNull();
        }
    }
}

/// <summary>Converts JSON objects to maps with string keys.</summary>
internal sealed class JsonMapConverter : JsonConverter
{
    private readonly JsonConverter _value;

    public JsonMapConverter(MapType type, JsonParseContext context) : base(type, context)
    {
        _value = Create(type.ValueType, context);
    }

    public override bool CanConvert(in JsonValue v, ReadOnlySpan<byte> json)
    {
        if (v.Token == JsonTokenType.Null) return true;
        if (v.Token != JsonTokenType.StartObject) return false;
        var reader = Context.Reader(json.Slice(v.Start, v.Length));
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            reader.Read();
            var e = JsonValue.Capture(ref reader, v.Start);
            if (!_value.CanConvert(e, json)) return false;
        }
        return true;
    }

    public override bool TryAppend(in JsonValue v, ReadOnlySpan<byte> json, ColumnVector target)
    {
        if (v.Token == JsonTokenType.Null) { target.AppendNull(); return true; }
        if (!CanConvert(v, json)) return false;
        var mv = (MapVector)target;
        var keys = (StringVector)mv.Keys;
        var reader = Context.Reader(json.Slice(v.Start, v.Length));
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueIsEscaped) keys.Append(reader.ValueSpan);
            else
            {
                var names = Context.Names;
                names.Clear();
                names.Advance(reader.CopyString(names.GetSpan(reader.ValueSpan.Length)));
                keys.Append(names.Span);
            }
            reader.Read();
            var e = JsonValue.Capture(ref reader, v.Start);
            if (!_value.TryAppend(e, json, mv.Values)) mv.Values.AppendNull();
        }
        mv.EndMap();
        return true;
    }
}
