using Spate.Cli.Tests.Infrastructure;

namespace Spate.Cli.Tests.Commands;

public class CliOptionsTests
{
    [Theory]
    [InlineData("--rate 0", "--rate '0'")]
    [InlineData("--rate fast", "--rate 'fast'")]
    [InlineData("--port 70000", "--port must be between 0 and 65535")]
    [InlineData("--port abc", "--port 'abc': expected an integer")]
    [InlineData("--count -1", "--count must be at least 0")]
    [InlineData("--seed x", "--seed 'x': expected an integer")]
    [InlineData("--fraud-ratio 1.5", "--fraud-ratio '1.5'")]
    [InlineData("--malformed-ratio -0.1", "--malformed-ratio '-0.1'")]
    [InlineData("--users 0", "--users must be at least 1")]
    [InlineData("--records-per-file 0", "--records-per-file must be at least 1")]
    [InlineData("--to ftp:x", "unknown target")]
    [InlineData("--to kafka:nohost", "expected kafka:HOST:PORT/TOPIC")]
    [InlineData("--bogus", "'--bogus'")]
    public async Task Produce_BadOption_ExitsOneWithOneLineError(string args, string expected)
    {
        var (code, output, error) = await ProducerRun.RunAsync(["produce", .. args.Split(' ')]);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("spate produce: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.EndsWith("(see 'spate produce --help')\n", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spate_NoCommand_ExitsOneWithOneLineError()
    {
        var (code, _, error) = await ProducerRun.RunAsync();

        Assert.Equal(1, code);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("spate: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProduceHelp_ListsEveryOption()
    {
        var (code, output, _) = await ProducerRun.RunAsync("produce", "--help");

        Assert.Equal(0, code);
        foreach (var option in new[] { "--hostname", "--port", "--rate", "--count", "--seed", "--fraud-ratio", "--users", "--malformed-ratio", "--to", "--records-per-file", "--help" })
        {
            Assert.Contains(option + " ", output, StringComparison.Ordinal);
        }
        Assert.Contains("spate produce [options]", output, StringComparison.Ordinal);
        Assert.Contains("[default: 5555]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpateHelp_ListsCommands()
    {
        var (code, output, _) = await ProducerRun.RunAsync("--help");

        Assert.Equal(0, code);
        Assert.Contains("produce", output, StringComparison.Ordinal);
        Assert.Contains("demo", output, StringComparison.Ordinal);
        Assert.Contains("--version", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpateVersion_PrintsAssemblyVersion()
    {
        var (code, output, _) = await ProducerRun.RunAsync("--version");

        Assert.Equal(0, code);
        Assert.Equal("0.1.0\n", output);
    }
}
