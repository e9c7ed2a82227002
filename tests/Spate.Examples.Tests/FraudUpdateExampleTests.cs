using System.Globalization;
using Spate.Examples.Tests.Infrastructure;

namespace Spate.Examples.Tests;

/// <summary>examples/04-fraud-update.cs: users with more than one flagged transaction, update mode.</summary>
public sealed class FraudUpdateExampleTests
{
    [Fact]
    public async Task FraudUpdate_ProducerStream_PrintsChangedUsersWithRunningCounts()
    {
        var result = await SocketExampleRun.RunAsync("04-fraud-update", seconds: 12, Producer.BurstArguments);

        result.AssertBatches(200, "id", "fraud", "nTransactions");
        var expected = Transactions.SuspiciousUsers(result.SentLines);
        Assert.True(expected.Count is > 0 and <= 20, $"The test stream has {expected.Count} suspicious users; the checks need 1 to 20 (the console sink shows 20 rows).");
        var rows = result.AllRows.ToList();
        Assert.True(rows.Count > 0 && rows.All(r => r.Count == 3 && r[1] == "1"), $"Expected rows with fraud 1.\n{result.Run.Describe()}");

        // Update mode prints a user again whenever its count changes: the last count printed is the final one.
        var last = new Dictionary<string, long>();
        foreach (var row in rows)
        {
            var count = long.Parse(row[2], CultureInfo.InvariantCulture);
            Assert.True(count > 1 && (!last.TryGetValue(row[0], out var before) || count > before),
                $"{row[0]} printed with {count} transactions after {last.GetValueOrDefault(row[0])}.\n{result.Run.Describe()}");
            last[row[0]] = count;
        }
        Assert.True(last.OrderBy(p => p.Key).SequenceEqual(expected.OrderBy(p => p.Key)),
            $"Final counts {Show(last)}, expected {Show(expected)}.\n{result.Run.Describe()}");
    }

    internal static string Show(IEnumerable<KeyValuePair<string, long>> counts) =>
        string.Join(", ", counts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}
