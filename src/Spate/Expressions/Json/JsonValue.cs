using System.Text.Json;

namespace Spate.Expressions.Json;

/// <summary>
/// Where one JSON value sits in a record: its token kind and byte range. Strings cover their content (between
/// the quotes, still escaped when <see cref="Escaped"/>); numbers and literals their token; objects and arrays
/// everything from the opening to the closing bracket. Values are recorded during tokenization and converted
/// afterwards, so a record is tokenized once and nothing is appended for a record that turns out malformed.
/// </summary>
internal readonly struct JsonValue
{
    public JsonValue(JsonTokenType token, int start, int length, bool escaped)
    {
        Token = token;
        Start = start;
        Length = length;
        Escaped = escaped;
    }

    public JsonTokenType Token { get; }
    public int Start { get; }
    public int Length { get; }
    public bool Escaped { get; }

    public bool IsContainer => Token is JsonTokenType.StartObject or JsonTokenType.StartArray;

    /// <summary>The value's bytes within <paramref name="json"/> (string content without quotes).</summary>
    public ReadOnlySpan<byte> Bytes(ReadOnlySpan<byte> json) => json.Slice(Start, Length);

    /// <summary>A string value with its quotes, for handing to a reader to unescape.</summary>
    public ReadOnlySpan<byte> QuotedString(ReadOnlySpan<byte> json) => json.Slice(Start - 1, Length + 2);

    /// <summary>Records the value the reader is positioned on (its first token); containers are skipped to their end.</summary>
    public static JsonValue Capture(ref Utf8JsonReader reader, int baseOffset)
    {
        var token = reader.TokenType;
        int start = baseOffset + (int)reader.TokenStartIndex;
        switch (token)
        {
            case JsonTokenType.String:
                return new JsonValue(token, start + 1, reader.ValueSpan.Length, reader.ValueIsEscaped);
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                reader.Skip();
                return new JsonValue(token, start, baseOffset + (int)reader.BytesConsumed - start, false);
            default:
                return new JsonValue(token, start, reader.ValueSpan.Length, false);
        }
    }
}
