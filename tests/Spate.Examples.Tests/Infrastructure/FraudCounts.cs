using System.Globalization;

namespace Spate.Examples.Tests.Infrastructure;

/// <summary>Checks on the lecture's fraud table (id, fraud, nTransactions) as the examples print or store it.</summary>
public static class FraudCounts
{
    /// <summary>
    /// Update-mode blocks: every row has fraud 1, a user is printed again only with a higher count, and the last
    /// count printed per user is <paramref name="expected"/>.
    /// </summary>
    public static void AssertUpdateBlocks(IReadOnlyList<ConsoleBatch> batches, IReadOnlyDictionary<string, long> expected, string describe)
    {
        Assert.True(batches.Count > 0, $"No Batch: block printed.\n{describe}");
        for (int i = 0; i < batches.Count; i++)
        {
            Assert.True(batches[i].Id == i, $"Block {i} is Batch: {batches[i].Id}.\n{describe}");
            Assert.True(batches[i].Header.SequenceEqual(["id", "fraud", "nTransactions"]), $"Batch {i} header |{string.Join('|', batches[i].Header)}|.\n{describe}");
        }
        var last = new Dictionary<string, long>();
        foreach (var row in batches.SelectMany(b => b.Rows))
        {
            Assert.True(row.Count == 3 && row[1] == "1", $"Row |{string.Join('|', row)}| is not a fraud row.\n{describe}");
            var count = long.Parse(row[2], CultureInfo.InvariantCulture);
            Assert.True(count > 1 && (!last.TryGetValue(row[0], out var before) || count > before),
                $"{row[0]} printed with {count} transactions after {last.GetValueOrDefault(row[0])}.\n{describe}");
            last[row[0]] = count;
        }
        AssertSame(expected, last, describe);
    }

    /// <summary>The table's rows (id, 1, count) as a map, checking the fraud column.</summary>
    public static Dictionary<string, long> FromRows(IEnumerable<IReadOnlyList<string>> rows, string describe) =>
        rows.ToDictionary(
            r => { Assert.True(r.Count == 3 && r[1] == "1", $"Row |{string.Join('|', r)}| is not a fraud row.\n{describe}"); return r[0]; },
            r => long.Parse(r[2], CultureInfo.InvariantCulture));

    public static void AssertSame(IReadOnlyDictionary<string, long> expected, IReadOnlyDictionary<string, long> actual, string describe) =>
        Assert.True(expected.Count > 0 && actual.OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual(expected.OrderBy(p => p.Key, StringComparer.Ordinal)),
            $"Counts {Show(actual)}, expected {Show(expected)}.\n{describe}");

    private static string Show(IEnumerable<KeyValuePair<string, long>> counts) =>
        string.Join(", ", counts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}
