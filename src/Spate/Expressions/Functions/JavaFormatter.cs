using System.Globalization;
using System.Text;
using Spate.Sql;

namespace Spate.Expressions;

/// <summary>The common subset of Java's <c>String.format</c> used by <c>format_string</c>/<c>printf</c>:
/// <c>%[index$][flags][width][.precision]conversion</c> with conversions s, d, f, e, x, o, b, c, n and %.</summary>
internal static class JavaFormatter
{
    public static string Format(string format, object?[] args)
    {
        var sb = new StringBuilder();
        int next = 0;
        for (int i = 0; i < format.Length; i++)
        {
            char c = format[i];
            if (c != '%') { sb.Append(c); continue; }
            int j = i + 1;
            int argIndex = -1;
            int digitsStart = j;
            while (j < format.Length && char.IsDigit(format[j])) j++;
            if (j < format.Length && format[j] == '$' && j > digitsStart)
            {
                argIndex = int.Parse(format.AsSpan(digitsStart, j - digitsStart), CultureInfo.InvariantCulture) - 1;
                j++;
            }
            else j = digitsStart;
            string flags = "";
            while (j < format.Length && "-#+ 0,(".Contains(format[j])) flags += format[j++];
            int width = -1, precision = -1;
            int ws = j;
            while (j < format.Length && char.IsDigit(format[j])) j++;
            if (j > ws) width = int.Parse(format.AsSpan(ws, j - ws), CultureInfo.InvariantCulture);
            if (j < format.Length && format[j] == '.')
            {
                int ps = ++j;
                while (j < format.Length && char.IsDigit(format[j])) j++;
                precision = int.Parse(format.AsSpan(ps, j - ps), CultureInfo.InvariantCulture);
            }
            if (j >= format.Length) throw new SparkException($"Unknown format conversion: '{format[i..]}'");
            char conv = format[j];
            i = j;
            if (conv == '%') { sb.Append(Pad("%", width, flags)); continue; }
            if (conv == 'n') { sb.Append('\n'); continue; }
            int idx = argIndex >= 0 ? argIndex : next++;
            if (idx >= args.Length) throw new SparkException($"Missing format argument for '%{conv}' in \"{format}\".");
            sb.Append(Pad(Convert(args[idx], conv, flags, precision), width, flags));
        }
        return sb.ToString();
    }

    private static string Convert(object? v, char conv, string flags, int precision)
    {
        bool upper = char.IsUpper(conv);
        string text;
        switch (char.ToLowerInvariant(conv))
        {
            case 's':
                text = v == null ? "null" : ValueConverter.ToDisplayString(v);
                if (precision >= 0 && text.Length > precision) text = text[..precision];
                break;
            case 'b':
                text = v == null ? "false" : v is bool b ? (b ? "true" : "false") : "true";
                break;
            case 'c':
                text = v == null ? "null" : v is string s ? s : char.ConvertFromUtf32(System.Convert.ToInt32(v, CultureInfo.InvariantCulture));
                break;
            case 'd':
                if (v == null) { text = "null"; break; }
                if (v is double or float or string or bool)
                    throw new SparkException($"d != {JavaTypeName(v)}");
                {
                    var n = System.Convert.ToDecimal(v, CultureInfo.InvariantCulture);
                    text = flags.Contains(',') ? n.ToString("#,0", CultureInfo.InvariantCulture) : n.ToString(CultureInfo.InvariantCulture);
                    if (flags.Contains('+') && n >= 0) text = "+" + text;
                    else if (flags.Contains(' ') && n >= 0) text = " " + text;
                }
                break;
            case 'x' or 'o':
                if (v == null) { text = "null"; break; }
                {
                    long n = System.Convert.ToInt64(v, CultureInfo.InvariantCulture);
                    if (v is int i32) n = (uint)i32;
                    text = char.ToLowerInvariant(conv) == 'x' ? n.ToString("x", CultureInfo.InvariantCulture) : System.Convert.ToString(n, 8);
                }
                break;
            case 'f' or 'e':
                if (v == null) { text = "null"; break; }
                if (v is int or long or short or sbyte or string or bool)
                    throw new SparkException($"{conv} != {JavaTypeName(v)}");
                {
                    double d = System.Convert.ToDouble(v, CultureInfo.InvariantCulture);
                    int p = precision < 0 ? 6 : precision;
                    if (double.IsNaN(d)) text = "NaN";
                    else if (double.IsInfinity(d)) text = d > 0 ? "Infinity" : "-Infinity";
                    else if (char.ToLowerInvariant(conv) == 'f')
                    {
                        var m = v is decimal dm ? dm : (decimal?)null;
                        text = m.HasValue
                            ? Math.Round(m.Value, p, MidpointRounding.AwayFromZero).ToString((flags.Contains(',') ? "#,0." : "0.") + new string('0', p), CultureInfo.InvariantCulture).TrimEnd('.')
                            : d.ToString((flags.Contains(',') ? "#,0." : "0.") + new string('0', p), CultureInfo.InvariantCulture).TrimEnd('.');
                    }
                    else text = d.ToString((p == 0 ? "0" : "0." + new string('0', p)) + "e+00", CultureInfo.InvariantCulture);
                    if (flags.Contains('+') && d >= 0) text = "+" + text;
                }
                break;
            default:
                throw new SparkException($"Conversion = '{conv}' is not supported by format_string.");
        }
        return upper ? text.ToUpperInvariant() : text;
    }

    private static string JavaTypeName(object v) => v switch
    {
        double => "java.lang.Double", float => "java.lang.Float", string => "java.lang.String", bool => "java.lang.Boolean",
        int => "java.lang.Integer", long => "java.lang.Long", _ => v.GetType().Name,
    };

    private static string Pad(string text, int width, string flags)
    {
        if (width <= text.Length) return text;
        if (flags.Contains('-')) return text.PadRight(width);
        if (flags.Contains('0') && text.Length > 0 && (char.IsDigit(text[^1])))
        {
            int sign = text[0] is '-' or '+' ? 1 : 0;
            return text[..sign] + new string('0', width - text.Length) + text[sign..];
        }
        return text.PadLeft(width);
    }
}
