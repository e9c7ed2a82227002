namespace Spate.Sources;

/// <summary>
/// The lines of a byte range of a file, as a stream: a range that does not start at 0 begins after the first line
/// break at or after its start (that line belongs to the previous range), and every range ends after the line break
/// at or after its end, finishing the line it started (Spark's LineRecordReader rule). Splits of one file read each
/// line exactly once.
/// </summary>
internal sealed class LineRangeStream : Stream
{
    private readonly Stream _inner;
    private long _remaining;

    public LineRangeStream(Stream inner, long start, long end, long length)
    {
        _inner = inner;
        long first = start == 0 ? 0 : AfterLineBreak(inner, start - 1, length);
        long last = end >= length ? length : AfterLineBreak(inner, end - 1, length);
        _remaining = Math.Max(0, last - first);
        inner.Seek(first, SeekOrigin.Begin);
    }

    /// <summary>The offset just after the first '\n' at or after <paramref name="from"/> (or the file's length).</summary>
    private static long AfterLineBreak(Stream s, long from, long length)
    {
        s.Seek(from, SeekOrigin.Begin);
        var buffer = new byte[8192];
        long pos = from;
        while (pos < length)
        {
            int n = s.Read(buffer, 0, (int)Math.Min(buffer.Length, length - pos));
            if (n <= 0) break;
            int i = Array.IndexOf(buffer, (byte)'\n', 0, n);
            if (i >= 0) return pos + i + 1;
            pos += n;
        }
        return length;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_remaining <= 0) return 0;
        int n = _inner.Read(buffer, offset, (int)Math.Min(count, _remaining));
        _remaining -= n;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
