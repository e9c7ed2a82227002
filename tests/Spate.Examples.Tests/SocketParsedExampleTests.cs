using Spate.Examples.Tests.Infrastructure;

namespace Spate.Examples.Tests;

/// <summary>examples/03-socket-parsed.cs: the socket's JSON lines parsed into the lecture's five columns.</summary>
public sealed class SocketParsedExampleTests
{
    [Fact]
    public async Task SocketParsed_ProducerStream_PrintsEveryTransactionParsed()
    {
        var result = await SocketExampleRun.RunAsync("03-socket-parsed", seconds: 9, Producer.LectureArguments);

        result.AssertBatches(20, "name", "surname", "amount", "delta_t", "flag");
        var printed = result.AllRows.Select(r => string.Join('|', r)).ToList();
        var expected = result.SentLines.Select(l => string.Join('|', Transactions.Fields(l))).ToList();
        Assert.True(printed.SequenceEqual(expected),
            $"The printed rows are not the {expected.Count} transactions sent, parsed, in order.\n{result.Run.Describe()}");
    }
}
