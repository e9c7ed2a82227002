using System.Text.RegularExpressions;
using Spate.Cli.Tests.Infrastructure;

namespace Spate.Cli.Tests.Commands;

/// <summary>The README's first command, run for a few seconds: producer and fraud query in one process.</summary>
public class DemoFraudTests
{
    [Fact]
    public async Task DemoFraud_ShortRun_PrintsLectureConsoleBatchesAndExitsZero()
    {
        var original = Console.Out;
        var console = new StringWriter { NewLine = "\n" };
        Console.SetOut(TextWriter.Synchronized(console));
        int code;
        string error;
        try
        {
            (code, _, error) = await ProducerRun.RunAsync("demo", "fraud", "--port", "0", "--duration", "6 seconds", "--trigger", "1 second",
                "--rate", "1000", "--seed", "7", "--master", "local[2]");
        }
        finally
        {
            Console.SetOut(original);
        }
        var text = console.ToString();
        Assert.True(code == 0, $"exit code {code}; stderr: {error}");
        Assert.Contains("-------------------------------------------\nBatch: 0\n-------------------------------------------\n", text);
        Assert.Contains("|id |fraud|nTransactions|", text);
        // At 400 transactions per second, 20% flagged over 25 users, users with 2+ flagged ones appear within a second.
        Assert.True(new Regex(@"\|[A-Z][a-z]+[A-Z][a-z]+ *\|1 +\|[0-9]+ *\|").IsMatch(text), $"no suspicious user printed; stdout:\n{text}\nstderr:\n{error}");
        Assert.Contains("Now listening on port", error);
    }

    [Fact]
    public async Task DemoFraud_BadMode_OneLineErrorExitsOne()
    {
        var (code, _, error) = await ProducerRun.RunAsync("demo", "fraud", "--mode", "append");
        Assert.Equal(1, code);
        Assert.Contains("append", error);
        Assert.DoesNotContain("\n", error.TrimEnd());
    }
}
