using System.Globalization;
using System.Text.Json;
using Spate.Sql;

namespace Spate.Expressions.Json;

/// <summary>Re-serializes a parsed JSON value compactly, as Jackson's <c>copyCurrentStructure</c> does: no
/// whitespace, strings re-escaped, integers kept, other numbers printed as Java doubles (<c>1.50</c> → <c>1.5</c>).</summary>
internal static class JsonCompactWriter
{
    public static void Write(JsonParseContext context, in JsonValue v, ReadOnlySpan<byte> json, Utf8Buffer output)
    {
        switch (v.Token)
        {
            case JsonTokenType.String: output.AppendJsonString(context.StringBytes(v, json)); return;
            case JsonTokenType.Number: WriteNumber(v.Bytes(json), output); return;
            case JsonTokenType.True: output.Append("true"u8); return;
            case JsonTokenType.False: output.Append("false"u8); return;
            case JsonTokenType.Null: output.Append("null"u8); return;
        }
        var reader = context.Reader(json.Slice(v.Start, v.Length));
        bool needComma = false;
        while (reader.Read())
        {
            var t = reader.TokenType;
            if (needComma && t is not JsonTokenType.EndObject and not JsonTokenType.EndArray) output.Append((byte)',');
            switch (t)
            {
                case JsonTokenType.StartObject: output.Append((byte)'{'); needComma = false; continue;
                case JsonTokenType.StartArray: output.Append((byte)'['); needComma = false; continue;
                case JsonTokenType.EndObject: output.Append((byte)'}'); break;
                case JsonTokenType.EndArray: output.Append((byte)']'); break;
                case JsonTokenType.PropertyName:
                    output.AppendJsonString(Unescaped(ref reader, context));
                    output.Append((byte)':');
                    needComma = false;
                    continue;
                case JsonTokenType.String: output.AppendJsonString(Unescaped(ref reader, context)); break;
                case JsonTokenType.Number: WriteNumber(reader.ValueSpan, output); break;
                case JsonTokenType.True: output.Append("true"u8); break;
                case JsonTokenType.False: output.Append("false"u8); break;
                case JsonTokenType.Null: output.Append("null"u8); break;
            }
            needComma = true;
            if (reader.CurrentDepth == 0 && t is JsonTokenType.EndObject or JsonTokenType.EndArray) break;
        }
    }

    private static ReadOnlySpan<byte> Unescaped(ref Utf8JsonReader reader, JsonParseContext context)
    {
        if (!reader.ValueIsEscaped) return reader.ValueSpan;
        var scratch = context.CompactScratch;
        scratch.Clear();
        scratch.Advance(reader.CopyString(scratch.GetSpan(reader.ValueSpan.Length)));
        return scratch.Span;
    }

    /// <summary>Writes a JSON number as Jackson re-emits it: integers as they are, others via Java's Double.toString.</summary>
    public static void WriteNumber(ReadOnlySpan<byte> number, Utf8Buffer output)
    {
        if (number.IndexOfAny("eE."u8) < 0)
        {
            if (number.SequenceEqual("-0"u8)) output.Append((byte)'0');
            else output.Append(number);
            return;
        }
        double d = double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);
        output.Append(ValueConverter.JavaDouble(d));
    }
}
