using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Spate.Cli;

namespace Spate.Examples.Tests.Infrastructure;

/// <summary>
/// <c>spate produce</c> (the lecture's producer.py) running in-process on a free port, with a token standing in
/// for Ctrl+C. Every run with the same arguments sends the same lines, so a first run can be read directly to know
/// what an example is about to receive from a second one.
/// </summary>
public sealed class Producer : IAsyncDisposable
{
    /// <summary>
    /// A stream for the aggregating examples: 200 transactions at 200 per second, seed 1 (enough flagged
    /// transactions for several suspicious users within the first trigger).
    /// </summary>
    public static readonly string[] BurstArguments = ["--rate", "200", "--count", "200", "--seed", "1"];

    /// <summary>
    /// A stream for the examples printing every line: 20 transactions at the lecture's 5 per second, seed 1. The
    /// console sink shows 20 rows per batch, so however the lines fall into batches none is cut off.
    /// </summary>
    public static readonly string[] LectureArguments = ["--rate", "5", "--count", "20", "--seed", "1"];

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly CancellationTokenSource _stop = new();
    private readonly StringWriter _error = new();
    private readonly ListeningWriter _output = new();
    private readonly Task<int> _exit;

    private Producer(string[] args) =>
        _exit = Task.Run(() => SpateApp.RunAsync(["produce", "--hostname", "127.0.0.1", "--port", "0", .. args], _output, _error, _stop.Token));

    /// <summary>The port the producer listens on.</summary>
    public int Port { get; private set; }

    /// <summary>Starts a producer and waits until it listens.</summary>
    public static async Task<Producer> StartAsync(params string[] args)
    {
        var producer = new Producer(args);
        await Task.WhenAny(producer._output.Listening, producer._exit).WaitAsync(Timeout);
        if (!producer._output.Listening.IsCompleted)
            throw new InvalidOperationException($"spate produce ended before listening.\nOutput: {producer._output}\nError: {producer._error}");
        producer.Port = await producer._output.Listening;
        return producer;
    }

    /// <summary>The lines a producer started with <paramref name="args"/> sends, read by a plain TCP client.</summary>
    public static async Task<IReadOnlyList<string>> ReadAllLinesAsync(params string[] args)
    {
        await using var producer = await StartAsync(args);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, producer.Port).WaitAsync(Timeout);
        using var reader = new StreamReader(client.GetStream(), Encoding.UTF8);
        using var deadline = new CancellationTokenSource(Timeout);
        var lines = new List<string>();
        while (await reader.ReadLineAsync(deadline.Token) is { } line) lines.Add(line);
        return lines;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await _exit.WaitAsync(Timeout);
        }
        catch (OperationCanceledException)
        {
            // Stopped by the token, as Ctrl+C would.
        }
        _stop.Dispose();
    }

    /// <summary>Collects the producer's messages and reports the port from "Now listening on port: N".</summary>
    private sealed class ListeningWriter : StringWriter
    {
        private const string Marker = "Now listening on port: ";
        private readonly TaskCompletionSource<int> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<int> Listening => _listening.Task;

        public override void WriteLine(string? value)
        {
            lock (this) base.WriteLine(value);
            if (value != null && value.StartsWith(Marker, StringComparison.Ordinal))
                _listening.TrySetResult(int.Parse(value.AsSpan(Marker.Length), CultureInfo.InvariantCulture));
        }

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }

        public override string ToString()
        {
            lock (this) return base.ToString();
        }
    }
}
