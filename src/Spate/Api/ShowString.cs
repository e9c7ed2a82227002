using System.Globalization;
using System.Text;
using Spate.Columnar;

namespace Spate.Sql;

/// <summary>Spark's <c>Dataset.showString</c>: the text <c>Show()</c> and the console sink print.</summary>
internal static class ShowString
{
    /// <summary>Formats <paramref name="rows"/> (at most numRows+1 of them; one more means "only showing top").</summary>
    public static string Format(IReadOnlyList<string> fieldNames, IReadOnlyList<object?[]> rows, int numRows, int truncate, bool vertical)
    {
        bool hasMoreData = rows.Count > numRows;
        var data = rows.Take(numRows).Select(r => r.Select(c => Cell(c, truncate)).ToArray()).ToList();
        // Spark escapes the header's meta characters but never truncates it.
        var header = fieldNames.Select(EscapeMetaCharacters).ToArray();
        var sb = new StringBuilder();
        int numCols = fieldNames.Count;
        if (!vertical)
        {
            var widths = new int[numCols];
            for (int c = 0; c < numCols; c++)
            {
                widths[c] = Math.Max(3, HalfWidth(header[c]));
                foreach (var row in data) widths[c] = Math.Max(widths[c], HalfWidth(row[c]));
            }
            var sep = new StringBuilder("+");
            foreach (var w in widths) sep.Append('-', w).Append('+');
            if (numCols == 0) sep.Append('+'); // Spark prints "++" for a DataFrame without columns
            sep.Append('\n');
            sb.Append(sep);
            AppendRow(sb, header, widths, truncate);
            sb.Append(sep);
            foreach (var row in data) AppendRow(sb, row, widths, truncate);
            sb.Append(sep);
        }
        else
        {
            // Both widths start at Spark's minimum of 3.
            int nameWidth = header.Select(HalfWidth).Append(3).Max();
            int dataWidth = data.SelectMany(r => r).Select(HalfWidth).Append(3).Max();
            for (int i = 0; i < data.Count; i++)
            {
                sb.Append(RightPad($"-RECORD {i}", nameWidth + dataWidth + 5, '-')).Append('\n');
                for (int j = 0; j < numCols; j++)
                {
                    var name = header[j];
                    var cell = data[i][j];
                    sb.Append(' ').Append(RightPad(name, nameWidth - HalfWidth(name) + name.Length, ' '))
                      .Append(" | ").Append(RightPad(cell, dataWidth - HalfWidth(cell) + cell.Length, ' ')).Append(' ').Append('\n');
                }
            }
        }
        // Vertical mode says "(0 rows)" instead of the "only showing" footer when no row is shown.
        if (vertical && data.Count == 0) sb.Append("(0 rows)\n");
        else if (hasMoreData) sb.Append("only showing top ").Append(numRows).Append(numRows == 1 ? " row\n" : " rows\n");
        return sb.ToString();
    }

    private static void AppendRow(StringBuilder sb, string[] cells, int[] widths, int truncate)
    {
        sb.Append('|');
        if (cells.Length == 0) sb.Append('|');
        for (int c = 0; c < cells.Length; c++)
        {
            int pad = widths[c] - HalfWidth(cells[c]);
            if (truncate > 0) sb.Append(' ', pad).Append(cells[c]);
            else sb.Append(cells[c]).Append(' ', pad);
            sb.Append('|');
        }
        sb.Append('\n');
    }

    private static string RightPad(string s, int width, char c) => s.Length >= width ? s : s + new string(c, width - s.Length);

    private static string Cell(object? value, int truncate) =>
        Truncate(EscapeMetaCharacters(value == null ? "null" : ValueConverter.ToDisplayString(value)), truncate);

    /// <summary>Spark's <c>SchemaUtils.escapeMetaCharacters</c>: control characters would break the table's lines.</summary>
    private static string EscapeMetaCharacters(string s)
    {
        if (s.AsSpan().IndexOfAny("\n\r\t\f\b\v\a") < 0) return s;
        return s.Replace("\n", "\\n").Replace("\r", "\\r").Replace("\t", "\\t").Replace("\f", "\\f")
            .Replace("\b", "\\b").Replace("\v", "\\v").Replace("\a", "\\a");
    }

    private static string Truncate(string s, int truncate)
    {
        if (truncate <= 0 || s.Length <= truncate) return s;
        return truncate < 4 ? s[..truncate] : s[..(truncate - 3)] + "...";
    }

    /// <summary>Display width counting East Asian wide and full-width characters as two columns, as Spark does.</summary>
    public static int HalfWidth(string s)
    {
        int width = 0;
        foreach (var rune in s.EnumerateRunes())
        {
            int v = rune.Value;
            bool wide = (v >= 0x1100 && v <= 0x115F) || (v >= 0x2E80 && v <= 0xA4CF && v != 0x303F) || (v >= 0xAC00 && v <= 0xD7A3)
                || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0xFE30 && v <= 0xFE4F) || (v >= 0xFF00 && v <= 0xFF60) || (v >= 0xFFE0 && v <= 0xFFE6)
                || (v >= 0x20000 && v <= 0x3FFFD);
            width += wide ? 2 : 1;
        }
        return width;
    }

    /// <summary>Rows of batches as external values, at most <paramref name="limit"/>.</summary>
    public static List<object?[]> Rows(IEnumerable<ColumnBatch> batches, int limit)
    {
        var rows = new List<object?[]>();
        foreach (var b in batches)
        {
            for (int i = 0; i < b.RowCount && rows.Count < limit; i++) rows.Add(b.GetRowValues(i));
            if (rows.Count >= limit) break;
        }
        return rows;
    }
}
