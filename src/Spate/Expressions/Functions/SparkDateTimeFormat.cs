using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Spate.Sql;

namespace Spate.Expressions;

/// <summary>
/// Spark's datetime patterns (<c>yyyy-MM-dd HH:mm:ss.SSS</c>, <c>EEE</c>, <c>MMM</c>, <c>a</c>, <c>XXX</c> ...) for
/// formatting and strict parsing. Week-based letters (Y, w, u, e, c, W) are rejected as Spark 3 does.
/// </summary>
internal sealed class SparkDateTimeFormat
{
    private readonly record struct Token(char Letter, int Count, string? Literal);

    private static readonly ConcurrentDictionary<string, SparkDateTimeFormat> Cache = new();
    private static readonly string[] MonthsShort = CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedMonthNames[..12];
    private static readonly string[] MonthsLong = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames[..12];
    private static readonly string[] DaysShort = CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedDayNames;
    private static readonly string[] DaysLong = CultureInfo.InvariantCulture.DateTimeFormat.DayNames;

    private readonly Token[] _tokens;

    private SparkDateTimeFormat(Token[] tokens) { _tokens = tokens; }

    public static SparkDateTimeFormat Get(string pattern)
    {
        if (Cache.TryGetValue(pattern, out var f)) return f;
        f = new SparkDateTimeFormat(Tokenize(pattern));
        if (Cache.Count > 500) Cache.Clear();
        Cache[pattern] = f;
        return f;
    }

    private static Token[] Tokenize(string pattern)
    {
        var tokens = new List<Token>();
        for (int i = 0; i < pattern.Length;)
        {
            char c = pattern[i];
            if (c == '\'')
            {
                int j = i + 1;
                var sb = new StringBuilder();
                if (j < pattern.Length && pattern[j] == '\'') { tokens.Add(new Token('\0', 0, "'")); i = j + 1; continue; }
                while (j < pattern.Length)
                {
                    if (pattern[j] == '\'')
                    {
                        if (j + 1 < pattern.Length && pattern[j + 1] == '\'') { sb.Append('\''); j += 2; continue; }
                        break;
                    }
                    sb.Append(pattern[j++]);
                }
                if (j >= pattern.Length) throw new SparkException($"Invalid datetime pattern '{pattern}': unterminated quote.");
                tokens.Add(new Token('\0', 0, sb.ToString()));
                i = j + 1;
                continue;
            }
            if (char.IsAsciiLetter(c))
            {
                int j = i;
                while (j < pattern.Length && pattern[j] == c) j++;
                int count = j - i;
                if ("YwuecW".Contains(c))
                    throw new SparkException($"[INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_WEEK_BASED_PATTERN] You may get a different result due to the upgrading to Spark >= 3.0: All week-based patterns are unsupported since Spark 3.0, detected week-based character: {c}. Please use the SQL function EXTRACT instead.");
                if (!"GyMLdDQqEahKkHmsSzVXxZOn".Contains(c) || (c == 'S' && count > 9) || (c is 'y' && count > 9))
                    throw new SparkException($"Illegal pattern character '{c}' in datetime pattern '{pattern}'.");
                tokens.Add(new Token(c, count, null));
                i = j;
                continue;
            }
            tokens.Add(new Token('\0', 0, c.ToString()));
            i++;
        }
        return tokens.ToArray();
    }

