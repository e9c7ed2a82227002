using Spate.Examples.Tests.Infrastructure;

namespace Spate.Examples.Tests;

/// <summary>examples/01-socket-raw.cs: the socket's lines, untouched, in update mode every 2 seconds.</summary>
public sealed class SocketRawExampleTests
{
    [Fact]
    public async Task SocketRaw_ProducerStream_PrintsEveryLineOnceInOrder()
    {
        var result = await SocketExampleRun.RunAsync("01-socket-raw", seconds: 9, Producer.LectureArguments);

        result.AssertBatches(20, "value");
        var printed = result.AllRows.Select(r => Assert.Single(r)).ToList();
        Assert.True(printed.SequenceEqual(result.SentLines),
            $"The printed values are not the {result.SentLines.Count} lines sent, in order.\n{result.Run.Describe()}");
    }
}
