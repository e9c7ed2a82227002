using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Expressions.Fx;

namespace Spate.Expressions;

/// <summary>Registers this family of Spark's built-in functions.</summary>
internal static class StringFunctions
{
    public static void Register()
    {
        Builder("concat", 0, int.MaxValue, (a, _) => new ConcatFunction(a));
        foreach (var (name, op) in new[] { ("upper", StringColumnOp.Upper), ("ucase", StringColumnOp.Upper), ("lower", StringColumnOp.Lower),
                     ("lcase", StringColumnOp.Lower), ("length", StringColumnOp.Length), ("char_length", StringColumnOp.Length),
                     ("character_length", StringColumnOp.Length), ("len", StringColumnOp.Length) })
            Builder(name, 1, 1, (a, _) => new StringColumnFunction(name, op, a[0]));
        foreach (var name in new[] { "substring", "substr" })
            Builder(name, 2, 3, (a, _) => new SubstringFunction(name, Defaults(null, null, int.MaxValue)(a)));

        Def(new FunctionDef("concat_ws", Str, Row(ConcatWs))
        {
            NullIntolerant = false,
            InputTypes = a => a.Select(x => x.DataType is ArrayType ? (DataType?)new ArrayType(S) : S).ToArray(),
        }, 1, int.MaxValue);

        DefTrim("trim", "BOTH", true, true);
        DefTrim("btrim", null, true, true);
        DefTrim("ltrim", "LEADING", true, false);
        DefTrim("rtrim", "TRAILING", false, true);

        Def(new FunctionDef("lpad", Str, Row(a => Pad((string)a[0]!, ToInt(a[1]!), (string)a[2]!, left: true))) { InputTypes = Types(S, I, S) }, 2, 3, Defaults(null, null, " "));
        Def(new FunctionDef("rpad", Str, Row(a => Pad((string)a[0]!, ToInt(a[1]!), (string)a[2]!, left: false))) { InputTypes = Types(S, I, S) }, 2, 3, Defaults(null, null, " "));
        Def(new FunctionDef("substring_index", Str, Row(a => SubstringIndex((string)a[0]!, (string)a[1]!, ToInt(a[2]!)))) { InputTypes = Types(S, S, I) }, 3, 3);
        Def(new FunctionDef("instr", Int, Row(a => CharIndex((string)a[0]!, (string)a[1]!, 0) + 1)) { InputTypes = Types(S, S) }, 2, 2);
        Def(new FunctionDef("locate", Int, Row(Locate)) { InputTypes = Types(S, S, I), NullIntolerant = false }, 2, 3, Defaults(null, null, 1), "position");
        Def(new FunctionDef("replace", Str, Row(a => ((string)a[1]!).Length == 0 ? a[0] : ((string)a[0]!).Replace((string)a[1]!, (string)a[2]!, StringComparison.Ordinal)))
        { InputTypes = Types(S, S, S) }, 2, 3, Defaults(null, null, ""));

        Def(new FunctionDef("regexp_replace", Str, Row(RegexpReplace)) { InputTypes = Types(S, S, S, I) }, 3, 4, Defaults(null, null, null, 1));
        Def(new FunctionDef("regexp_extract", Str, Row(a => RegexpExtract(a, all: false))) { InputTypes = Types(S, S, I) }, 2, 3, Defaults(null, null, 1));
        Def(new FunctionDef("regexp_extract_all", _ => new ArrayType(S), Row(a => RegexpExtract(a, all: true))) { InputTypes = Types(S, S, I) }, 2, 3, Defaults(null, null, 1));
        var rlike = new FunctionDef("rlike", Bool, Row(a => Fx.Regex((string)a[1]!, "rlike").IsMatch((string)a[0]!)))
        { InputTypes = Types(S, S), SqlText = a => $"{a[0].Sql} RLIKE {a[1].Sql}" };
        Def(rlike, 2, 2);
        Def(Renamed(rlike, "regexp"), 2, 2);
        Def(new FunctionDef("regexp_like", Bool, rlike.Evaluator) { InputTypes = Types(S, S) }, 2, 2);
        Def(new FunctionDef("like", Bool, a => LikeMatcher(a, ignoreCase: false))
        {
            InputTypes = Types(S, S, S),
            SqlText = a => a.Count > 2 && a[2] is Literal { Value: string e } && e != "\\" ? $"{a[0].Sql} LIKE {a[1].Sql} ESCAPE '{e}'" : $"{a[0].Sql} LIKE {a[1].Sql}",
        }, 2, 3);
        Def(new FunctionDef("ilike", Bool, a => LikeMatcher(a, ignoreCase: true))
        {
            InputTypes = Types(S, S, S),
            SqlText = a => a.Count > 2 && a[2] is Literal { Value: string e } && e != "\\" ? $"{a[0].Sql} ILIKE {a[1].Sql} ESCAPE '{e}'" : $"{a[0].Sql} ILIKE {a[1].Sql}",
        }, 2, 3);
        Def(new FunctionDef("split", _ => new ArrayType(S), Row(a => Split((string)a[0]!, (string)a[1]!, ToInt(a[2]!)))) { InputTypes = Types(S, S, I) }, 2, 3, Defaults(null, null, -1));
        Def(new FunctionDef("initcap", Str, Row(a => InitCap((string)a[0]!))) { InputTypes = Types(S), Strict = true }, 1, 1);
        Def(new FunctionDef("reverse", SameAs(0), Row(a => a[0] is object?[] arr ? arr.Reverse().ToArray() : string.Concat(CodePointArray((string)a[0]!).Reverse())))
        {
            InputTypes = a => a[0].DataType is ArrayType ? null : new DataType?[] { S },
            Strict = true,
        }, 1, 1);
        Def(new FunctionDef("repeat", Str, Row(a => ToInt(a[1]!) <= 0 ? "" : string.Concat(Enumerable.Repeat((string)a[0]!, ToInt(a[1]!))))) { InputTypes = Types(S, I) }, 2, 2);
        Def(new FunctionDef("translate", Str, Row(a => Translate((string)a[0]!, (string)a[1]!, (string)a[2]!))) { InputTypes = Types(S, S, S) }, 3, 3);
        Def(new FunctionDef("ascii", Int, Row(a => ((string)a[0]!).Length == 0 ? 0 : char.ConvertToUtf32((string)a[0]!, 0))) { InputTypes = Types(S), Strict = true }, 1, 1);
        Def(new FunctionDef("chr", Str, Row(a => Chr(ToLong(a[0]!)))) { InputTypes = Types(L), Strict = true }, 1, 1, null, "char");
        Def(new FunctionDef("base64", Str, Row(a => Convert.ToBase64String((byte[])a[0]!))) { InputTypes = Types(B), Strict = true }, 1, 1);
        Def(new FunctionDef("unbase64", Bin, Row(a => UnBase64((string)a[0]!))) { InputTypes = Types(S) }, 1, 1);
        Def(new FunctionDef("format_number", Str, Row(a => FormatNumber(a[0]!, a[1]!)))
        {
            Check = f => TypeChecks.Require(f, f.Arguments, 0, t => t is NumericType, "\"NUMERIC\""),
        }, 2, 2);
        var formatString = new FunctionDef("format_string", Str, Row(a => JavaFormatter.Format((string)a[0]!, a.Skip(1).ToArray())))
        { NullIntolerant = false, InputTypes = a => new DataType?[] { S } };
        Def(new FunctionDef("format_string", Str, _ => a => a[0] == null ? null : formatString.Evaluator(null!)(a)) { InputTypes = formatString.InputTypes, NullIntolerant = false }, 1, int.MaxValue, null, "printf");
        Def(new FunctionDef("contains", Bool, Row(a => a[0] is byte[] x ? x.AsSpan().IndexOf((byte[])a[1]!) >= 0 : ((string)a[0]!).Contains((string)a[1]!, StringComparison.Ordinal)))
        { InputTypes = BinaryOrString2 }, 2, 2);
        Def(new FunctionDef("startswith", Bool, Row(a => a[0] is byte[] x ? x.AsSpan().StartsWith((byte[])a[1]!) : ((string)a[0]!).StartsWith((string)a[1]!, StringComparison.Ordinal)))
        { InputTypes = BinaryOrString2 }, 2, 2);
        Def(new FunctionDef("endswith", Bool, Row(a => a[0] is byte[] x ? x.AsSpan().EndsWith((byte[])a[1]!) : ((string)a[0]!).EndsWith((string)a[1]!, StringComparison.Ordinal)))
        { InputTypes = BinaryOrString2 }, 2, 2);
        Def(new FunctionDef("left", Str, Row(a => SubstringOf((string)a[0]!, 1, ToInt(a[1]!)))) { InputTypes = Types(S, I) }, 2, 2);
        Def(new FunctionDef("right", Str, Row(a => ToInt(a[1]!) <= 0 ? "" : SubstringOf((string)a[0]!, -ToInt(a[1]!), int.MaxValue))) { InputTypes = Types(S, I) }, 2, 2);
        Def(new FunctionDef("levenshtein", Int, Row(Levenshtein)) { InputTypes = Types(S, S, I) }, 2, 3);
        Def(new FunctionDef("soundex", Str, Row(a => Soundex((string)a[0]!))) { InputTypes = Types(S), Strict = true }, 1, 1);
        Def(new FunctionDef("overlay", Str, Row(Overlay)) { InputTypes = Types(S, S, I, I) }, 3, 4, Defaults(null, null, null, -1));
        Def(new FunctionDef("octet_length", Int, Row(a => a[0] is byte[] b ? b.Length : Encoding.UTF8.GetByteCount((string)a[0]!)))
        { InputTypes = a => a[0].DataType is BinaryType ? null : new DataType?[] { S }, Strict = true }, 1, 1);
        Def(new FunctionDef("bit_length", Int, Row(a => 8 * (a[0] is byte[] b ? b.Length : Encoding.UTF8.GetByteCount((string)a[0]!))))
        { InputTypes = a => a[0].DataType is BinaryType ? null : new DataType?[] { S }, Strict = true }, 1, 1);
        Def(new FunctionDef("encode", Bin, Row(a => Charset((string)a[1]!, "encode").GetBytes((string)a[0]!))) { InputTypes = Types(S, S) }, 2, 2);
        Def(new FunctionDef("decode", Str, Row(a => Charset((string)a[1]!, "decode").GetString((byte[])a[0]!))) { InputTypes = Types(B, S) }, 2, 2);
    }

