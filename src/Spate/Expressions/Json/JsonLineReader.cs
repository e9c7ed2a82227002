namespace Spate.Expressions.Json;

/// <summary>Splits a byte stream into lines (<c>\n</c>, <c>\r\n</c>) without decoding them; a line stays valid until
/// the next call to <see cref="Next"/>.</summary>
internal sealed class JsonLineReader
{
    private readonly Stream _stream;
    private byte[] _buffer = new byte[1 << 16];
    private int _start, _end;
    private bool _eof;

    public JsonLineReader(Stream stream) { _stream = stream; }

    public byte[] Buffer => _buffer;

    /// <summary>The next line as a range of <see cref="Buffer"/>; false at the end of the stream.</summary>
    public bool Next(out int start, out int length)
    {
        int scanFrom = _start;
        while (true)
        {
            int nl = Array.IndexOf(_buffer, (byte)'\n', scanFrom, _end - scanFrom);
            if (nl >= 0)
            {
                start = _start;
                length = nl - _start;
                if (length > 0 && _buffer[nl - 1] == '\r') length--;
                _start = nl + 1;
                return true;
            }
            if (_eof)
            {
                if (_start >= _end) { start = length = 0; return false; }
                start = _start;
                length = _end - _start;
                if (length > 0 && _buffer[start + length - 1] == '\r') length--;
                _start = _end;
                return true;
            }
            // Keep the partial line, make room and read more.
            int pending = _end - _start;
            if (_start > 0) { System.Array.Copy(_buffer, _start, _buffer, 0, pending); }
            else if (pending == _buffer.Length) System.Array.Resize(ref _buffer, _buffer.Length * 2);
            _start = 0;
            _end = pending;
            scanFrom = pending;
            int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0) _eof = true; else _end += read;
        }
    }
}
