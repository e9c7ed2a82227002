using System.Net.Sockets;
using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Sources;

/// <summary>
/// The <c>socket</c> source: a TCP client that connects to <c>host:port</c> and yields one <c>value</c> row per line
/// (plus <c>timestamp</c> with <c>includeTimestamp</c>). Received lines are kept in one growing byte buffer with their
/// end offsets (no object per line) until committed; a batch is one copy of a byte range into a string vector.
/// Not replayable: after a restart, lines received before are gone, as in Spark.
/// </summary>
internal sealed class SocketSource : IMicroBatchSource
{
    private readonly string _host;
    private readonly int _port;
    private readonly bool _includeTimestamp;
    private readonly TimeProvider _time;
    private readonly Action _dataArrived;
    private readonly object _lock = new();
    private readonly TcpClient _client;
    private readonly Thread _reader;
    private volatile bool _stopped;

    // Buffered lines: line k (offset _firstBuffered + k) spans _data[_starts[k].._ends[k]].
    private byte[] _data = new byte[1 << 16];
    private int _dataLength;
    private int[] _ends = new int[1024];
    private long[] _times = new long[1024];
    private int _count;
    private long _firstBuffered;

    public static StructType SchemaFor(bool includeTimestamp) => includeTimestamp
        ? new StructType(new[] { new StructField("value", StringType.Instance), new StructField("timestamp", TimestampType.Instance) })
        : new StructType(new[] { new StructField("value", StringType.Instance) });

    public SocketSource(string host, int port, bool includeTimestamp, TimeProvider time, Action? dataArrived = null)
    {
        _host = host;
        _port = port;
        _includeTimestamp = includeTimestamp;
        _time = time;
        _dataArrived = dataArrived ?? (() => { });
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
        var buffer = new byte[1 << 16];
        int pending = 0; // bytes of an unfinished line at the start of buffer
        try
        {
            var stream = _client.GetStream();
            while (!_stopped)
            {
                if (pending == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                int n = stream.Read(buffer, pending, buffer.Length - pending);
                if (n <= 0)
                {
                    if (!_stopped) SparkLog.Warn("TextSocketMicroBatchStream", $"Stream closed by {_host}:{_port}");
                    return;
                }
                int end = pending + n;
                int lastNewline = Array.LastIndexOf(buffer, (byte)'\n', end - 1, n);
                if (lastNewline < 0) { pending = end; continue; }
                Append(buffer.AsSpan(0, lastNewline + 1));
                pending = end - lastNewline - 1;
                Buffer.BlockCopy(buffer, lastNewline + 1, buffer, 0, pending);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            if (!_stopped) SparkLog.Warn("TextSocketMicroBatchStream", $"Stream closed by {_host}:{_port}: {e.Message}");
        }
    }

    /// <summary>Adds complete lines (each ending in \n); lines that arrived together become visible together.</summary>
    private void Append(ReadOnlySpan<byte> lines)
    {
        long ts = DateTimeUtil.DateTimeOffsetToMicros(_time.GetUtcNow());
        lock (_lock)
        {
            if (_dataLength + lines.Length > _data.Length) Array.Resize(ref _data, Math.Max(_data.Length * 2, _dataLength + lines.Length));
            int start = _dataLength;
            lines.CopyTo(_data.AsSpan(start));
            _dataLength += lines.Length;
            int pos = start;
            while (pos < _dataLength)
            {
                int nl = Array.IndexOf(_data, (byte)'\n', pos, _dataLength - pos);
                int lineEnd = nl > pos && _data[nl - 1] == (byte)'\r' ? nl - 1 : nl; // \r\n line ends
                if (_count == _ends.Length)
                {
                    Array.Resize(ref _ends, _count * 2);
                    Array.Resize(ref _times, _count * 2);
                }
                _ends[_count] = lineEnd;
                _times[_count] = ts;
                _count++;
                pos = nl + 1;
            }
        }
        _dataArrived();
    }

    // Line k starts after line k-1's newline.
    private int StartOf(int k) => k == 0 ? 0 : _ends[k - 1] + (_data[_ends[k - 1]] == (byte)'\r' ? 2 : 1);

    public string? LatestOffset(string? start)
    {
        lock (_lock) return (_firstBuffered + _count - 1).ToString();
    }

    public IReadOnlyList<ColumnBatch> GetBatch(string? start, string end)
    {
        long from = start == null ? 0 : long.Parse(start) + 1;
        long to = long.Parse(end);
        if (to < from) return Array.Empty<ColumnBatch>();
        lock (_lock)
        {
            if (from < _firstBuffered)
                throw new SparkException($"[SOCKET_SOURCE_DATA_LOST] Lines {from}..{_firstBuffered - 1} of the socket source {_host}:{_port} were already discarded: the socket source does not support recovery.");
            int k0 = (int)(from - _firstBuffered), k1 = (int)(to - _firstBuffered);
            int rows = k1 - k0 + 1;
            int byteStart = StartOf(k0), byteEnd = _ends[k1];
            var values = new StringVector(StringType.Instance, rows, byteEnd - byteStart);
            for (int k = k0; k <= k1; k++)
            {
                int s = StartOf(k);
                values.Append(_data.AsSpan(s, _ends[k] - s));
            }
            var cols = new List<ColumnVector> { values };
            if (_includeTimestamp)
            {
                var times = new PrimitiveVector<long>(TimestampType.Instance, rows);
                Array.Copy(_times, k0, times.Values, 0, rows);
                times.SetLength(rows);
                cols.Add(times);
            }
            return new[] { new ColumnBatch(cols.ToArray(), rows) };
        }
    }

    public void Commit(string end)
    {
        long upTo = long.Parse(end);
        lock (_lock)
        {
            int drop = (int)Math.Min(_count, Math.Max(0, upTo - _firstBuffered + 1));
            if (drop == 0) return;
            int keepFrom = drop == _count ? _dataLength : StartOf(drop);
            Buffer.BlockCopy(_data, keepFrom, _data, 0, _dataLength - keepFrom);
            _dataLength -= keepFrom;
            for (int k = drop; k < _count; k++)
            {
                _ends[k - drop] = _ends[k] - keepFrom;
                _times[k - drop] = _times[k];
            }
            _count -= drop;
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
