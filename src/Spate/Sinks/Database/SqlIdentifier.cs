using System.Text;
using Spate.Sql;

namespace Spate.Sinks.Database;

/// <summary>
/// SQL identifiers for the database sinks. Table names come from options, so they are parsed strictly: each part is
/// either a plain name (letters, digits, underscore, not starting with a digit) or a double-quoted name with inner
/// quotes doubled. Column names come from the DataFrame and may be anything printable. Every name is always emitted
/// quoted, so no name can end a statement or start another.
/// </summary>
internal static class SqlIdentifier
{
    /// <summary>Quotes a name for SQL: <c>a"b</c> becomes <c>"a""b"</c>.</summary>
    public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    /// <summary>Parses an option value such as <c>counts</c>, <c>analytics.counts</c> or <c>"My ""odd"" table"</c>.</summary>
    /// <param name="text">The option's value.</param>
    /// <param name="option">The option's name, for the error message.</param>
    /// <param name="maxParts">2 to allow <c>schema.table</c>, 1 for a bare table name.</param>
    /// <param name="foldUnquoted">Lower-cases plain names the way the database itself would (PostgreSQL).</param>
    /// <param name="maxBytes">The database's identifier length limit in UTF-8 bytes (0: none).</param>
    public static SqlName ParseQualified(string text, string option, int maxParts, bool foldUnquoted, int maxBytes)
    {
        var parts = new List<string>();
        string s = text.Trim();
        int i = 0;
        while (true)
        {
            if (i >= s.Length) throw Invalid(text, option, maxParts, "it is empty or ends with a dot");
            var part = new StringBuilder();
            if (s[i] == '"')
            {
                i++;
                bool closed = false;
                while (i < s.Length)
                {
                    if (s[i] == '"')
                    {
                        if (i + 1 < s.Length && s[i + 1] == '"') { part.Append('"'); i += 2; continue; }
                        i++;
                        closed = true;
                        break;
                    }
                    part.Append(s[i++]);
                }
                if (!closed) throw Invalid(text, option, maxParts, "a double quote is not closed");
                if (part.Length == 0) throw Invalid(text, option, maxParts, "a quoted name is empty");
            }
            else
            {
                if (!IsStart(s[i])) throw Invalid(text, option, maxParts, $"'{s[i]}' cannot start a name");
                while (i < s.Length && IsPart(s[i])) part.Append(s[i++]);
                if (foldUnquoted) { var lower = part.ToString().ToLowerInvariant(); part.Clear().Append(lower); }
            }
            var name = part.ToString();
            CheckName(name, maxBytes, $"The value of option {option}, {text},");
            parts.Add(name);
            if (i == s.Length) break;
            if (s[i] != '.') throw Invalid(text, option, maxParts, $"'{s[i]}' is not allowed in a name");
            i++;
        }
        if (parts.Count > maxParts) throw Invalid(text, option, maxParts, $"it has {parts.Count} parts");
        return new SqlName(parts);
    }

    /// <summary>Checks a column name from the DataFrame: it is quoted when used, so only what quoting cannot carry is refused.</summary>
    public static void CheckColumnName(string name, int maxBytes, string format)
    {
        if (name.Length == 0)
            throw new AnalysisException($"[INVALID_IDENTIFIER] The {format} sink cannot write a column with an empty name: give it a name with .Alias(\"name\").");
        CheckName(name, maxBytes, $"The {format} sink cannot write column {Quote(name)}:");
    }

    private static void CheckName(string name, int maxBytes, string what)
    {
        if (name.Contains('\0'))
            throw new AnalysisException($"[INVALID_IDENTIFIER] {what} a name contains the NUL character, which SQL names cannot hold. Rename it.");
        // The server would silently truncate a longer name, and two names could then collide.
        if (maxBytes > 0 && Encoding.UTF8.GetByteCount(name) > maxBytes)
            throw new AnalysisException($"[INVALID_IDENTIFIER] {what} the name {Quote(name)} is longer than {maxBytes} bytes, the database's limit. Use a shorter name.");
    }

    private static bool IsStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';
    private static bool IsPart(char c) => IsStart(c) || c is >= '0' and <= '9';

    private static AnalysisException Invalid(string text, string option, int maxParts, string why) =>
        new($"[INVALID_IDENTIFIER] The value of option {option}, {text}, is not a valid table name ({why}). Use letters, digits and underscores"
            + (maxParts > 1 ? " with an optional schema (e.g. fraud_counts or analytics.fraud_counts)" : " (e.g. fraud_counts)")
            + ", or quote the name in double quotes, doubling any double quote inside (e.g. \"My \"\"odd\"\" table\").");
}
