using System.Buffers;

namespace Spate.Sources;

/// <summary>
/// Cuts a byte stream into lines while reading it in large chunks: no copy of the whole file, no array per line.
/// Lines end at <c>\n</c>, <c>\r\n</c> or <c>\r</c>, or at a custom separator. A line is a range of
/// <see cref="Buffer"/>. With pooled buffers a line is valid until the next call to <see cref="Next"/> and
/// <see cref="Dispose"/> returns the buffer; with handed-over buffers (<c>handOver: true</c>) every refill reads into a
/// new array and never writes an old one again, so vectors may keep pointing into the lines they were given.
/// </summary>
internal sealed class TextLineChunker : IDisposable
{
    /// <summary>1 MB reads: large enough that the per-read overhead vanishes, small enough to stay in cache.</summary>
    public const int ChunkSize = 1 << 20;

    private readonly Stream _stream;
    private readonly byte[]? _separator;
    private readonly bool _handOver;
    private readonly int _chunkSize;
    private byte[] _buffer;
    private int _start, _end, _scanFrom;
    private bool _eof;

    public TextLineChunker(Stream stream, byte[]? separator, int chunkSize = ChunkSize, bool handOver = false)
    {
        _stream = stream;
        _separator = separator;
        _handOver = handOver;
        _chunkSize = chunkSize;
        _buffer = handOver ? GC.AllocateUninitializedArray<byte>(chunkSize) : ArrayPool<byte>.Shared.Rent(chunkSize);
    }

    public byte[] Buffer => _buffer;

    /// <summary>Where the next line starts in <see cref="Buffer"/>.</summary>
    public int Position => _start;

    /// <summary>Where the bytes read so far end in <see cref="Buffer"/> (the next line may go on past it).</summary>
    public int End => _end;

    /// <summary>Moves past a line the caller found the end of itself: the next line starts at <paramref name="next"/>
    /// (at most <see cref="End"/>).</summary>
    public void Skip(int next)
    {
        _start = _scanFrom = next;
    }

    /// <summary>The next line as a range of <see cref="Buffer"/>; false at the end of the stream. A final line
    /// without a separator is returned; an empty stream or a trailing separator gives no extra empty line.</summary>
    public bool Next(out int start, out int length)
    {
        while (true)
        {
            var window = _buffer.AsSpan(_scanFrom, _end - _scanFrom);
            if (_separator == null)
            {
                int i = window.IndexOfAny((byte)'\n', (byte)'\r');
                if (i >= 0)
                {
                    int at = _scanFrom + i;
                    // A \r at the end of the buffer may be the first half of \r\n: read on before deciding.
                    if (_buffer[at] == '\r' && at + 1 == _end && !_eof) { _scanFrom = at; Fill(); continue; }
                    start = _start;
                    length = at - _start;
                    int next = at + 1;
                    if (_buffer[at] == '\r' && next < _end && _buffer[next] == '\n') next++;
                    _start = _scanFrom = next;
                    return true;
                }
            }
            else
            {
                int i = window.IndexOf(_separator);
                if (i >= 0)
                {
                    int at = _scanFrom + i;
                    start = _start;
                    length = at - _start;
                    _start = _scanFrom = at + _separator.Length;
                    return true;
                }
            }
            // The separator may straddle the chunk boundary: rescan its possible first bytes after the refill.
            _scanFrom = Math.Max(_start, _end - (_separator?.Length ?? 1) + 1);
            if (!_eof && Fill()) continue;
            if (_start >= _end) { start = length = 0; return false; }
            start = _start;
            length = _end - _start;
            _start = _scanFrom = _end;
            return true;
        }
    }

    // Moves the pending partial line to the front (growing the buffer for a line longer than it) and reads more.
    // False at the end of the stream.
    private bool Fill()
    {
        int pending = _end - _start;
        if (_handOver)
        {
            // The old buffer now belongs to the lines handed out: the partial line starts a new one.
            var next = GC.AllocateUninitializedArray<byte>(Math.Max(_chunkSize, pending * 2));
            System.Buffer.BlockCopy(_buffer, _start, next, 0, pending);
            _scanFrom -= _start;
            _start = 0;
            _end = pending;
            _buffer = next;
        }
        else if (_start > 0)
        {
            System.Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
            _scanFrom -= _start;
            _start = 0;
            _end = pending;
        }
        else if (pending == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            System.Buffer.BlockCopy(_buffer, 0, bigger, 0, pending);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) { _eof = true; return false; }
        _end += read;
        return true;
    }

    public void Dispose()
    {
        var b = _buffer;
        _buffer = Array.Empty<byte>();
        _start = _end = _scanFrom = 0;
        if (b.Length > 0 && !_handOver) ArrayPool<byte>.Shared.Return(b);
    }
}
