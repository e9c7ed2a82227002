using System.Globalization;

namespace Spate.Examples.Tests.Infrastructure;

/// <summary>A socket example's run against a real producer, with the lines that producer sent.</summary>
public sealed record SocketExampleRun(ExampleRun Run, IReadOnlyList<string> SentLines, IReadOnlyList<ConsoleBatch> Batches)
{
    /// <summary>
    /// Reads what the test producer sends (a first run), starts a second identical producer and runs
    /// <paramref name="example"/> against it for <paramref name="seconds"/> (its --seconds option).
    /// </summary>
    public static async Task<SocketExampleRun> RunAsync(string example, int seconds, string[] producerArguments)
    {
        var sent = await Producer.ReadAllLinesAsync(producerArguments);
        await using var producer = await Producer.StartAsync(producerArguments);
        var run = await ExampleProgram.RunAsync(example, TimeSpan.FromSeconds(seconds + 120),
            "--host", "127.0.0.1", "--port", producer.Port.ToString(CultureInfo.InvariantCulture), "--seconds", seconds.ToString(CultureInfo.InvariantCulture));
        return new SocketExampleRun(run, sent, ConsoleBatch.Parse(run.Output));
    }

    /// <summary>Checks the run ended well and printed Batch: 0, 1, ... with <paramref name="header"/> in every block.</summary>
    public void AssertBatches(int sentLines, params string[] header)
    {
        Assert.True(Run.ExitCode == 0, Run.Describe());
        Assert.True(SentLines.Count == sentLines, $"The producer sent {SentLines.Count} lines, not {sentLines}.");
        Assert.True(Batches.Count >= 2, $"Expected at least Batch: 0 and Batch: 1.\n{Run.Describe()}");
        for (int i = 0; i < Batches.Count; i++)
        {
            Assert.True(Batches[i].Id == i, $"Block {i} is Batch: {Batches[i].Id}.\n{Run.Describe()}");
            Assert.True(Batches[i].Header.SequenceEqual(header),
                $"Batch {i} has the header |{string.Join('|', Batches[i].Header)}|, not |{string.Join('|', header)}|.\n{Run.Describe()}");
        }
    }

    /// <summary>Every row of every block, in order.</summary>
    public IEnumerable<IReadOnlyList<string>> AllRows => Batches.SelectMany(b => b.Rows);
}
