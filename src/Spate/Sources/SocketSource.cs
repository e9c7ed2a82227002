using System.Net.Sockets;
using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Sources;

/// <summary>
/// The <c>socket</c> source: a TCP client that connects to <c>host:port</c> and yields one <c>value</c> row per line
/// (plus <c>timestamp</c> with <c>includeTimestamp</c>). The reader thread cuts each read into lines and appends them
/// straight into column vectors ("segments"); a batch hands those vectors to the query without another copy.
/// Not replayable: after a restart, lines received before are gone, as in Spark.
/// </summary>
internal sealed class SocketSource : IMicroBatchSource
{
    // Segments stay below the large-object threshold (85,000 bytes per array): a processed batch is then gen0 garbage,
    // whereas large objects are only reclaimed by gen2 collections, whose pauses show up in end-to-end latency.
    private const int MaxSegmentBytes = 80 * 1024;
    private const int MaxSegmentRows = 8192;
    private const int ReadBufferBytes = 256 * 1024;

    private readonly string _host;
    private readonly int _port;
    private readonly bool _includeTimestamp;
    private readonly TimeProvider _time;
    private readonly Action _dataArrived;
    private readonly object _lock = new();
    private readonly TcpClient _client;
    private readonly Thread _reader;
    private volatile bool _stopped;

    // Received lines not yet committed, oldest first. Only the last segment may still grow (until it is sealed).
    private readonly List<SocketSegment> _segments = new();
    private long _firstBuffered; // number of the first line not yet committed
    private long _received;      // lines received so far
    private int _nextSegmentBytes = 4096;

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
        var buffer = new byte[ReadBufferBytes];
        int pending = 0; // bytes of an unfinished line at the start of buffer
        try
        {
            var socket = _client.Client;
            while (!_stopped)
            {
                if (pending == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                int n = socket.Receive(buffer, pending, buffer.Length - pending, SocketFlags.None);
                if (n <= 0)
                {
                    // Like Java's readLine, a last line without a line end still counts.
                    if (pending > 0 && !_stopped) Append(buffer.AsSpan(0, pending), terminated: false);
                    if (!_stopped) SparkLog.Warn("TextSocketMicroBatchStream", $"Stream closed by {_host}:{_port}");
                    return;
                }
                int end = pending + n;
                int lastNewline = buffer.AsSpan(pending, n).LastIndexOf((byte)'\n');
                if (lastNewline < 0) { pending = end; continue; }
                lastNewline += pending;
                Append(buffer.AsSpan(0, lastNewline + 1), terminated: true);
                pending = end - lastNewline - 1;
                Buffer.BlockCopy(buffer, lastNewline + 1, buffer, 0, pending);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            if (!_stopped) SparkLog.Warn("TextSocketMicroBatchStream", $"Stream closed by {_host}:{_port}: {e.Message}");
        }
    }

    /// <summary>
    /// Adds complete lines (each ending in \n, or one unterminated last line); lines that arrived together become
    /// visible together and share one timestamp.
    /// </summary>
    private void Append(ReadOnlySpan<byte> lines, bool terminated)
    {
        long ts = DateTimeUtil.DateTimeOffsetToMicros(_time.GetUtcNow());
        lock (_lock)
        {
            var segment = _segments.Count > 0 && !_segments[^1].Sealed ? _segments[^1] : null;
            int pos = 0;
            while (pos < lines.Length)
            {
                int nl = terminated ? pos + lines[pos..].IndexOf((byte)'\n') : lines.Length;
                int lineEnd = terminated && nl > pos && lines[nl - 1] == (byte)'\r' ? nl - 1 : nl; // \r\n line ends
                var line = lines[pos..lineEnd];
                if (segment == null || segment.Values.Length == MaxSegmentRows || segment.Values.DataLength + line.Length > segment.Values.Data.Length)
                    segment = MakeRoom(segment, line.Length, lines.Length - pos);
                var values = segment.Values;
                line.CopyTo(values.Data.AsSpan(values.DataLength));
                values.DataLength += line.Length;
                values.EndValue();
                segment.Times?.Append(ts);
                _received++;
                pos = nl + 1;
            }
        }
        _dataArrived();
    }

    /// <summary>
    /// A segment with room for a line of <paramref name="lineBytes"/>: <paramref name="open"/> grown (once for the
    /// <paramref name="remainingBytes"/> of this read, never past <see cref="MaxSegmentBytes"/>), or else a new one.
    /// </summary>
    private SocketSegment MakeRoom(SocketSegment? open, int lineBytes, int remainingBytes)
    {
        if (open != null && open.Values.Length < MaxSegmentRows && open.Values.Data.Length < MaxSegmentBytes)
        {
            var v = open.Values;
            int size = Math.Min(MaxSegmentBytes, Math.Max(v.DataLength + remainingBytes, v.Data.Length * 2));
            if (v.DataLength + lineBytes <= size)
            {
                var grown = GC.AllocateUninitializedArray<byte>(size);
                v.Data.AsSpan(0, v.DataLength).CopyTo(grown);
                v.Data = grown;
                return open;
            }
        }
        if (open != null) Seal(open);
        // Sized like the last segment, so a steady stream needs no regrowth; a line longer than the limit gets its own.
        int capacity = Math.Max(lineBytes, Math.Max(Math.Min(remainingBytes, MaxSegmentBytes), _nextSegmentBytes));
        int rows = Math.Clamp(capacity / 64, 16, MaxSegmentRows);
        var segment = new SocketSegment(_received, new StringVector(StringType.Instance, rows, capacity),
            _includeTimestamp ? new PrimitiveVector<long>(TimestampType.Instance, rows) : null);
        _segments.Add(segment);
        return segment;
    }

    private void Seal(SocketSegment segment)
    {
        if (segment.Sealed) return;
        segment.Sealed = true;
        _nextSegmentBytes = Math.Clamp(segment.Values.DataLength, 4096, MaxSegmentBytes);
    }

    public string? LatestOffset(string? start)
    {
        lock (_lock)
        {
            // A batch ends where the reader stops appending, so GetBatch can hand out whole segments.
            if (_segments.Count > 0) Seal(_segments[^1]);
            return (_received - 1).ToString();
        }
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
            var batches = new List<ColumnBatch>();
            foreach (var segment in _segments)
            {
                if (segment.EndLine <= from) continue;
                if (segment.FirstLine > to) break;
                int lo = (int)(Math.Max(from, segment.FirstLine) - segment.FirstLine);
                int hi = (int)(Math.Min(to + 1, segment.EndLine) - segment.FirstLine);
                if (lo == 0 && hi == segment.Values.Length)
                {
                    // The whole segment: hand out its vectors; they are never appended to again.
                    Seal(segment);
                    batches.Add(segment.Batch());
                }
                else batches.Add(segment.Copy(lo, hi));
            }
            return batches;
        }
    }

    public void Commit(string end)
    {
        long upTo = long.Parse(end);
        lock (_lock)
        {
            int drop = 0;
            while (drop < _segments.Count && _segments[drop].EndLine - 1 <= upTo && _segments[drop].Sealed) drop++;
            _segments.RemoveRange(0, drop);
            _firstBuffered = Math.Max(_firstBuffered, Math.Min(upTo + 1, _received));
        }
    }

    public void Dispose()
    {
        _stopped = true;
        try { _client.Client.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
        _client.Dispose();
    }
}
