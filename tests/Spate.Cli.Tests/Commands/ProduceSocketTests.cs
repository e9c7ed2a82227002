using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Spate.Cli.Tests.Infrastructure;

namespace Spate.Cli.Tests.Commands;

public partial class ProduceSocketTests
{
    [GeneratedRegex("""^\{"name": "[A-Za-z]+", "surname": "[A-Za-z]+", "amount": \d+\.\d{1,2}, "delta_t": \d+\.\d{1,2}, "flag": [01]\}$""")]
    private static partial Regex LectureLine();

    [Fact]
    public async Task Produce_FixedSeed_SendsExactBytesAndLectureMessages()
    {
        await using var run = ProducerRun.StartProduce("--seed", "42", "--count", "3", "--rate", "max");
        using var client = await run.ConnectAsync();
        var bytes = await ProducerRun.ReadToEndAsync(client);

        var expected =
            "{\"name\": \"Joe\", \"surname\": \"Johnson\", \"amount\": 378.98, \"delta_t\": 6.8, \"flag\": 0}\n" +
            "{\"name\": \"Jill\", \"surname\": \"Millers\", \"amount\": 719.26, \"delta_t\": 8.5, \"flag\": 0}\n" +
            "{\"name\": \"Joe\", \"surname\": \"Millers\", \"amount\": 290.68, \"delta_t\": 8.01, \"flag\": 0}\n";
        Assert.Equal(Encoding.UTF8.GetBytes(expected), bytes);
        Assert.Equal(0, await run.WaitForExitAsync());
        var clientPort = ((IPEndPoint)client.Client.LocalEndPoint!).Port;
        Assert.Equal(
            [
                "Using hostname: 127.0.0.1",
                $"Now listening on port: {run.Port}",
                $"Received request from: ('127.0.0.1', {clientPort})",
                "Sent 3 records; closing the connection.",
            ],
            run.Output.Lines);
        Assert.Equal("", run.Error.Text);
    }

