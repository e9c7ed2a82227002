using System.Text;

namespace Spate.Plans.Sql;

/// <summary>
/// Splits Spark SQL text into tokens: words, back-quoted names, string literals (both quote styles, with
/// Spark's backslash escapes; adjacent strings are kept as separate tokens for the parser to join), numbers
/// with their type suffixes, <c>X'..'</c> binary literals, and operators. Comments (<c>--</c>, <c>/* */</c>) are skipped.
/// </summary>
internal static class SqlLexer
{
    // Longest first, so "<=>" wins over "<=" and "<".
    private static readonly string[] Symbols =
    {
        "<=>", "==", "!=", "<>", "<=", ">=", "||", "::", "->", "=>",
        "(", ")", "[", "]", ",", ".", ";", "+", "-", "*", "/", "%", "~", "&", "|", "^", "=", "<", ">", "!", ":",
    };

    public static List<SqlToken> Tokenize(string sql)
    {
        var tokens = new List<SqlToken>();
        int i = 0, n = sql.Length;
        while (i < n)
        {
            char c = sql[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '-' && i + 1 < n && sql[i + 1] == '-')
            {
                while (i < n && sql[i] != '\n') i++;
                continue;
            }
            if (c == '/' && i + 1 < n && sql[i + 1] == '*')
            {
                int close = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (close < 0) throw SqlErrors.At(sql, i, "[UNCLOSED_BRACKETED_COMMENT] Found an unclosed bracketed comment. Please, append */ at the end of the comment.");
                i = close + 2;
                continue;
            }
            int start = i;
            if (c == '\'' || c == '"')
            {
                tokens.Add(new SqlToken(SqlTokenKind.String, Unescape(ReadQuoted(sql, ref i, c)), start, i));
                continue;
            }
            if ((c == 'r' || c == 'R') && i + 1 < n && (sql[i + 1] == '\'' || sql[i + 1] == '"'))
            {
                // Raw string: backslashes are kept as written.
                char q = sql[i + 1];
                int close = sql.IndexOf(q, i + 2);
                if (close < 0) throw Unclosed(sql, start);
                i = close + 1;
                tokens.Add(new SqlToken(SqlTokenKind.String, sql[(start + 2)..close], start, i));
                continue;
            }
            if ((c == 'x' || c == 'X') && i + 1 < n && sql[i + 1] == '\'')
            {
                i++;
                string hex = ReadQuoted(sql, ref i, '\'');
                tokens.Add(new SqlToken(SqlTokenKind.HexString, hex, start, i));
                continue;
            }
            if (c == '`')
            {
                var sb = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= n) throw SqlErrors.At(sql, start, "[PARSE_SYNTAX_ERROR] Syntax error at or near '`': unclosed back-quoted identifier.");
                    if (sql[i] == '`')
                    {
                        if (i + 1 < n && sql[i + 1] == '`') { sb.Append('`'); i += 2; continue; }
                        i++;
                        break;
                    }
                    sb.Append(sql[i++]);
                }
                tokens.Add(new SqlToken(SqlTokenKind.QuotedIdentifier, sb.ToString(), start, i));
                continue;
            }
            if (char.IsDigit(c) || (c == '.' && i + 1 < n && char.IsDigit(sql[i + 1]) && !AfterName(tokens, start)))
            {
                tokens.Add(ReadNumberOrWord(sql, ref i));
                continue;
            }
            if (IsWordChar(c))
            {
                while (i < n && IsWordChar(sql[i])) i++;
                tokens.Add(new SqlToken(SqlTokenKind.Word, sql[start..i], start, i));
                continue;
            }
            string? symbol = null;
            foreach (var s in Symbols)
                if (string.CompareOrdinal(sql, i, s, 0, s.Length) == 0) { symbol = s; break; }
            if (symbol == null)
                throw SqlErrors.At(sql, i, $"[PARSE_SYNTAX_ERROR] Syntax error at or near '{c}'.");
            i += symbol.Length;
            tokens.Add(new SqlToken(SqlTokenKind.Symbol, symbol, start, i));
        }
        tokens.Add(new SqlToken(SqlTokenKind.End, "<EOF>", n, n));
        return tokens;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    // ".5" after a name or ")" is a field access, not a number.
    private static bool AfterName(List<SqlToken> tokens, int start) =>
        tokens.Count > 0 && tokens[^1].End == start && tokens[^1].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier || tokens.Count > 0 && tokens[^1].IsSymbol(")") && tokens[^1].End == start;

    private static Spate.Sql.ParseException Unclosed(string sql, int start) =>
        SqlErrors.At(sql, start, $"[PARSE_SYNTAX_ERROR] Syntax error at or near '{sql[start]}': unclosed string literal.");

    /// <summary>Reads a quoted literal starting at the quote; returns the raw text between the quotes (escapes kept).</summary>
    private static string ReadQuoted(string sql, ref int i, char quote)
    {
        int start = i++;
        var sb = new StringBuilder();
        while (true)
        {
            if (i >= sql.Length) throw Unclosed(sql, start);
            char c = sql[i];
            if (c == '\\' && i + 1 < sql.Length) { sb.Append(c).Append(sql[i + 1]); i += 2; continue; }
            if (c == quote) { i++; return sb.ToString(); }
            sb.Append(c);
            i++;
        }
    }

    /// <summary>
    /// Reads digits with an optional fraction, exponent and type suffix (Spark's INTEGER/BIGINT/SMALLINT/TINYINT/
    /// DECIMAL/EXPONENT/DOUBLE/FLOAT/BIGDECIMAL literals). A run like <c>1a</c> is an identifier, as in Spark.
    /// </summary>
    private static SqlToken ReadNumberOrWord(string sql, ref int i)
    {
        int start = i, n = sql.Length;
        while (i < n && char.IsDigit(sql[i])) i++;
        bool fraction = false;
        if (i < n && sql[i] == '.')
        {
            fraction = true;
            i++;
            while (i < n && char.IsDigit(sql[i])) i++;
        }
        if (i < n && (sql[i] == 'e' || sql[i] == 'E'))
        {
            int j = i + 1;
            if (j < n && (sql[j] == '+' || sql[j] == '-')) j++;
            if (j < n && char.IsDigit(sql[j]))
            {
                i = j;
                while (i < n && char.IsDigit(sql[i])) i++;
            }
        }
        int numberEnd = i;
        if (i + 1 < n && (sql[i] == 'b' || sql[i] == 'B') && (sql[i + 1] == 'd' || sql[i + 1] == 'D')) i += 2;
        else if (i < n && "lLsSyYdDfF".Contains(sql[i])) i++;
        if (i < n && IsWordChar(sql[i]))
        {
            // Not a number after all: digits and letters form an identifier (only without a fraction).
            if (fraction) return new SqlToken(SqlTokenKind.Number, sql[start..numberEnd], start, i = numberEnd);
            while (i < n && IsWordChar(sql[i])) i++;
            return new SqlToken(SqlTokenKind.Word, sql[start..i], start, i);
        }
        return new SqlToken(SqlTokenKind.Number, sql[start..i], start, i);
    }

    /// <summary>Spark's <c>unescapeSQLString</c>: backslash escapes, octal <c>\ooo</c> and <c>\uXXXX</c>.</summary>
    public static string Unescape(string raw)
    {
        if (!raw.Contains('\\')) return raw;
        var sb = new StringBuilder(raw.Length);
        for (int i = 0; i < raw.Length; i++)
        {
            char c = raw[i];
            if (c != '\\' || i + 1 >= raw.Length) { sb.Append(c); continue; }
            char e = raw[++i];
            if (e == 'u' && i + 4 < raw.Length && IsHex(raw.AsSpan(i + 1, 4)))
            {
                sb.Append((char)Convert.ToInt32(raw.Substring(i + 1, 4), 16));
                i += 4;
                continue;
            }
            if (e >= '0' && e <= '3' && i + 2 < raw.Length && IsOctal(raw[i + 1]) && IsOctal(raw[i + 2]))
            {
                sb.Append((char)((e - '0') * 64 + (raw[i + 1] - '0') * 8 + (raw[i + 2] - '0')));
                i += 2;
                continue;
            }
            switch (e)
            {
                case '0': sb.Append('\0'); break;
                case 'b': sb.Append('\b'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'Z': sb.Append('\u001A'); break;
                // LIKE wildcards keep their backslash so the pattern still sees them escaped.
                case '%': sb.Append("\\%"); break;
                case '_': sb.Append("\\_"); break;
                default: sb.Append(e); break;
            }
        }
        return sb.ToString();
    }

    private static bool IsOctal(char c) => c >= '0' && c <= '7';

    private static bool IsHex(ReadOnlySpan<char> s)
    {
        foreach (char c in s) if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }
}
