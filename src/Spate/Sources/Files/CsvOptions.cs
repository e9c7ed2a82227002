using System.Text;
using Spate.Sql;

namespace Spate.Sources;

/// <summary>The CSV options Spark's CSVOptions understands, with Spark's defaults (reading and writing differ on whitespace trimming).</summary>
internal sealed class CsvOptions
{
    public CsvOptions(IReadOnlyDictionary<string, string> options)
    {
        string Get(string key, string fallback) => options.TryGetValue(key, out var v) ? v : fallback;
        bool Bool(string key, bool fallback)
        {
            if (!options.TryGetValue(key, out var v)) return fallback;
            if (bool.TryParse(v, out var b)) return b;
            throw new ArgumentException($"[INVALID_OPTION_VALUE] {key} flag can be true or false. Found: {v}.");
        }

        var sep = options.TryGetValue("sep", out var s) ? s : Get("delimiter", ",");
        Separator = Encoding.UTF8.GetBytes(Unescape(sep, "sep"));
        if (Separator.Length == 0) throw new ArgumentException("[INVALID_DELIMITER_VALUE.EMPTY_STRING] Invalid value for delimiter. Delimiter cannot be empty string.");
        Quote = SingleChar(Get("quote", "\""), "quote");
        Escape = SingleChar(Get("escape", "\\"), "escape");
        Comment = SingleChar(Get("comment", ""), "comment");
        Header = Bool("header", false);
        InferSchema = Bool("inferSchema", false);
        EnforceSchema = Bool("enforceSchema", true);
        MultiLine = Bool("multiLine", false);
        IgnoreLeadingWhiteSpaceInRead = Bool("ignoreLeadingWhiteSpace", false);
        IgnoreTrailingWhiteSpaceInRead = Bool("ignoreTrailingWhiteSpace", false);
        IgnoreLeadingWhiteSpaceInWrite = Bool("ignoreLeadingWhiteSpace", true);
        IgnoreTrailingWhiteSpaceInWrite = Bool("ignoreTrailingWhiteSpace", true);
        NullValue = Get("nullValue", "");
        EmptyValueInRead = Get("emptyValue", "");
        EmptyValueInWrite = Get("emptyValue", "\"\"");
        NanValue = Get("nanValue", "NaN");
        PositiveInf = Get("positiveInf", "Inf");
        NegativeInf = Get("negativeInf", "-Inf");
        DateFormat = options.TryGetValue("dateFormat", out var df) ? df : null;
        TimestampFormat = options.TryGetValue("timestampFormat", out var tf) ? tf : null;
        QuoteAll = Bool("quoteAll", false);
        EscapeQuotes = Bool("escapeQuotes", true);
        ColumnNameOfCorruptRecord = Get("columnNameOfCorruptRecord", "_corrupt_record");
        var enc = options.TryGetValue("encoding", out var e) ? e : Get("charset", "UTF-8");
        try { Encoding = Encoding.GetEncoding(enc); }
        catch (ArgumentException) { throw new ArgumentException($"[INVALID_PARAMETER_VALUE.CHARSET] The value of parameter(s) `charset` in `csv` is invalid: expects one of the charsets 'US-ASCII', 'ISO-8859-1', 'UTF-8', 'UTF-16BE', 'UTF-16LE', 'UTF-16', 'UTF-32', but got {enc}."); }
        LineSep = options.TryGetValue("lineSep", out var ls) ? ls : null;
        if (LineSep is { Length: 0 }) throw new ArgumentException("[INVALID_PARAMETER_VALUE] 'lineSep' cannot be an empty string.");
        SamplingRatio = options.TryGetValue("samplingRatio", out var sr) && double.TryParse(sr, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var r) ? r : 1.0;
        Mode = Get("mode", "PERMISSIVE").ToUpperInvariant() switch
        {
            "PERMISSIVE" => ParseMode.Permissive,
            "DROPMALFORMED" => ParseMode.DropMalformed,
            "FAILFAST" => ParseMode.FailFast,
            // Spark warns and falls back to PERMISSIVE on an unknown mode.
            _ => ParseMode.Permissive,
        };
    }

    public byte[] Separator { get; }
    /// <summary>The quote byte, or 0 when quoting is off (an empty <c>quote</c> option).</summary>
    public byte Quote { get; }
    public byte Escape { get; }
    public byte Comment { get; }
    public bool Header { get; }
    public bool InferSchema { get; }
    public bool EnforceSchema { get; }
    public bool MultiLine { get; }
    public bool IgnoreLeadingWhiteSpaceInRead { get; }
    public bool IgnoreTrailingWhiteSpaceInRead { get; }
    public bool IgnoreLeadingWhiteSpaceInWrite { get; }
    public bool IgnoreTrailingWhiteSpaceInWrite { get; }
    public string NullValue { get; }
    public string EmptyValueInRead { get; }
    public string EmptyValueInWrite { get; }
    public string NanValue { get; }
    public string PositiveInf { get; }
    public string NegativeInf { get; }
    public string? DateFormat { get; }
    public string? TimestampFormat { get; }
    public bool QuoteAll { get; }
    public bool EscapeQuotes { get; }
    public string ColumnNameOfCorruptRecord { get; }
    public Encoding Encoding { get; }
    public string? LineSep { get; }
    public double SamplingRatio { get; }
    public ParseMode Mode { get; }

    public string SeparatorString => Encoding.UTF8.GetString(Separator);

    /// <summary>Spark accepts <c>\t</c>, <c>\u0001</c> and friends as written escapes in the separator.</summary>
    private static string Unescape(string s, string name)
    {
        if (s.Length == 2 && s[0] == '\\')
        {
            return s[1] switch
            {
                't' => "\t", 'r' => "\r", 'b' => "\b", 'f' => "\f", '"' => "\"", '\'' => "'", '\\' => "\\", '0' => "\0",
                'u' => throw new ArgumentException($"[INVALID_DELIMITER_VALUE.UNSUPPORTED_SPECIAL_CHARACTER] Invalid value for delimiter. Unsupported special character for delimiter: {s}."),
                _ => throw new ArgumentException($"[INVALID_DELIMITER_VALUE.UNSUPPORTED_SPECIAL_CHARACTER] Invalid value for delimiter. Unsupported special character for delimiter: {s}."),
            };
        }
        if (s.StartsWith("\\u", StringComparison.Ordinal) && s.Length == 6 && int.TryParse(s.AsSpan(2), System.Globalization.NumberStyles.HexNumber, null, out int cp))
            return ((char)cp).ToString();
        if (s == "\\") throw new ArgumentException($"[INVALID_DELIMITER_VALUE.SINGLE_BACKSLASH] Invalid value for delimiter. Single backslash is prohibited. It has special meaning as beginning of an escape sequence. To get the backslash character, pass a string with two backslashes as the delimiter.");
        _ = name;
        return s;
    }

    private static byte SingleChar(string s, string name)
    {
        if (s.Length == 0) return 0;
        if (s.Length != 1) throw new ArgumentException($"[INVALID_PARAMETER_VALUE] {name} cannot be more than one character.");
        if (s[0] > 127) throw new ArgumentException($"[INVALID_PARAMETER_VALUE] {name} must be an ASCII character: {s}.");
        return (byte)s[0];
    }
}

/// <summary>How malformed records are handled (Spark's <c>mode</c> option).</summary>
internal enum ParseMode { Permissive, DropMalformed, FailFast }
