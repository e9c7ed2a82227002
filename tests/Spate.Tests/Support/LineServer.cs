using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Spate.Tests.Support;

/// <summary>A real TCP server on 127.0.0.1 that sends lines to the one client that connects, when told to: the
/// deterministic stand-in for the lecture's producer.</summary>
public sealed class LineServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly TaskCompletionSource<TcpClient> _client = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LineServer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync();
    }

    public int Port { get; }

    private async Task AcceptAsync()
    {
        try { _client.TrySetResult(await _listener.AcceptTcpClientAsync()); }
        catch (Exception e) { _client.TrySetException(e); }
    }

    /// <summary>Sends the lines in one write, once a client is connected.</summary>
    public void Send(params string[] lines)
    {
        if (!_client.Task.Wait(TimeSpan.FromSeconds(30))) throw new TimeoutException("No client connected to the line server.");
        var bytes = Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));
        var stream = _client.Task.Result.GetStream();
        stream.Write(bytes);
        stream.Flush();
    }

    /// <summary>Closes the connection, as the producer does when it ends.</summary>
    public void CloseClient()
    {
        if (_client.Task.IsCompletedSuccessfully) _client.Task.Result.Dispose();
    }

    public void Dispose()
    {
        CloseClient();
        _listener.Stop();
    }
}
