using System.Net.Sockets;

namespace Spate.Cli.Producer;

/// <summary>Sends records to one connected TCP client.</summary>
internal sealed class SocketSink(Socket client) : IRecordSink
{
    private readonly Socket _client = client;
    private readonly NetworkStream _stream = new(client, ownsSocket: true);

    /// <inheritdoc />
    public int RecordsUntilBoundary => int.MaxValue;

    /// <inheritdoc />
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> records, int recordCount, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.WriteAsync(records, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException && !cancellationToken.IsCancellationRequested)
        {
            throw new ClientDisconnectedException(ex);
        }
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        try
        {
            // FIN after the last record: the client reads everything, then end of stream.
            _client.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // Already gone: nothing left to finish.
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
