using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Tests.Support;
using static Spate.Sql.Functions;
using static Spate.Tests.Streaming.LectureStreamingTests;

namespace Spate.Tests.Streaming;

/// <summary>The lecture's fraud query over a real socket, batch by batch, in update and complete mode.</summary>
[Collection("Console")]
public class LectureFraudTests
{
    private static SparkSession Spark => TestSession.Spark;

    /// <summary>The lecture's query, written as in the notebook.</summary>
    private static DataFrame SusTransactions(int port)
    {
        var rawMessagesDf = Spark.ReadStream().Format("socket").Option("host", "127.0.0.1").Option("port", port).Load();
        var parsedDf = rawMessagesDf.Select(FromJson(Col("value"), Schema).Alias("data")).Select(Col("data.*"));
        var numTransactions = parsedDf
            .Where(Col("flag") == 1)
            .WithColumn("id", Concat(Col("name"), Col("surname")))
            .GroupBy("id")
            .Count();
        return numTransactions
            .Where(Col("count") > 1)
            .WithColumn("fraud", Lit(1))
            .Select(Col("id"), Col("fraud"), Col("count").Alias("nTransactions"));
    }

    // Three producer bursts: flagged transactions per user accumulate across them.
    private static readonly string[][] Bursts =
    {
        new[]
        {
            Txn("Jill", "Darby", 848.95, 8.84, 1), Txn("Jill", "Darby", 12.5, 1.0, 1), Txn("Joe", "Jones", 1.0, 2.0, 1),
            Txn("Alice", "Smith", 884.63, 7.89, 0), "{\"name\": \"Andy\", \"surna", Txn("Alice", "Smith", 1.5, 2.5, 1),
        },
        new[]
        {
            Txn("Joe", "Jones", 3.0, 4.0, 1), Txn("Jill", "Darby", 5.0, 6.0, 1), Txn("Alice", "Smith", 7.0, 8.0, 0), "garbage",
        },
        new[]
        {
            Txn("Andy", "Millers", 1.0, 1.0, 1), Txn("Alice", "Smith", 2.0, 2.0, 1),
        },
    };

    private static string Block(long batch, params string[] rows)
    {
        string header = "-------------------------------------------\nBatch: " + batch + "\n-------------------------------------------\n";
        if (rows.Length == 0) return header + "+---+-----+-------------+\n|id |fraud|nTransactions|\n+---+-----+-------------+\n+---+-----+-------------+\n\n";
        int w = Math.Max(3, rows.Max(r => r.Split('|')[0].Length));
        string sep = $"+{new string('-', w)}+-----+-------------+\n";
        return header + sep + $"|{"id".PadRight(w)}|fraud|nTransactions|\n" + sep
            + string.Concat(rows.Select(r => { var p = r.Split('|'); return $"|{p[0].PadRight(w)}|{p[1],-5}|{p[2],-13}|\n"; })) + sep + "\n";
    }

    private static string Run(string mode)
    {
        using var server = new LineServer();
        return TestSession.CaptureConsole(() =>
        {
            var query = SusTransactions(server.Port).WriteStream().OutputMode(mode).Format("console").Option("truncate", false).Start();
            try
            {
                Waits.ForOffset(query, -1);
                long offset = -1;
                foreach (var burst in Bursts)
                {
                    server.Send(burst);
                    offset += burst.Length;
                    Waits.ForOffset(query, offset);
                }
                Assert.Null(query.Exception());
                Assert.True(query.IsActive());
            }
            finally { query.Stop(); }
        });
    }

    [Fact]
    public void FraudQuery_UpdateMode_PrintsChangedSuspiciousUsersPerBatch()
    {
        var output = Run("update");
        Assert.Equal(
            Block(0) +
            Block(1, "JillDarby|1|2") +
            Block(2, "JoeJones|1|2", "JillDarby|1|3") +
            Block(3, "AliceSmith|1|2"),
            output);
    }

    [Fact]
    public void FraudQuery_CompleteMode_PrintsWholeTablePerBatch()
    {
        var output = Run("complete");
        var batches = output.Split("-------------------------------------------\nBatch: ", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, batches.Length);
        Assert.Equal(Block(0), "-------------------------------------------\nBatch: " + batches[0]);
        Assert.Contains("|JillDarby|1    |2            |", batches[1]);
        Assert.Contains("|JillDarby|1    |3            |", batches[2]);
        Assert.Contains("|JoeJones |1    |2            |", batches[2]);
        foreach (var row in new[] { "|JillDarby |1    |3            |", "|JoeJones  |1    |2            |", "|AliceSmith|1    |2            |" })
            Assert.Contains(row, batches[3]);
        Assert.Equal(1 + 3, batches[3].Split('\n').Count(l => l.StartsWith('|'))); // the header and exactly three users
    }
}
