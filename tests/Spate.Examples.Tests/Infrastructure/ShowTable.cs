namespace Spate.Examples.Tests.Infrastructure;

/// <summary>A table printed by <c>DataFrame.Show()</c>, found after a given line of an example's output.</summary>
public static class ShowTable
{
    /// <summary>The header and rows (cells trimmed) of the first table after the line <paramref name="marker"/>; null when absent.</summary>
    public static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)? After(string output, string marker)
    {
        // A show() table has the shape of one console sink block; reuse its parser with a synthetic "Batch:" line.
        var lines = output.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        var at = lines.IndexOf(marker);
        if (at < 0) return null;
        var block = ConsoleBatch.Parse("Batch: 0\n" + string.Join('\n', lines.Skip(at + 1)));
        return block.Count == 0 ? null : (block[0].Header, block[0].Rows);
    }
}
