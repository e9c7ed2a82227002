namespace Spate.Expressions.Json;

/// <summary>
/// Rewrites JSON that uses Jackson's lenient features, which Spark enables by option, into strict JSON:
/// single-quoted strings (<c>allowSingleQuotes</c>, on by default), unquoted field names, numbers with leading
/// zeros, NaN/Infinity (written as strings, which the float converters accept) and backslash-escaped arbitrary
/// characters. Only used for records the strict reader rejects, so well-formed input never pays for it.
/// </summary>
internal static class JsonLenientNormalizer
{
    public static bool TryNormalize(ReadOnlySpan<byte> src, JsonOptions o, Utf8Buffer output)
    {
        output.Clear();
        bool changed = false;
        int i = 0;
        while (i < src.Length)
        {
            byte c = src[i];
            if (c == '"')
            {
                i = CopyString(src, i, (byte)'"', o, output, ref changed);
                continue;
            }
            if (c == '\'' && o.AllowSingleQuotes)
            {
                i = CopyString(src, i, (byte)'\'', o, output, ref changed);
                changed = true;
                continue;
            }
            if (c == '/' && i + 1 < src.Length && (src[i + 1] == '/' || src[i + 1] == '*'))
            {
                // Comments are left for the reader (allowComments) but must not be rewritten.
                int end = src[i + 1] == '/' ? IndexOrEnd(src, i + 2, (byte)'\n') : EndOfBlockComment(src, i + 2);
                output.Append(src[i..end]);
                i = end;
                continue;
            }
            if (IsIdentStart(c) || ((c == '-' || c == '+') && i + 1 < src.Length && (src[i + 1] == 'I' || src[i + 1] == 'N')))
            {
                int end = i + 1;
                while (end < src.Length && IsIdentPart(src[end])) end++;
                var word = src[i..end];
                if (o.AllowNonNumericNumbers && IsNonNumeric(word))
                {
                    output.Append((byte)'"');
                    output.Append(word);
                    output.Append((byte)'"');
                    changed = true;
                }
                else if (c != '-' && c != '+' && o.AllowUnquotedFieldNames && !IsLiteral(word) && NextNonSpace(src, end) == ':')
                {
                    output.Append((byte)'"');
                    output.Append(word);
                    output.Append((byte)'"');
                    changed = true;
                }
                else output.Append(word);
                i = end;
                continue;
            }
            if (o.AllowNumericLeadingZeros && (c == '0' || c == '-') && IsLeadingZeroNumber(src, i))
            {
                if (c == '-') { output.Append((byte)'-'); i++; }
                while (i + 1 < src.Length && src[i] == '0' && src[i + 1] >= '0' && src[i + 1] <= '9') i++;
                changed = true;
                continue;
            }
            output.Append(c);
            i++;
        }
        return changed;
    }

    private static int CopyString(ReadOnlySpan<byte> src, int start, byte quote, JsonOptions o, Utf8Buffer output, ref bool changed)
    {
        output.Append((byte)'"');
        int i = start + 1;
        while (i < src.Length)
        {
            byte c = src[i];
            if (c == quote) { output.Append((byte)'"'); return i + 1; }
            if (c == '\\' && i + 1 < src.Length)
            {
                byte n = src[i + 1];
                if (n == '\'') { output.Append((byte)'\''); changed = true; i += 2; continue; }
                if (n is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t' or (byte)'u')
                {
                    output.Append(c);
                    output.Append(n);
                    i += 2;
                    continue;
                }
                if (o.AllowBackslashEscapingAnyCharacter)
                {
                    if (n == '"') output.Append((byte)'\\');
                    output.Append(n);
                    changed = true;
                    i += 2;
                    continue;
                }
            }
            if (c == '"') { output.Append((byte)'\\'); changed = true; } // a double quote inside a single-quoted string
            output.Append(c);
            i++;
        }
        return i; // unterminated: the reader reports it
    }

    private static bool IsIdentStart(byte c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
    private static bool IsIdentPart(byte c) => IsIdentStart(c) || (c >= '0' && c <= '9');
    private static bool IsLiteral(ReadOnlySpan<byte> w) => w.SequenceEqual("true"u8) || w.SequenceEqual("false"u8) || w.SequenceEqual("null"u8);

    private static bool IsNonNumeric(ReadOnlySpan<byte> w) =>
        w.SequenceEqual("NaN"u8) || w.SequenceEqual("Infinity"u8) || w.SequenceEqual("+Infinity"u8) || w.SequenceEqual("-Infinity"u8)
        || w.SequenceEqual("+INF"u8) || w.SequenceEqual("-INF"u8);

    private static byte NextNonSpace(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) i++;
        return i < s.Length ? s[i] : (byte)0;
    }

    private static bool IsLeadingZeroNumber(ReadOnlySpan<byte> s, int i)
    {
        if (i > 0 && (IsIdentPart(s[i - 1]) || s[i - 1] == '.')) return false;
        if (s[i] == '-') i++;
        return i + 1 < s.Length && s[i] == '0' && s[i + 1] >= '0' && s[i + 1] <= '9';
    }

    private static int IndexOrEnd(ReadOnlySpan<byte> s, int from, byte b)
    {
        int k = s[from..].IndexOf(b);
        return k < 0 ? s.Length : from + k;
    }

    private static int EndOfBlockComment(ReadOnlySpan<byte> s, int from)
    {
        int k = s[from..].IndexOf("*/"u8);
        return k < 0 ? s.Length : from + k + 2;
    }
}
