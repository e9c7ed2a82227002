using System.Text.RegularExpressions;
using Spate.Cli;
using Spate.Examples.Tests.Infrastructure;

namespace Spate.Examples.Tests;

/// <summary>
/// examples/07-files-fraud.cs: NDJSON files written by <c>spate produce --to file:</c>, flagged transactions appended
/// to Parquet with a checkpoint, fraud counts from the Parquet output; restarted runs read only new files.
/// </summary>
public sealed class FilesFraudExampleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("spate-example-07-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Input => Path.Combine(_dir, "in");

    private string Output => Path.Combine(_dir, "flagged");

    private string Checkpoint => Path.Combine(_dir, "checkpoint");

    [Fact]
    public async Task FilesFraud_RunsOnTheSameCheckpoint_CountEachFileOnce()
    {
        await ProduceFilesAsync(seed: 1);
        var first = await RunExampleAsync();
        AssertCounts(first);

        // Nothing new: the checkpoint says every file is read, so nothing is appended twice.
        var second = await RunExampleAsync();
        AssertCounts(second);
        Assert.Equal(FlaggedCount(first), FlaggedCount(second));

        // New files: only they are read, and the counts cover both runs' input.
        await ProduceFilesAsync(seed: 2);
        var third = await RunExampleAsync();
        AssertCounts(third);
        Assert.True(FlaggedCount(third) > FlaggedCount(first), third.Describe());

        Assert.True(Directory.Exists(Path.Combine(Output, "_spark_metadata")), "The Parquet sink's log is missing.");
        Assert.NotEmpty(Directory.GetFiles(Output, "*.parquet"));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(Checkpoint, "commits")).Count(f => !Path.GetFileName(f).StartsWith('.')));
    }

    private async Task ProduceFilesAsync(int seed)
    {
        var error = new StringWriter();
        var code = await SpateApp.RunAsync(
            ["produce", "--to", "file:" + Input, "--count", "200", "--rate", "max", "--records-per-file", "50", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new StringWriter(), error, CancellationToken.None);
        Assert.True(code == 0, $"spate produce --to file failed: {error}");
    }

    private Task<ExampleRun> RunExampleAsync() =>
        ExampleProgram.RunAsync("07-files-fraud", TimeSpan.FromSeconds(150),
            "--input", Input, "--output", Output, "--checkpoint", Checkpoint, "--available-now");

    /// <summary>The run printed the flagged count and fraud table of every line in the input directory.</summary>
    private void AssertCounts(ExampleRun run)
    {
        Assert.True(run.ExitCode == 0, run.Describe());
        var lines = Directory.GetFiles(Input).SelectMany(File.ReadAllLines).ToList();
        var flagged = lines.Select(Transactions.Fields).Count(f => f[4] == "1");
        Assert.True(FlaggedCount(run) == flagged, $"Expected {flagged} flagged transactions.\n{run.Describe()}");
        var table = ShowTable.After(run.Output, "Suspicious users:");
        Assert.True(table is not null, $"No fraud table printed.\n{run.Describe()}");
        Assert.Equal(["id", "fraud", "nTransactions"], table.Value.Header);
        FraudCounts.AssertSame(Transactions.SuspiciousUsers(lines), FraudCounts.FromRows(table.Value.Rows, run.Describe()), run.Describe());
    }

    private int FlaggedCount(ExampleRun run)
    {
        var match = Regex.Match(run.Output, $@"^Flagged transactions in {Regex.Escape(Output)}: (\d+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"No flagged count printed.\n{run.Describe()}");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
