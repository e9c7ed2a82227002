namespace Spate.Examples.Tests.Infrastructure;

/// <summary>One block the console sink printed: its batch id, header cells and rows (cells trimmed).</summary>
public sealed record ConsoleBatch(long Id, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>
    /// Reads every block of Spark's console sink from <paramref name="output"/>:
    /// a "Batch: N" line between dashed lines, then a show() table (+---+ border, |header|, +---+, |rows|, +---+).
    /// </summary>
    public static IReadOnlyList<ConsoleBatch> Parse(string output)
    {
        var lines = output.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var batches = new List<ConsoleBatch>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("Batch: ", StringComparison.Ordinal)) continue;
            var id = long.Parse(lines[i].AsSpan("Batch: ".Length), System.Globalization.CultureInfo.InvariantCulture);
            int j = i + 1;
            while (j < lines.Length && !lines[j].StartsWith('+')) j++;
            // The table: border, header, border, rows..., border.
            var header = j + 1 < lines.Length ? Cells(lines[j + 1]) : [];
            var rows = new List<IReadOnlyList<string>>();
            for (j += 3; j < lines.Length && lines[j].StartsWith('|'); j++) rows.Add(Cells(lines[j]));
            batches.Add(new ConsoleBatch(id, header, rows));
            i = j;
        }
        return batches;
    }

    private static string[] Cells(string line) =>
        line.Length < 2 || line[0] != '|' ? [] : line[1..^1].Split('|').Select(c => c.Trim()).ToArray();
}