    private static readonly Func<IReadOnlyList<Expression>, IReadOnlyList<DataType?>?> BinaryOrString2 =
        a => a[0].DataType is BinaryType && a[1].DataType is BinaryType ? null : new DataType?[] { S, S };

    private static object? ConcatWs(object?[] a)
    {
        if (a[0] is not string sep) return null;
        var sb = new StringBuilder();
        bool first = true;
        for (int i = 1; i < a.Length; i++)
        {
            IEnumerable<object?> parts = a[i] is object?[] arr ? arr : new[] { a[i] };
            foreach (var p in parts)
            {
                if (p == null) continue;
                if (!first) sb.Append(sep);
                sb.Append((string)p);
                first = false;
            }
        }
        return sb.ToString();
    }

    private static void DefTrim(string name, string? direction, bool left, bool right)
    {
        Def(new FunctionDef(name, Str, Row(a => Trim((string)a[0]!, a.Length > 1 ? (string)a[1]! : " ", left, right)))
        {
            InputTypes = Types(S, S),
            Strict = true,
            SqlText = a => a.Count == 1 || direction == null ? $"{name}({string.Join(", ", a.Select(x => x.Sql))})" : $"TRIM({direction} {a[1].Sql} FROM {a[0].Sql})",
        }, 1, 2);
    }

