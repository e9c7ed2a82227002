using Spate.Sql;
using Spate.Sql.Streaming;

namespace Spate.Connectors.Tests.Sinks;

/// <summary>The console sink with Console.Out captured; checks every printed batch (the collection runs alone).</summary>
public sealed class ConsoleSinkAdapter : ISinkAdapter
{
    private const string Rule = "-------------------------------------------";
    private readonly TextWriter _original = Console.Out;
    private readonly StringWriter _captured = new() { NewLine = "\n" };

    public bool AppendOnly => false;

    public StreamingQuery Start(DataFrame df, CaseNames names)
    {
        Console.SetOut(_captured);
        return df.WriteStream().Format("console").OutputMode("update").Option("truncate", false)
            .QueryName(names.Id).Option("checkpointLocation", names.Checkpoint).Start();
    }

    /// <summary>
    /// Every printed block is Spark's "Batch: N" header (N = 0, 1, ... in order) and a table with the report's header;
    /// the rows of all tables, in batch order, are the expected updates.
    /// </summary>
    public void Verify()
    {
        var text = _captured.ToString();
        var blocks = text.Split(Rule + "\nBatch: ", StringSplitOptions.RemoveEmptyEntries);
        Assert.True(blocks.Length >= 2, $"Expected at least two printed batches, got:\n{text}");
        var rows = new List<string>();
        for (int b = 0; b < blocks.Length; b++)
        {
            var lines = blocks[b].Split('\n');
            Assert.Equal(b.ToString(), lines[0]);
            Assert.Equal(Rule, lines[1]);
            var table = lines.Skip(2).Where(l => l.StartsWith('|')).Select(l => string.Join("|", l.Trim('|').Split('|').Select(c => c.Trim()))).ToList();
            Assert.Equal("id|fraud|nTransactions", table[0]);
            rows.AddRange(table.Skip(1));
        }
        FraudPipeline.AssertUpdates(rows);
    }

    public void Dispose() => Console.SetOut(_original);
}
