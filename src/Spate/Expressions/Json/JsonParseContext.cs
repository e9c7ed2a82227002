using System.Text.Json;

namespace Spate.Expressions.Json;

/// <summary>State shared by the converters of one parser: options, reader settings and scratch buffers
/// (reused from record to record so that parsing allocates nothing per row).</summary>
internal sealed class JsonParseContext
{
    public JsonParseContext(JsonOptions options)
    {
        Options = options;
        ReaderOptions = new JsonReaderOptions
        {
            CommentHandling = options.AllowComments ? JsonCommentHandling.Skip : JsonCommentHandling.Disallow,
            MaxDepth = 1000, // Jackson's nesting limit, far above System.Text.Json's default of 64
        };
        TimeZone = options.TimeZone == null ? null
            : options.TimeZone is "UTC" or "Z" or "GMT" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
    }

    public JsonOptions Options { get; }
    public JsonReaderOptions ReaderOptions { get; }
    /// <summary>The <c>timeZone</c> option, or null for the session time zone.</summary>
    public TimeZoneInfo? TimeZone { get; }

    /// <summary>Unescaped string values.</summary>
    public readonly Utf8Buffer Unescaped = new();
    /// <summary>Re-serialized JSON of non-string values read into string fields.</summary>
    public readonly Utf8Buffer Compact = new();
    /// <summary>Unescaped strings inside <see cref="Compact"/> output.</summary>
    public readonly Utf8Buffer CompactScratch = new();
    /// <summary>Unescaped property names.</summary>
    public readonly Utf8Buffer Names = new();

    public Utf8JsonReader Reader(ReadOnlySpan<byte> json) => new(json, ReaderOptions);

    /// <summary>The unescaped UTF-8 bytes of a string value (the input bytes themselves when nothing is escaped).</summary>
    public ReadOnlySpan<byte> StringBytes(in JsonValue v, ReadOnlySpan<byte> json)
    {
        if (!v.Escaped) return v.Bytes(json);
        return Unescape(v.QuotedString(json), Unescaped);
    }

    /// <summary>Unescapes a quoted JSON string into <paramref name="into"/>.</summary>
    public ReadOnlySpan<byte> Unescape(ReadOnlySpan<byte> quoted, Utf8Buffer into)
    {
        var r = new Utf8JsonReader(quoted);
        r.Read();
        into.Clear();
        int n = r.CopyString(into.GetSpan(quoted.Length));
        into.Advance(n);
        return into.Span;
    }
}
