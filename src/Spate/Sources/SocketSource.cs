using System.Net.Sockets;
using System.Text;
using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Sources;

/// <summary>
/// The <c>socket</c> source: a TCP client that connects to <c>host:port</c> and yields one <c>value</c> row per line
/// (plus <c>timestamp</c> with <c>includeTimestamp</c>). Lines are buffered in memory until committed. Not
/// replayable: after a restart, lines received before are gone, as in Spark.
/// </summary>
internal sealed class SocketSource : IMicroBatchSource
{
    private readonly string _host;
    private readonly int _port;
    private readonly bool _includeTimestamp;
    private readonly TimeProvider _time;
    private readonly List<(byte[] Line, long TimestampMicros)> _lines = new();
    private readonly object _lock = new();
    private long _firstBuffered; // offset of _lines[0]
    private readonly TcpClient _client;
    private readonly Thread _reader;
    private volatile bool _stopped;

    public static StructType SchemaFor(bool includeTimestamp) => includeTimestamp
        ? new StructType(new[] { new StructField("value", StringType.Instance), new StructField("timestamp", TimestampType.Instance) })
        : new StructType(new[] { new StructField("value", StringType.Instance) });

    private readonly Action _dataArrived;

    public SocketSource(string host, int port, bool includeTimestamp, TimeProvider time, Action? dataArrived = null)
    {
        _dataArrived = dataArrived ?? (() => { });
        _host = host;
        _port = port;
        _includeTimestamp = includeTimestamp;
        _time = time;
        Schema = SchemaFor(includeTimestamp);
        _client = new TcpClient();
        try
        {
            _client.Connect(host, port);
        }
        catch (SocketException e)
        {
            _client.Dispose();
            throw new SparkException($"[SOCKET_SOURCE_CONNECT_FAILED] Cannot connect to the socket source at {host}:{port}: {e.Message}. Start the server (for example `spate produce --hostname {host} --port {port}`) before the query, or fix the host and port options.", e);
        }
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = $"socket-source-{host}:{port}" };
        _reader.Start();
    }

    public StructType Schema { get; }
    public bool IsReplayable => false;
    public string Description => $"TextSocketV2[host: {_host}, port: {_port}]";

    private void ReadLoop()
    {
        try
        {
            var stream = _client.GetStream();
            var buffer = new byte[1 << 16];
            var pending = new List<byte>();
            while (!_stopped)
            {
                int n = stream.Read(buffer, 0, buffer.Length);
                if (n <= 0)
                {
                    if (!_stopped) SparkLog.Warn("TextSocketMicroBatchStream", $"Stream closed by {_host}:{_port}");
                    return;
                }
                int start = 0;
                var received = new List<byte[]>();
                for (int i = 0; i < n; i++)
                {
                    if (buffer[i] != (byte)'\n') continue;
                    received.Add(Concat(pending, buffer.AsSpan(start, i - start)));
                    pending.Clear();
                    start = i + 1;
                }
                Add(received);
                for (int i = start; i < n; i++) pending.Add(buffer[i]);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            if (!_stopped) SparkLog.Warn("TextSocketMicroBatchStream", $"Stream closed by {_host}:{_port}: {e.Message}");
        }
    }

    private static byte[] Concat(List<byte> pending, ReadOnlySpan<byte> tail)
    {
        int len = pending.Count + tail.Length;
        if (len > 0 && (tail.Length > 0 ? tail[^1] : pending[^1]) == (byte)'\r') len--; // \r\n line ends
        var line = new byte[len];
        int k = 0;
        for (; k < Math.Min(pending.Count, len); k++) line[k] = pending[k];
        tail[..(len - k)].CopyTo(line.AsSpan(k));
        return line;
    }

    // Lines that arrived together become visible together.
    private void Add(List<byte[]> lines)
    {
        if (lines.Count == 0) return;
        long ts = DateTimeUtil.DateTimeOffsetToMicros(_time.GetUtcNow());
        lock (_lock) foreach (var line in lines) _lines.Add((line, ts));
        _dataArrived();
    }

    public string? LatestOffset(string? start)
    {
        lock (_lock) return (_firstBuffered + _lines.Count - 1).ToString();
    }

    public IReadOnlyList<ColumnBatch> GetBatch(string? start, string end)
    {
        long from = start == null ? 0 : long.Parse(start) + 1;
        long to = long.Parse(end);
        var values = new StringVector(StringType.Instance, (int)Math.Max(0, to - from + 1));
        var times = new PrimitiveVector<long>(TimestampType.Instance, (int)Math.Max(0, to - from + 1));
        lock (_lock)
        {
            if (from < _firstBuffered)
                throw new SparkException($"[SOCKET_SOURCE_DATA_LOST] Lines {from}..{_firstBuffered - 1} of the socket source {_host}:{_port} were already discarded: the socket source does not support recovery.");
            for (long o = from; o <= to; o++)
            {
                var (line, ts) = _lines[(int)(o - _firstBuffered)];
                values.Append(line);
                times.Append(ts);
            }
        }
        int n = values.Length;
        if (n == 0) return Array.Empty<ColumnBatch>();
        var cols = _includeTimestamp ? new ColumnVector[] { values, times } : new ColumnVector[] { values };
        return new[] { new ColumnBatch(cols, n) };
    }

    public void Commit(string end)
    {
        long upTo = long.Parse(end);
        lock (_lock)
        {
            int drop = (int)Math.Min(_lines.Count, Math.Max(0, upTo - _firstBuffered + 1));
            _lines.RemoveRange(0, drop);
            _firstBuffered += drop;
        }
    }

    public void Dispose()
    {
        _stopped = true;
        try { _client.Client.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
        _client.Dispose();
    }
}
