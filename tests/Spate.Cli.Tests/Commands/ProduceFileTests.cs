using System.Text;
using System.Text.RegularExpressions;
using Spate.Cli.Producer;
using Spate.Cli.Tests.Infrastructure;

namespace Spate.Cli.Tests.Commands;

public sealed class ProduceFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "spate-cli-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Produce_FileTarget_WritesCompleteFilesWithTheSocketStream()
    {
        var (code, output, error) = await ProducerRun.RunAsync(
            "produce", "--to", "file:" + _directory, "--count", "2500", "--records-per-file", "1000", "--rate", "max", "--seed", "5");

        Assert.Equal(0, code);
        Assert.Equal("", error);
        var files = Directory.GetFiles(_directory).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(3, files.Length);
        Assert.All(files, f => Assert.Matches(@"^part-0000[0-2]-[0-9a-f]{8}\.json$", Path.GetFileName(f)));
        Assert.Equal([1000, 1000, 500], files.Select(f => File.ReadAllLines(f).Length));
        Assert.All(files, f => Assert.EndsWith("}\n", File.ReadAllText(f), StringComparison.Ordinal));

        // Same records as the socket target would send for this seed.
        var expected = await ProducerRun.ReadWholeStreamAsync("--count", "2500", "--rate", "max", "--seed", "5");
        Assert.Equal(expected, string.Concat(files.Select(File.ReadAllText)));
        Assert.Contains($"Wrote 2500 records in 3 files to {_directory}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Produce_FileTarget_ReaderNeverSeesPartialFiles()
    {
        await using var run = ProducerRun.Start(
            "produce", "--to", "file:" + _directory, "--count", "2000", "--records-per-file", "100", "--rate", "10000");
        await run.WaitForOutputLineAsync(l => l.StartsWith("Writing to directory: ", StringComparison.Ordinal));

        // Look at the directory the way a file source would, as often as we can until the run ends.
        var looks = 0;
        while (!run.Exit.IsCompleted)
        {
            foreach (var file in Directory.GetFiles(_directory).Where(f => !Path.GetFileName(f).StartsWith('.')))
            {
                Assert.Equal(100, File.ReadAllLines(file).Length);
            }
            looks++;
            await Task.Yield();
        }

        Assert.Equal(0, await run.WaitForExitAsync());
        Assert.True(looks > 0);
        Assert.Equal(20, Directory.GetFiles(_directory).Length);
    }

    [Fact]
    public async Task Produce_FileTargetInterrupted_PublishesWholeLinesAndNoTemporaryFile()
    {
        await using var run = ProducerRun.Start("produce", "--to", "file:" + _directory, "--rate", "200");
        await run.WaitForOutputLineAsync(l => l.StartsWith("Writing to directory: ", StringComparison.Ordinal));

        run.Interrupt();

        Assert.Equal(0, await run.WaitForExitAsync());
        var summary = Regex.Match(run.Output.Lines[^1], @"^Interrupted; wrote (\d+) records in (\d+) files to ");
        Assert.True(summary.Success, run.Output.Text);
        var files = Directory.GetFiles(_directory);
        Assert.Equal(int.Parse(summary.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), files.Length);
        Assert.DoesNotContain(files, f => Path.GetFileName(f).StartsWith('.'));
        Assert.Equal(
            int.Parse(summary.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            files.Sum(f => File.ReadAllLines(f).Length));
        Assert.All(files, f => Assert.EndsWith("\n", File.ReadAllText(f), StringComparison.Ordinal));
    }

    [Fact]
    public async Task FileSink_DisposedWithUnpublishedFile_DeletesTemporaryFile()
    {
        var sink = new FileSink(_directory, recordsPerFile: 10);
        await sink.WriteAsync(Encoding.UTF8.GetBytes("{}\n"), 1, CancellationToken.None);
        Assert.Single(Directory.GetFiles(_directory), f => Path.GetFileName(f).StartsWith('.'));

        await sink.DisposeAsync();

        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task Produce_FileTargetUnderAFile_ExitsOneWithMessage()
    {
        Directory.CreateDirectory(_directory);
        var blocker = Path.Combine(_directory, "not-a-directory");
        await File.WriteAllTextAsync(blocker, "x");

        var (code, _, error) = await ProducerRun.RunAsync("produce", "--to", "file:" + Path.Combine(blocker, "out"), "--count", "1");

        Assert.Equal(1, code);
        Assert.StartsWith("spate produce: cannot use directory", error, StringComparison.Ordinal);
    }
}