    internal static string Trim(string s, string chars, bool left, bool right)
    {
        int start = 0, end = s.Length;
        if (left) while (start < end && chars.Contains(s[start])) start++;
        if (right) while (end > start && chars.Contains(s[end - 1])) end--;
        return s[start..end];
    }

    private static string Pad(string s, int len, string pad, bool left)
    {
        if (len <= 0) return "";
        var chars = CodePointArray(s);
        if (chars.Length >= len) return string.Concat(chars[..len]);
        var padChars = CodePointArray(pad);
        if (padChars.Length == 0) return s;
        var fill = new StringBuilder();
        for (int i = 0; i < len - chars.Length; i++) fill.Append(padChars[i % padChars.Length]);
        return left ? fill + s : s + fill;
    }

    private static string SubstringIndex(string s, string delim, int count)
    {
        if (delim.Length == 0 || count == 0) return "";
        if (count > 0)
        {
            int idx = -1;
            for (int i = 0; i < count; i++)
            {
                idx = s.IndexOf(delim, idx + (i == 0 ? 1 : delim.Length), StringComparison.Ordinal);
                if (idx < 0) return s;
            }
            return s[..idx];
        }
        int end = s.Length;
        int pos = s.Length;
        for (int i = 0; i < -count; i++)
        {
            pos = end - delim.Length < 0 ? -1 : s.LastIndexOf(delim, end - 1, StringComparison.Ordinal);
            if (pos < 0) return s;
            end = pos;
            if (pos == 0 && i < -count - 1) return s;
        }
        return s[(pos + delim.Length)..];
    }

