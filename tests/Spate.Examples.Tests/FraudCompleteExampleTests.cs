using System.Globalization;
using Spate.Examples.Tests.Infrastructure;

namespace Spate.Examples.Tests;

/// <summary>examples/05-fraud-complete.cs: the fraud query in complete mode.</summary>
public sealed class FraudCompleteExampleTests
{
    [Fact]
    public async Task FraudComplete_ProducerStream_LastBatchIsTheWholeFraudTable()
    {
        var result = await SocketExampleRun.RunAsync("05-fraud-complete", seconds: 12, Producer.BurstArguments);

        result.AssertBatches(200, "id", "fraud", "nTransactions");
        var expected = Transactions.SuspiciousUsers(result.SentLines);
        Assert.True(expected.Count is > 0 and <= 20, $"The test stream has {expected.Count} suspicious users; the checks need 1 to 20 (the console sink shows 20 rows).");
        var lastBatch = result.Batches[^1].Rows;
        Assert.True(lastBatch.All(r => r.Count == 3 && r[1] == "1"), $"Expected rows with fraud 1.\n{result.Run.Describe()}");
        var table = lastBatch.Select(r => KeyValuePair.Create(r[0], long.Parse(r[2], CultureInfo.InvariantCulture))).ToList();
        Assert.True(table.Count == expected.Count && table.All(p => expected.TryGetValue(p.Key, out var n) && n == p.Value),
            $"Last batch {FraudUpdateExampleTests.Show(table)}, expected {FraudUpdateExampleTests.Show(expected)}.\n{result.Run.Describe()}");
    }
}
