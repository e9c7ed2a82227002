namespace Spate.Sql;

public static partial class Functions
{
    /// <summary>Concatenates strings (or arrays, or binaries); null if any input is null.</summary>
    public static Column Concat(params Column[] columns) => Fn("concat", columns);
    /// <summary>Concatenates with a separator, skipping nulls.</summary>
    public static Column ConcatWs(string sep, params Column[] columns) => Fn("concat_ws", new[] { Lit(sep) }.Concat(columns).ToArray());
    /// <summary>Upper-cases a string.</summary>
    public static Column Upper(Column column) => Fn("upper", column);
    /// <summary>Lower-cases a string.</summary>
    public static Column Lower(Column column) => Fn("lower", column);
    /// <summary>Characters of a string, bytes of a binary.</summary>
    public static Column Length(Column column) => Fn("length", column);
    /// <summary>Removes leading and trailing spaces.</summary>
    public static Column Trim(Column column) => Fn("trim", column);
    /// <summary>Removes leading and trailing characters found in <paramref name="trimString"/>.</summary>
    public static Column Trim(Column column, string trimString) => Fn("trim", column, Lit(trimString));
    /// <summary>Removes leading spaces.</summary>
    public static Column Ltrim(Column column) => Fn("ltrim", column);
    /// <summary>Removes leading characters found in <paramref name="trimString"/>.</summary>
    public static Column Ltrim(Column column, string trimString) => Fn("ltrim", column, Lit(trimString));
    /// <summary>Removes trailing spaces.</summary>
    public static Column Rtrim(Column column) => Fn("rtrim", column);
    /// <summary>Removes trailing characters found in <paramref name="trimString"/>.</summary>
    public static Column Rtrim(Column column, string trimString) => Fn("rtrim", column, Lit(trimString));
    /// <summary>Left-pads to <paramref name="len"/> characters (truncating longer values).</summary>
    public static Column Lpad(Column column, int len, string pad) => Fn("lpad", column, Lit(len), Lit(pad));
    /// <summary>Right-pads to <paramref name="len"/> characters (truncating longer values).</summary>
    public static Column Rpad(Column column, int len, string pad) => Fn("rpad", column, Lit(len), Lit(pad));
    /// <summary>Substring from 1-based <paramref name="pos"/> (negative counts from the end) of <paramref name="len"/> characters.</summary>
    public static Column Substring(Column column, int pos, int len) => Fn("substring", column, Lit(pos), Lit(len));
    /// <summary>The part before the <paramref name="count"/>-th delimiter (from the right when negative).</summary>
    public static Column SubstringIndex(Column column, string delimiter, int count) => Fn("substring_index", column, Lit(delimiter), Lit(count));
    /// <summary>1-based position of the first occurrence of <paramref name="substring"/>, 0 if absent.</summary>
    public static Column Instr(Column column, string substring) => Fn("instr", column, Lit(substring));
    /// <summary>1-based position of <paramref name="substr"/> in <paramref name="column"/> at or after <paramref name="pos"/>.</summary>
    public static Column Locate(string substr, Column column, int pos = 1) => Fn("locate", Lit(substr), column, Lit(pos));
    /// <summary>Replaces every occurrence of <paramref name="search"/>.</summary>
    public static Column Replace(Column column, Column search, Column replace) => Fn("replace", column, search, replace);
    /// <summary>Replaces every match of a Java regex; <c>$1</c> refers to groups.</summary>
    public static Column RegexpReplace(Column column, string pattern, string replacement) => Fn("regexp_replace", column, Lit(pattern), Lit(replacement));
    /// <summary>Replaces every match of a regex given by columns.</summary>
    public static Column RegexpReplace(Column column, Column pattern, Column replacement) => Fn("regexp_replace", column, pattern, replacement);
    /// <summary>Group <paramref name="groupIdx"/> of the first match, or an empty string.</summary>
    public static Column RegexpExtract(Column column, string exp, int groupIdx) => Fn("regexp_extract", column, Lit(exp), Lit(groupIdx));
    /// <summary>Group <paramref name="groupIdx"/> of every match.</summary>
    public static Column RegexpExtractAll(Column column, string exp, int groupIdx = 1) => Fn("regexp_extract_all", column, Lit(exp), Lit(groupIdx));
    /// <summary>True when the regex matches somewhere in the string.</summary>
    public static Column RLike(Column column, string pattern) => Fn("rlike", column, Lit(pattern));
    /// <summary>SQL LIKE with an optional escape character.</summary>
    public static Column Like(Column column, string pattern, char escapeChar = '\\') =>
        escapeChar == '\\' ? Fn("like", column, Lit(pattern)) : Fn("like", column, Lit(pattern), Lit(escapeChar.ToString()));
    /// <summary>Case-insensitive SQL LIKE.</summary>
    public static Column ILike(Column column, string pattern) => Fn("ilike", column, Lit(pattern));
    /// <summary>Splits around matches of a regex; <paramref name="limit"/> &gt; 0 caps the number of pieces.</summary>
    public static Column Split(Column column, string pattern, int limit = -1) => Fn("split", column, Lit(pattern), Lit(limit));
    /// <summary>Capitalises the first letter of each space-separated word.</summary>
    public static Column InitCap(Column column) => Fn("initcap", column);
    /// <summary>Reverses a string or an array.</summary>
    public static Column Reverse(Column column) => Fn("reverse", column);
    /// <summary>Repeats a string <paramref name="n"/> times.</summary>
    public static Column Repeat(Column column, int n) => Fn("repeat", column, Lit(n));
    /// <summary>Replaces characters of <paramref name="matching"/> with the characters at the same position in <paramref name="replace"/>.</summary>
    public static Column Translate(Column column, string matching, string replace) => Fn("translate", column, Lit(matching), Lit(replace));
    /// <summary>Code point of the first character.</summary>
    public static Column Ascii(Column column) => Fn("ascii", column);
    /// <summary>The character with the given code (modulo 256).</summary>
    public static Column Chr(Column column) => Fn("chr", column);
    /// <summary>Base64 text of a binary.</summary>
    public static Column Base64(Column column) => Fn("base64", column);
    /// <summary>Decodes base64 text to a binary.</summary>
    public static Column Unbase64(Column column) => Fn("unbase64", column);
    /// <summary>Formats a number like <c>#,###,###.##</c> with <paramref name="d"/> decimals.</summary>
    public static Column FormatNumber(Column column, int d) => Fn("format_number", column, Lit(d));
    /// <summary>printf-style formatting (Java's <c>String.format</c>).</summary>
    public static Column FormatString(string format, params Column[] arguments) => Fn("format_string", new[] { Lit(format) }.Concat(arguments).ToArray());
    /// <summary>printf-style formatting.</summary>
    public static Column Printf(Column format, params Column[] arguments) => Fn("printf", new[] { format }.Concat(arguments).ToArray());
    /// <summary>True when <paramref name="left"/> contains <paramref name="right"/>.</summary>
    public static Column Contains(Column left, Column right) => Fn("contains", left, right);
    /// <summary>True when <paramref name="str"/> starts with <paramref name="prefix"/>.</summary>
    public static Column StartsWith(Column str, Column prefix) => Fn("startswith", str, prefix);
    /// <summary>True when <paramref name="str"/> ends with <paramref name="suffix"/>.</summary>
    public static Column EndsWith(Column str, Column suffix) => Fn("endswith", str, suffix);
    /// <summary>The leftmost <paramref name="len"/> characters.</summary>
    public static Column Left(Column str, Column len) => Fn("left", str, len);
    /// <summary>The rightmost <paramref name="len"/> characters.</summary>
    public static Column Right(Column str, Column len) => Fn("right", str, len);
    /// <summary>Edit distance between two strings.</summary>
    public static Column Levenshtein(Column left, Column right) => Fn("levenshtein", left, right);
    /// <summary>Edit distance, or -1 when it exceeds <paramref name="threshold"/>.</summary>
    public static Column Levenshtein(Column left, Column right, int threshold) => Fn("levenshtein", left, right, Lit(threshold));
    /// <summary>Soundex code.</summary>
    public static Column Soundex(Column column) => Fn("soundex", column);
    /// <summary>Replaces <paramref name="len"/> characters at 1-based <paramref name="pos"/> with <paramref name="replace"/>.</summary>
    public static Column Overlay(Column src, Column replace, Column pos, Column len) => Fn("overlay", src, replace, pos, len);
    /// <summary>Replaces the characters at 1-based <paramref name="pos"/> with <paramref name="replace"/>.</summary>
    public static Column Overlay(Column src, Column replace, Column pos) => Fn("overlay", src, replace, pos);
    /// <summary>Trims characters of <paramref name="trim"/> from both ends.</summary>
    public static Column Btrim(Column str, Column trim) => Fn("btrim", str, trim);
    /// <summary>Lower-cases a string.</summary>
    public static Column Lcase(Column column) => Fn("lcase", column);
    /// <summary>Upper-cases a string.</summary>
    public static Column Ucase(Column column) => Fn("ucase", column);
    /// <summary>UTF-8 byte length.</summary>
    public static Column OctetLength(Column column) => Fn("octet_length", column);
    /// <summary>UTF-8 bit length.</summary>
    public static Column BitLength(Column column) => Fn("bit_length", column);
    /// <summary>Encodes a string to a binary in <paramref name="charset"/>.</summary>
    public static Column Encode(Column column, string charset) => Fn("encode", column, Lit(charset));
    /// <summary>Decodes a binary from <paramref name="charset"/>.</summary>
    public static Column Decode(Column column, string charset) => Fn("decode", column, Lit(charset));
}