    [Fact]
    public async Task Produce_DefaultRate_SendsLectureShapedLinesFiveTimesASecond()
    {
        await using var run = ProducerRun.StartProduce();
        using var client = await run.ConnectAsync();
        using var reader = new StreamReader(client.GetStream(), Encoding.UTF8);

        var first = await ProducerRun.ReadLinesAsync(reader, 1);
        var clock = Stopwatch.StartNew();
        var next = await ProducerRun.ReadLinesAsync(reader, 2);

        // Records 2 and 3 are due 0.2 s and 0.4 s after record 1 (a lower bound: delays never end early).
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(300), $"3 records took {clock.Elapsed}");
        foreach (var line in first.Concat(next))
        {
            Assert.Matches(LectureLine(), line);
            var root = JsonDocument.Parse(line).RootElement;
            Assert.Equal(["name", "surname", "amount", "delta_t", "flag"], root.EnumerateObject().Select(p => p.Name));
        }
    }

    [Fact]
    public async Task Produce_SameSeed_SameStreamAndOtherSeedDiffers()
    {
        var a = await ProducerRun.ReadWholeStreamAsync("--seed", "7", "--count", "500", "--rate", "max");
        var b = await ProducerRun.ReadWholeStreamAsync("--seed", "7", "--count", "500", "--rate", "max");
        var c = await ProducerRun.ReadWholeStreamAsync("--seed", "8", "--count", "500", "--rate", "max");

        Assert.Equal(500, a.Count(ch => ch == '\n'));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public async Task Produce_Count_ClosesConnectionAfterNLines()
    {
        await using var run = ProducerRun.StartProduce("--count", "7", "--rate", "100");
        using var client = await run.ConnectAsync();
        var text = Encoding.UTF8.GetString(await ProducerRun.ReadToEndAsync(client));

        var lines = text.Split('\n');
        Assert.Equal(8, lines.Length); // 7 lines and the empty rest after the last '\n'
        Assert.Equal("", lines[^1]);
        Assert.All(lines[..^1], l => Assert.Matches(LectureLine(), l));
        Assert.Equal(0, await run.WaitForExitAsync());
        Assert.Contains("Sent 7 records; closing the connection.", run.Output.Lines);
    }

    [Fact]
    public async Task Produce_FraudRatio_RespectedOverTenThousandRecords()
    {
        var lines = (await ProducerRun.ReadWholeStreamAsync("--seed", "11", "--count", "10000", "--rate", "max", "--fraud-ratio", "0.3"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(10_000, lines.Length);
        var fraud = lines.Count(l => JsonDocument.Parse(l).RootElement.GetProperty("flag").GetInt32() == 1);
        // 0.3 ± 0.02 is more than four standard deviations (0.0046) wide.
        Assert.InRange(fraud / 10_000.0, 0.28, 0.32);
    }

    [Fact]
    public async Task Produce_DefaultFraudRatio_IsTheLecturesTwentyPercent()
    {
        var lines = (await ProducerRun.ReadWholeStreamAsync("--seed", "12", "--count", "10000", "--rate", "max"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var fraud = lines.Count(l => l.EndsWith("\"flag\": 1}", StringComparison.Ordinal));
        Assert.InRange(fraud / 10_000.0, 0.18, 0.22);
    }

    [Fact]
    public async Task Produce_MalformedRatio_SomeLinesAreBrokenJson()
    {
        var lines = (await ProducerRun.ReadWholeStreamAsync("--seed", "13", "--count", "2000", "--rate", "max", "--malformed-ratio", "0.1"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(2_000, lines.Length);
        var broken = lines.Where(l => !IsJson(l)).ToList();
        Assert.InRange(broken.Count, 140, 260);
        Assert.All(lines.Except(broken), l => Assert.Matches(LectureLine(), l));
        Assert.All(broken, l => Assert.StartsWith("{", l, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(40)]
    public async Task Produce_Users_ExactlyThatManyDistinctUsers(int users)
    {
        var lines = (await ProducerRun.ReadWholeStreamAsync("--seed", "14", "--count", "5000", "--rate", "max", "--users", users.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var pairs = lines.Select(l => JsonDocument.Parse(l).RootElement)
            .Select(r => (Name: r.GetProperty("name").GetString()!, Surname: r.GetProperty("surname").GetString()!))
            .ToHashSet();
        Assert.Equal(users, pairs.Count);
        Assert.Equal(Math.Max(0, users - 25), pairs.Count(p => Regex.IsMatch(p.Name, @"^User\d+$") && Regex.IsMatch(p.Surname, @"^Surname\d+$")));
    }

    [Fact]
    public async Task Produce_ClientDisconnects_ProducerExitsZeroWithMessage()
    {
        await using var run = ProducerRun.StartProduce("--rate", "max");
        using (var client = await run.ConnectAsync())
        {
            using var reader = new StreamReader(client.GetStream(), Encoding.UTF8);
            await ProducerRun.ReadLinesAsync(reader, 10);
        }

        Assert.Equal(0, await run.WaitForExitAsync());
        Assert.Contains(run.Output.Lines, l => Regex.IsMatch(l, @"^Client disconnected after \d+ records; stopping\.$"));
        Assert.Equal("", run.Error.Text);
    }

    [Fact]
    public async Task Produce_InterruptedWhileSending_ClosesConnectionAndExitsZero()
    {
        await using var run = ProducerRun.StartProduce("--rate", "5");
        using var client = await run.ConnectAsync();
        using var reader = new StreamReader(client.GetStream(), Encoding.UTF8);
        await ProducerRun.ReadLinesAsync(reader, 1);

        run.Interrupt();

        Assert.Equal(0, await run.WaitForExitAsync());
        // Whatever was still in flight, the stream then ends cleanly (FIN, not a reset).
        using var timeout = new CancellationTokenSource(ProducerRun.Timeout);
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            Assert.Matches(LectureLine(), line);
        }
        Assert.Contains(run.Output.Lines, l => Regex.IsMatch(l, @"^Interrupted after \d+ records; closing the connection\.$"));
    }

    [Fact]
    public async Task Produce_InterruptedBeforeAnyClient_ExitsZero()
    {
        await using var run = ProducerRun.StartProduce();
        await run.WaitForOutputLineAsync(l => l.StartsWith("Now listening", StringComparison.Ordinal));

        run.Interrupt();

        Assert.Equal(0, await run.WaitForExitAsync());
        Assert.Equal("Stopped before any client connected.", run.Output.Lines[^1]);
    }

    [Fact]
    public async Task Produce_PortInUse_ExitsOneWithMessage()
    {
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        holder.Listen(1);
        var port = ((IPEndPoint)holder.LocalEndPoint!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (code, _, error) = await ProducerRun.RunAsync("produce", "--port", port);

        Assert.Equal(1, code);
        Assert.StartsWith($"spate produce: cannot listen on 127.0.0.1:{port}:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Produce_PortZero_ReportsTheBoundPort()
    {
        await using var run = ProducerRun.Start("produce", "--port", "0", "--count", "1");
        var line = await run.WaitForOutputLineAsync(l => l.StartsWith("Now listening on port: ", StringComparison.Ordinal));
        var port = int.Parse(line["Now listening on port: ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(port, 1, 65535);

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var text = Encoding.UTF8.GetString(await ProducerRun.ReadToEndAsync(client));
        Assert.Matches(LectureLine(), text.TrimEnd('\n'));
        Assert.Equal(0, await run.WaitForExitAsync());
    }

    private static bool IsJson(string line)
    {
        try
        {
            JsonDocument.Parse(line).Dispose();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
