using System.Text;
using System.Text.Json;

namespace Spate.Sql.Types;

/// <summary>Spark's JSON form of data types (the form stored in checkpoints and Parquet metadata).</summary>
internal static class TypeJson
{
    public static string Write(DataType t)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer)) WriteValue(w, t);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void WriteValue(Utf8JsonWriter w, DataType t)
    {
        switch (t)
        {
            case StructType s:
                w.WriteStartObject();
                w.WriteString("type", "struct");
                w.WriteStartArray("fields");
                foreach (var f in s.Fields)
                {
                    w.WriteStartObject();
                    w.WriteString("name", f.Name);
                    w.WritePropertyName("type");
                    WriteValue(w, f.DataType);
                    w.WriteBoolean("nullable", f.IsNullable);
                    w.WriteStartObject("metadata");
                    foreach (var kv in f.Metadata) w.WriteString(kv.Key, kv.Value);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
                break;
            case ArrayType a:
                w.WriteStartObject();
                w.WriteString("type", "array");
                w.WritePropertyName("elementType");
                WriteValue(w, a.ElementType);
                w.WriteBoolean("containsNull", a.ContainsNull);
                w.WriteEndObject();
                break;
            case MapType m:
                w.WriteStartObject();
                w.WriteString("type", "map");
                w.WritePropertyName("keyType");
                WriteValue(w, m.KeyType);
                w.WritePropertyName("valueType");
                WriteValue(w, m.ValueType);
                w.WriteBoolean("valueContainsNull", m.ValueContainsNull);
                w.WriteEndObject();
                break;
            case NullType:
                w.WriteStringValue("null");
                break;
            default:
                w.WriteStringValue(t.TypeName);
                break;
        }
    }

    public static DataType Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var doc = JsonDocument.Parse(json);
            return Read(doc.RootElement);
        }
        // Malformed JSON, or JSON missing a member a type needs: one clear error naming the input.
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ArgumentException($"[INVALID_JSON_DATA_TYPE] Failed to convert the JSON string '{json}' to a data type.", e);
        }
    }

    public static DataType Read(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.String)
        {
            string name = e.GetString()!;
            return name switch
            {
                "integer" => IntegerType.Instance,
                "null" => NullType.Instance,
                _ => DdlParser.ParseType(name),
            };
        }
        string type = e.GetProperty("type").GetString()!;
        switch (type)
        {
            case "struct":
                var fields = new List<StructField>();
                foreach (var f in e.GetProperty("fields").EnumerateArray())
                {
                    Dictionary<string, string>? meta = null;
                    if (f.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object)
                    {
                        meta = new Dictionary<string, string>();
                        foreach (var p in m.EnumerateObject()) meta[p.Name] = p.Value.ToString();
                    }
                    fields.Add(new StructField(f.GetProperty("name").GetString()!, Read(f.GetProperty("type")),
                        !f.TryGetProperty("nullable", out var n) || n.GetBoolean(), meta));
                }
                return new StructType(fields);
            case "array":
                return new ArrayType(Read(e.GetProperty("elementType")), !e.TryGetProperty("containsNull", out var cn) || cn.GetBoolean());
            case "map":
                return new MapType(Read(e.GetProperty("keyType")), Read(e.GetProperty("valueType")),
                    !e.TryGetProperty("valueContainsNull", out var vn) || vn.GetBoolean());
            default:
                throw new ArgumentException($"Unknown data type JSON: {e}");
        }
    }
}
