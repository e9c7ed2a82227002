using System.Net;
using System.Net.Sockets;
using System.Text;
using Spate.Sql;
using Spate.Sql.Streaming;

namespace Spate.Connectors.Tests.Sources;

/// <summary>The socket source, connected to a TcpListener the test owns (the role of the lecture's producer).</summary>
public sealed class SocketSourceAdapter : ISourceAdapter
{
    private readonly Peers _peers;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task<TcpClient> _client;
    private readonly ProgressWaiter _waiter;

    public SocketSourceAdapter(Peers peers)
    {
        _peers = peers;
        _listener.Start();
        _client = _listener.AcceptTcpClientAsync();
        _waiter = new ProgressWaiter(peers.Spark);
    }

    public DataFrame Open() => _peers.Spark.ReadStream().Format("socket").Option("host", "127.0.0.1")
        .Option("port", ((IPEndPoint)_listener.LocalEndpoint).Port).Load();

    public void Send(IReadOnlyList<string> lines)
    {
        if (!_client.Wait(TimeSpan.FromSeconds(30))) throw new TimeoutException("The socket source did not connect within 30 s.");
        var stream = _client.Result.GetStream();
        stream.Write(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))));
        stream.Flush();
    }

    /// <summary>The lines reach the source asynchronously, so wait for the committed end offset (line numbers from 0).</summary>
    public void AwaitProcessed(StreamingQuery query, long linesSent)
    {
        _waiter.ForOffset(query, linesSent - 1);
        query.ProcessAllAvailable();
    }

    public void Dispose()
    {
        _waiter.Dispose();
        if (_client.IsCompletedSuccessfully) _client.Result.Dispose();
        _listener.Stop();
    }
}