    /// <summary>Formats the instant <paramref name="micros"/> as wall-clock time in <paramref name="zone"/>.</summary>
    public string Format(long micros, TimeZoneInfo zone)
    {
        var utc = DateTimeUtil.MicrosToDateTime(micros);
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        var offset = zone.GetUtcOffset(utc);
        long fraction = ((micros % 1_000_000) + 1_000_000) % 1_000_000;
        var sb = new StringBuilder();
        foreach (var t in _tokens)
        {
            if (t.Literal != null) { sb.Append(t.Literal); continue; }
            int n = t.Count;
            switch (t.Letter)
            {
                case 'G': sb.Append(n == 4 ? "Anno Domini" : "AD"); break;
                case 'y': sb.Append(n == 2 ? (local.Year % 100).ToString("D2") : local.Year.ToString("D" + n, CultureInfo.InvariantCulture)); break;
                case 'M' or 'L': sb.Append(n switch { 1 => local.Month.ToString(CultureInfo.InvariantCulture), 2 => local.Month.ToString("D2"), 3 => MonthsShort[local.Month - 1], _ => MonthsLong[local.Month - 1] }); break;
                case 'd': sb.Append(local.Day.ToString("D" + n, CultureInfo.InvariantCulture)); break;
                case 'D': sb.Append(local.DayOfYear.ToString("D" + n, CultureInfo.InvariantCulture)); break;
                case 'Q' or 'q':
                    int q = (local.Month - 1) / 3 + 1;
                    sb.Append(n switch { 1 => q.ToString(CultureInfo.InvariantCulture), 2 => q.ToString("D2"), 3 => "Q" + q, _ => q switch { 1 => "1st quarter", 2 => "2nd quarter", 3 => "3rd quarter", _ => "4th quarter" } });
                    break;
                case 'E': sb.Append(n >= 4 ? DaysLong[(int)local.DayOfWeek] : DaysShort[(int)local.DayOfWeek]); break;
                case 'a': sb.Append(local.Hour < 12 ? "AM" : "PM"); break;
                case 'h': sb.Append(((local.Hour + 11) % 12 + 1).ToString("D" + n, CultureInfo.InvariantCulture)); break;
                case 'K': sb.Append((local.Hour % 12).ToString("D" + n, CultureInfo.InvariantCulture)); break;
                case 'k': sb.Append((local.Hour == 0 ? 24 : local.Hour).ToString("D" + n, CultureInfo.InvariantCulture)); break;
                case 'H': sb.Append(local.Hour.ToString("D" + n, CultureInfo.InvariantCulture)); break;
                case 'm': sb.Append(local.Minute.ToString("D" + n, CultureInfo.InvariantCulture)); break;
                case 's': sb.Append(local.Second.ToString("D" + n, CultureInfo.InvariantCulture)); break;
                case 'S': sb.Append(fraction.ToString("D6", CultureInfo.InvariantCulture).PadRight(9, '0')[..n]); break;
                case 'n': sb.Append((fraction * 1000).ToString(CultureInfo.InvariantCulture)); break;
                case 'V': sb.Append(zone.Id); break;
                case 'z': sb.Append(zone == TimeZoneInfo.Utc || zone.Id is "UTC" or "Etc/UTC" ? "UTC" : zone.IsDaylightSavingTime(local) ? zone.DaylightName : zone.StandardName); break;
                case 'O': sb.Append(offset == TimeSpan.Zero ? "GMT" : "GMT" + (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().Hours + (offset.Minutes != 0 ? ":" + offset.Duration().Minutes.ToString("D2") : "")); break;
                case 'X' or 'x' or 'Z': sb.Append(FormatOffset(offset, t.Letter, n)); break;
            }
        }
        return sb.ToString();
    }

    private static string FormatOffset(TimeSpan offset, char letter, int n)
    {
        if (letter == 'X' && offset == TimeSpan.Zero) return "Z";
        string sign = offset < TimeSpan.Zero ? "-" : "+";
        var d = offset.Duration();
        if (letter == 'Z') return n <= 3 ? $"{sign}{d.Hours:D2}{d.Minutes:D2}" : n == 4 ? (offset == TimeSpan.Zero ? "GMT" : $"GMT{sign}{d.Hours:D2}:{d.Minutes:D2}") : (offset == TimeSpan.Zero ? "Z" : $"{sign}{d.Hours:D2}:{d.Minutes:D2}");
        return n switch
        {
            1 => d.Minutes == 0 ? $"{sign}{d.Hours:D2}" : $"{sign}{d.Hours:D2}{d.Minutes:D2}",
            2 or 4 => $"{sign}{d.Hours:D2}{d.Minutes:D2}",
            _ => $"{sign}{d.Hours:D2}:{d.Minutes:D2}",
        };
    }

    /// <summary>Parses <paramref name="text"/> strictly (the whole text must match); the wall-clock result is read in
    /// <paramref name="zone"/> unless the text carries an offset or zone. Returns null when it does not match.</summary>
    public long? Parse(string text, TimeZoneInfo zone)
    {
        int year = 1970, month = 1, day = 1, dayOfYear = -1, hour = 0, minute = 0, second = 0, hour12 = -1;
        long fraction = 0;
        bool pm = false, hasAmPm = false;
        TimeSpan? offset = null;
        TimeZoneInfo? parsedZone = null;
        int pos = 0;
        for (int ti = 0; ti < _tokens.Length; ti++)
        {
            var t = _tokens[ti];
            if (t.Literal != null)
            {
                if (string.CompareOrdinal(text, pos, t.Literal, 0, t.Literal.Length) != 0) return null;
                pos += t.Literal.Length;
                continue;
            }
            bool nextNumeric = ti + 1 < _tokens.Length && _tokens[ti + 1].Literal == null && "yMdDHhKkmsS".Contains(_tokens[ti + 1].Letter) && _tokens[ti + 1].Count <= 2 | _tokens[ti + 1].Letter is 'y' or 'S';
            int n = t.Count;
            switch (t.Letter)
            {
                case 'y':
                    if (n == 2) { if (!Digits(text, ref pos, 2, 2, out var yy)) return null; year = 2000 + (int)yy; }
                    else { if (!Digits(text, ref pos, n, nextNumeric ? n : 9, out var y)) return null; year = (int)y; }
                    break;
                case 'M' or 'L':
                    if (n >= 3)
                    {
                        int m = MatchName(text, ref pos, n == 3 ? MonthsShort : MonthsLong);
                        if (m < 0) return null;
                        month = m + 1;
                    }
                    else if (!Number(text, ref pos, n, nextNumeric, out month)) return null;
                    break;
                case 'd': if (!Number(text, ref pos, n, nextNumeric, out day)) return null; break;
                case 'D': if (!Digits(text, ref pos, n, nextNumeric ? n : 3, out var doy)) return null; dayOfYear = (int)doy; break;
                case 'H' or 'k': if (!Number(text, ref pos, n, nextNumeric, out hour)) return null; if (t.Letter == 'k' && hour == 24) hour = 0; break;
                case 'h' or 'K': if (!Number(text, ref pos, n, nextNumeric, out hour12)) return null; break;
                case 'm': if (!Number(text, ref pos, n, nextNumeric, out minute)) return null; break;
                case 's': if (!Number(text, ref pos, n, nextNumeric, out second)) return null; break;
                case 'S':
                    {
                        int start = pos;
                        if (!Digits(text, ref pos, 1, n, out var f)) return null;
                        int digits = pos - start;
                        fraction = f;
                        for (int i = digits; i < 6; i++) fraction *= 10;
                        for (int i = 6; i < digits; i++) fraction /= 10;
                        break;
                    }
                case 'a':
                    if (pos + 2 > text.Length) return null;
                    var ap = text.Substring(pos, 2).ToUpperInvariant();
                    if (ap != "AM" && ap != "PM") return null;
                    pm = ap == "PM"; hasAmPm = true; pos += 2;
                    break;
                case 'E':
                    if (MatchName(text, ref pos, n >= 4 ? DaysLong : DaysShort) < 0) return null;
                    break;
                case 'G':
                    if (string.CompareOrdinal(text, pos, "AD", 0, 2) != 0) return null;
                    pos += 2;
                    break;
                case 'X' or 'x' or 'Z' or 'O':
                    if (!ParseOffset(text, ref pos, out var o)) return null;
                    offset = o;
                    break;
                case 'V' or 'z':
                    {
                        int start = pos;
                        while (pos < text.Length && !char.IsWhiteSpace(text[pos])) pos++;
                        var id = text[start..pos];
                        parsedZone = DateTimeFunctions.TryZone(id);
                        if (parsedZone == null) return null;
                        break;
                    }
                default: return null;
            }
        }
        if (pos != text.Length) return null;
        if (hour12 >= 0)
        {
            if (hour12 > 12) return null;
            hour = hour12 % 12 + (hasAmPm && pm ? 12 : 0);
        }
        else if (hasAmPm && pm && hour < 12) hour += 12;
        if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59 || year < 1 || year > 9999) return null;
        DateTime local;
        if (dayOfYear > 0)
        {
            if (dayOfYear > (DateTime.IsLeapYear(year) ? 366 : 365)) return null;
            local = new DateTime(year, 1, 1).AddDays(dayOfYear - 1);
        }
        else
        {
            if (day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
            local = new DateTime(year, month, day);
        }
        local = local.AddHours(hour).AddMinutes(minute).AddSeconds(second);
        long wallMicros = (local.Ticks - DateTimeUtil.Epoch.Ticks) / 10 + fraction;
        if (offset != null) return wallMicros - (long)(offset.Value.Ticks / 10);
        var z = parsedZone ?? zone;
        var utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), z);
        return (utc.Ticks - DateTimeUtil.Epoch.Ticks) / 10 + fraction;
    }

    private static bool Number(string text, ref int pos, int count, bool nextNumeric, out int value)
    {
        bool ok = Digits(text, ref pos, count, count >= 2 || nextNumeric ? count : 2, out var v);
        value = (int)v;
        return ok;
    }

    private static bool Digits(string text, ref int pos, int min, int max, out long value)
    {
        value = 0;
        int start = pos;
        while (pos < text.Length && pos - start < max && char.IsAsciiDigit(text[pos])) value = value * 10 + (text[pos++] - '0');
        return pos - start >= min;
    }

    private static int MatchName(string text, ref int pos, string[] names)
    {
        for (int i = 0; i < names.Length; i++)
            if (names[i].Length > 0 && string.Compare(text, pos, names[i], 0, names[i].Length, StringComparison.OrdinalIgnoreCase) == 0)
            {
                pos += names[i].Length;
                return i;
            }
        return -1;
    }

    private static bool ParseOffset(string text, ref int pos, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (pos < text.Length && text[pos] == 'Z') { pos++; return true; }
        if (string.CompareOrdinal(text, pos, "GMT", 0, 3) == 0 || string.CompareOrdinal(text, pos, "UTC", 0, 3) == 0) pos += 3;
        if (pos >= text.Length) return true;
        if (text[pos] != '+' && text[pos] != '-') return true;
        int sign = text[pos++] == '-' ? -1 : 1;
        if (!Digits(text, ref pos, 1, 2, out var h)) return false;
        long m = 0;
        if (pos < text.Length && text[pos] == ':') pos++;
        Digits(text, ref pos, 0, 2, out m);
        offset = TimeSpan.FromMinutes(sign * (h * 60 + m));
        return true;
    }
}
