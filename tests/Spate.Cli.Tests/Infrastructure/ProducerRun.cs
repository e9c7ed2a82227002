using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Spate.Cli.Tests.Infrastructure;

/// <summary>
/// Runs <c>spate</c> in-process (its real entry point, with a cancellation token standing in for Ctrl+C) and
/// offers bounded waits on its output and on a TCP connection to it.
/// </summary>
internal sealed class ProducerRun : IAsyncDisposable
{
    /// <summary>Upper bound of every wait: generous, as the machine is shared.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _cancellation = new();

    private ProducerRun(string[] args, int port)
    {
        Port = port;
        Exit = Task.Run(() => SpateApp.RunAsync(args, Output, Error, _cancellation.Token));
    }

    public ObservableWriter Output { get; } = new();

    public ObservableWriter Error { get; } = new();

    public Task<int> Exit { get; }

    public int Port { get; }

    /// <summary>Starts <c>spate produce</c> with <paramref name="args"/> on a free port.</summary>
    public static ProducerRun StartProduce(params string[] args)
    {
        var port = FreePort();
        return new ProducerRun(["produce", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. args], port);
    }

    /// <summary>Starts <c>spate</c> with exactly <paramref name="args"/>.</summary>
    public static ProducerRun Start(params string[] args) => new(args, 0);

    /// <summary>Runs <c>spate</c> to completion with exactly <paramref name="args"/>.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        await using var run = Start(args);
        var code = await run.WaitForExitAsync();
        return (code, run.Output.Text, run.Error.Text);
    }

    /// <summary>A port that was free a moment ago: bind port 0, read the port, release it.</summary>
    public static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <summary>Waits until the producer listens, then connects.</summary>
    public async Task<TcpClient> ConnectAsync()
    {
        await WaitForOutputLineAsync(l => l.StartsWith("Now listening on port: ", StringComparison.Ordinal));
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port).WaitAsync(Timeout);
        return client;
    }

    /// <summary>Waits for an output line; fails at once, with the run's output, if the run ends first.</summary>
    public async Task<string> WaitForOutputLineAsync(Func<string, bool> match)
    {
        var line = Output.WaitForLineAsync(match);
        await Task.WhenAny(line, Exit).WaitAsync(Timeout);
        if (!line.IsCompleted)
        {
            var outcome = Exit.IsFaulted ? Exit.Exception!.ToString() : $"exit code {Exit.Result}";
            throw new InvalidOperationException($"spate ended before the expected line ({outcome}).\nOutput: {Output.Text}\nError: {Error.Text}");
        }
        return await line;
    }

    public Task<int> WaitForExitAsync() => Exit.WaitAsync(Timeout);

    /// <summary>Plays Ctrl+C.</summary>
    public void Interrupt() => _cancellation.Cancel();

    public async ValueTask DisposeAsync()
    {
        _cancellation.Cancel();
        try
        {
            await Exit.WaitAsync(Timeout);
        }
        catch (Exception)
        {
            // The test has already asserted what it needed; a failed run is reported there.
        }
        _cancellation.Dispose();
    }

    /// <summary>Reads exactly <paramref name="count"/> lines (without their '\n').</summary>
    public static async Task<List<string>> ReadLinesAsync(StreamReader reader, int count)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var lines = new List<string>(count);
        while (lines.Count < count)
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException($"Connection closed after {lines.Count} of {count} lines.");
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>Reads every byte until the producer closes the connection.</summary>
    public static async Task<byte[]> ReadToEndAsync(TcpClient client)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        using var all = new MemoryStream();
        await client.GetStream().CopyToAsync(all, timeout.Token);
        return all.ToArray();
    }

    /// <summary>Runs the producer with <paramref name="args"/>, connects, and returns the whole stream as text.</summary>
    public static async Task<string> ReadWholeStreamAsync(params string[] args)
    {
        await using var run = StartProduce(args);
        using var client = await run.ConnectAsync();
        var bytes = await ReadToEndAsync(client);
        Assert.Equal(0, await run.WaitForExitAsync());
        return Encoding.UTF8.GetString(bytes);
    }
}
