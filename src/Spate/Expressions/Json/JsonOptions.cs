using Spate.Sql;

namespace Spate.Expressions.Json;

/// <summary>How records that cannot be parsed are handled (Spark's <c>mode</c> option).</summary>
internal enum JsonParseMode
{
    Permissive,
    DropMalformed,
    FailFast,
}

/// <summary>Spark's JSON options (<c>JSONOptions</c>) as used by from_json, to_json, schema_of_json and the json
/// file format. Keys are case-insensitive; unknown keys are ignored, as in Spark.</summary>
internal sealed class JsonOptions
{
    /// <summary>Spark's default for <c>spark.sql.columnNameOfCorruptRecord</c>.</summary>
    public const string DefaultCorruptColumn = "_corrupt_record";

    public static readonly JsonOptions Default = new(null);

    public JsonOptions(IReadOnlyDictionary<string, string>? options)
    {
        var o = options == null
            ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(options, StringComparer.OrdinalIgnoreCase);
        Mode = Get(o, "mode")?.ToUpperInvariant() switch
        {
            "DROPMALFORMED" => JsonParseMode.DropMalformed,
            "FAILFAST" => JsonParseMode.FailFast,
            _ => JsonParseMode.Permissive, // Spark falls back to PERMISSIVE for unknown modes
        };
        ColumnNameOfCorruptRecord = Get(o, "columnNameOfCorruptRecord") ?? DefaultCorruptColumn;
        AllowComments = Bool(o, "allowComments", false);
        AllowSingleQuotes = Bool(o, "allowSingleQuotes", true);
        AllowUnquotedFieldNames = Bool(o, "allowUnquotedFieldNames", false);
        AllowNumericLeadingZeros = Bool(o, "allowNumericLeadingZeros", false);
        AllowNonNumericNumbers = Bool(o, "allowNonNumericNumbers", true);
        AllowBackslashEscapingAnyCharacter = Bool(o, "allowBackslashEscapingAnyCharacter", false);
        PrimitivesAsString = Bool(o, "primitivesAsString", false);
        PrefersDecimal = Bool(o, "prefersDecimal", false);
        DropFieldIfAllNull = Bool(o, "dropFieldIfAllNull", false);
        MultiLine = Bool(o, "multiLine", false);
        IgnoreNullFields = Bool(o, "ignoreNullFields", true);
        Pretty = Bool(o, "pretty", false);
        TimestampFormat = Get(o, "timestampFormat");
        DateFormat = Get(o, "dateFormat");
        LineSep = Get(o, "lineSep");
        TimeZone = Get(o, "timeZone");
    }

    private static string? Get(Dictionary<string, string> o, string key) => o.TryGetValue(key, out var v) ? v : null;

    private static bool Bool(Dictionary<string, string> o, string key, bool dflt)
    {
        var v = Get(o, key);
        if (v == null) return dflt;
        if (bool.TryParse(v.Trim(), out var b)) return b;
        throw new AnalysisException($"{key} should be a boolean, but got '{v}'.");
    }

    public JsonParseMode Mode { get; }
    public string ModeName => Mode switch { JsonParseMode.DropMalformed => "DROPMALFORMED", JsonParseMode.FailFast => "FAILFAST", _ => "PERMISSIVE" };
    public string ColumnNameOfCorruptRecord { get; }
    public bool AllowComments { get; }
    public bool AllowSingleQuotes { get; }
    public bool AllowUnquotedFieldNames { get; }
    public bool AllowNumericLeadingZeros { get; }
    public bool AllowNonNumericNumbers { get; }
    public bool AllowBackslashEscapingAnyCharacter { get; }
    public bool PrimitivesAsString { get; }
    public bool PrefersDecimal { get; }
    public bool DropFieldIfAllNull { get; }
    public bool MultiLine { get; }
    public bool IgnoreNullFields { get; }
    public bool Pretty { get; }
    /// <summary>A Java DateTimeFormatter pattern, or null for Spark's default (ISO 8601 parsing).</summary>
    public string? TimestampFormat { get; }
    public string? DateFormat { get; }
    public string? LineSep { get; }
    public string? TimeZone { get; }

    /// <summary>True when a record that the strict reader rejects may still parse under Jackson's lenient features.</summary>
    public bool AnyLenientSyntax => AllowSingleQuotes || AllowUnquotedFieldNames || AllowNumericLeadingZeros || AllowNonNumericNumbers || AllowBackslashEscapingAnyCharacter;
}