    /// <summary>The 0-based character (code point) index of <paramref name="sub"/> at or after character <paramref name="from"/>, or -1.</summary>
    private static int CharIndex(string s, string sub, int from)
    {
        var chars = CodePointArray(s);
        int startUnit = 0;
        for (int i = 0; i < from && i < chars.Length; i++) startUnit += chars[i].Length;
        if (from > chars.Length) return -1;
        int unit = s.IndexOf(sub, startUnit, StringComparison.Ordinal);
        return unit < 0 ? -1 : CodePoints(s[..unit]);
    }

    private static object? Locate(object?[] a)
    {
        if (a[2] == null) return 0;
        if (a[0] == null || a[1] == null) return null;
        int pos = ToInt(a[2]!);
        if (pos < 1) return 0;
        return CharIndex((string)a[1]!, (string)a[0]!, pos - 1) + 1;
    }

    /// <summary>Translates a Java replacement string (<c>$1</c>, <c>${name}</c>, <c>\$</c>) to .NET's syntax.</summary>
    internal static string JavaReplacement(string rep)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < rep.Length; i++)
        {
            char c = rep[i];
            if (c == '\\' && i + 1 < rep.Length) { char n = rep[++i]; sb.Append(n == '$' ? "$$" : n.ToString()); }
            else if (c == '$' && i + 1 < rep.Length && char.IsDigit(rep[i + 1]))
            {
                int j = i + 1;
                while (j < rep.Length && char.IsDigit(rep[j])) j++;
                sb.Append("${").Append(rep, i + 1, j - i - 1).Append('}');
                i = j - 1;
            }
            else if (c == '$' && i + 1 < rep.Length && rep[i + 1] == '{') sb.Append('$');
            else if (c == '$') throw new SparkException("Illegal group reference: '$' must be followed by a group number or name in the replacement string.");
            else sb.Append(c);
        }
        return sb.ToString();
    }

    private static object? RegexpReplace(object?[] a)
    {
        string s = (string)a[0]!;
        var re = Fx.Regex((string)a[1]!, "regexp_replace");
        int pos = ToInt(a[3]!);
        if (pos <= 0)
            throw new SparkException($"[INVALID_PARAMETER_VALUE.REGEX_POSITION] The value of parameter(s) `position` in `regexp_replace` is invalid: expects a positive value, but got {pos}.");
        if (pos - 1 > s.Length) return s;
        return s[..(pos - 1)] + re.Replace(s[(pos - 1)..], JavaReplacement((string)a[2]!));
    }

    private static object? RegexpExtract(object?[] a, bool all)
    {
        string fn = all ? "regexp_extract_all" : "regexp_extract";
        string s = (string)a[0]!;
        var re = Fx.Regex((string)a[1]!, fn);
        int idx = ToInt(a[2]!);
        int groups = re.GetGroupNumbers().Length - 1;
        if (idx < 0 || idx > groups)
            throw new SparkException($"[INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX] The value of parameter(s) `idx` in `{fn}` is invalid: Expects group index between 0 and {groups}, but got {idx}.");
        if (all) return re.Matches(s).Select(m => (object?)(m.Groups[idx].Success ? m.Groups[idx].Value : "")).ToArray();
        var match = re.Match(s);
        return match.Success && match.Groups[idx].Success ? match.Groups[idx].Value : "";
    }

    private static Func<object?[], object?> LikeMatcher(IReadOnlyList<Expression> args, bool ignoreCase)
    {
        char escape = args.Count > 2 && args[2] is Literal { Value: string e } && e.Length == 1 ? e[0] : '\\';
        var options = RegexOptions.Singleline | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        return a => Fx.Regex(LikeToRegex((string)a[1]!, escape), "like", options).IsMatch((string)a[0]!);
    }

    /// <summary>Converts a SQL LIKE pattern to an anchored regex; the escape character must precede <c>_</c>, <c>%</c> or itself.</summary>
    internal static string LikeToRegex(string pattern, char escape)
    {
        var sb = new StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == escape)
            {
                if (i + 1 >= pattern.Length)
                    throw new SparkException($"[INVALID_FORMAT.ESC_AT_THE_END] The format is invalid: '{pattern}'. The escape character is not allowed to end with.");
                char n = pattern[++i];
                if (n != '_' && n != '%' && n != escape)
                    throw new SparkException($"[INVALID_FORMAT.ESC_IN_THE_MIDDLE] The format is invalid: '{pattern}'. The escape character is not allowed to precede '{n}'.");
                sb.Append(System.Text.RegularExpressions.Regex.Escape(n.ToString()));
            }
            else if (c == '%') sb.Append(".*");
            else if (c == '_') sb.Append('.');
            else sb.Append(System.Text.RegularExpressions.Regex.Escape(c.ToString()));
        }
        return sb.Append('$').ToString();
    }

    /// <summary>Java's <c>String.split(regex, limit)</c> with Spark's convention that limit &lt;= 0 keeps every piece.</summary>
    internal static object?[] Split(string s, string pattern, int limit)
    {
        var re = Fx.Regex(pattern, "split");
        if (s.Length == 0) return new object?[] { "" };
        var parts = new List<object?>();
        int start = 0;
        foreach (Match m in re.Matches(s))
        {
            if (limit > 0 && parts.Count == limit - 1) break;
            if (m.Length == 0 && m.Index == 0) continue; // no leading empty piece for a zero-width match at the start
            if (m.Length == 0 && m.Index >= s.Length) break;
            parts.Add(s[start..m.Index]);
            start = m.Index + m.Length;
        }
        parts.Add(s[start..]);
        return parts.ToArray();
    }

    private static string InitCap(string s)
    {
        var chars = s.ToLowerInvariant().ToCharArray();
        for (int i = 0; i < chars.Length; i++)
            if (i == 0 || chars[i - 1] == ' ') chars[i] = char.ToUpperInvariant(chars[i]);
        return new string(chars);
    }

    private static string Translate(string s, string from, string to)
    {
        var fromCp = CodePointArray(from);
        var toCp = CodePointArray(to);
        var map = new Dictionary<string, string?>();
        for (int i = 0; i < fromCp.Length; i++) map.TryAdd(fromCp[i], i < toCp.Length ? toCp[i] : null);
        var sb = new StringBuilder();
        foreach (var c in CodePointArray(s))
        {
            if (map.TryGetValue(c, out var r)) { if (r != null) sb.Append(r); }
            else sb.Append(c);
        }
        return sb.ToString();
    }

    private static string Chr(long n)
    {
        if (n < 0) return "";
        return ((char)(n & 0xFF)).ToString();
    }

    private static object? UnBase64(string s)
    {
        try { return Convert.FromBase64String(s.Trim()); }
        catch (FormatException) { return null; }
    }

    private static object? FormatNumber(object x, object d)
    {
        if (d is string pattern)
        {
            if (pattern.Length == 0) return FormatNumber(x, 0);
            return ToDouble(x).ToString(pattern, CultureInfo.InvariantCulture);
        }
        int digits = ToInt(d);
        if (digits < 0) return null;
        if (x is double dbl && !double.IsFinite(dbl)) return double.IsNaN(dbl) ? "NaN" : dbl > 0 ? "∞" : "-∞";
        if (x is float f && !float.IsFinite(f)) return float.IsNaN(f) ? "NaN" : f > 0 ? "∞" : "-∞";
        try
        {
            decimal m = x is double dd ? decimal.Parse(ValueConverter.JavaDouble(dd), NumberStyles.Float, CultureInfo.InvariantCulture) : Convert.ToDecimal(x, CultureInfo.InvariantCulture);
            return Math.Round(m, Math.Min(digits, 28), MidpointRounding.ToEven).ToString("N" + digits, CultureInfo.InvariantCulture);
        }
        catch (OverflowException)
        {
            return ToDouble(x).ToString("N" + digits, CultureInfo.InvariantCulture);
        }
    }

    internal static string SubstringOf(string s, int pos, int len)
    {
        var cps = CodePointArray(s);
        var (st, e) = SubstringFunction.Range(cps.Length, pos, len);
        return string.Concat(cps[st..e]);
    }

    private static object? Levenshtein(object?[] a)
    {
        var s = CodePointArray((string)a[0]!);
        var t = CodePointArray((string)a[1]!);
        var prev = new int[t.Length + 1];
        var cur = new int[t.Length + 1];
        for (int j = 0; j <= t.Length; j++) prev[j] = j;
        for (int i = 1; i <= s.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= t.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (s[i - 1] == t[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        int distance = prev[t.Length];
        if (a.Length > 2 && a[2] != null && distance > ToInt(a[2]!)) return -1;
        return distance;
    }

    private static string Soundex(string s)
    {
        if (s.Length == 0 || !char.IsAsciiLetter(s[0])) return s;
        const string codes = "01230120022455012623010202"; // A..Z
        var sb = new StringBuilder();
        char first = char.ToUpperInvariant(s[0]);
        sb.Append(first);
        char last = codes[first - 'A'];
        for (int i = 1; i < s.Length && sb.Length < 4; i++)
        {
            char c = char.ToUpperInvariant(s[i]);
            if (c < 'A' || c > 'Z') { last = '0'; continue; }
            char code = codes[c - 'A'];
            if (c == 'H' || c == 'W') continue; // H and W do not separate equal codes
            if (code != '0' && code != last) sb.Append(code);
            last = code;
        }
        return sb.ToString().PadRight(4, '0');
    }

    private static object? Overlay(object?[] a)
    {
        string input = (string)a[0]!, rep = (string)a[1]!;
        int pos = ToInt(a[2]!), len = ToInt(a[3]!);
        int replaceLen = len >= 0 ? len : CodePoints(rep);
        return SubstringOf(input, 1, pos - 1) + rep + SubstringOf(input, pos + replaceLen, int.MaxValue);
    }

    private static Encoding Charset(string name, string function) => name.ToUpperInvariant() switch
    {
        "US-ASCII" => Encoding.ASCII,
        "ISO-8859-1" => Encoding.Latin1,
        "UTF-8" => Encoding.UTF8,
        "UTF-16BE" => Encoding.BigEndianUnicode,
        "UTF-16LE" => Encoding.Unicode,
        "UTF-16" => new UnicodeEncoding(bigEndian: true, byteOrderMark: true),
        _ => throw new SparkException($"[INVALID_PARAMETER_VALUE.CHARSET] The value of parameter(s) `charset` in `{function}` is invalid: expects one of the charsets 'US-ASCII', 'ISO-8859-1', 'UTF-8', 'UTF-16BE', 'UTF-16LE', 'UTF-16', but got {name}."),
    };
}
