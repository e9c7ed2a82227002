namespace Spate.Sources;

/// <summary>
/// Splits UTF-8 CSV bytes into records and fields without allocating per row: unquoted fields are spans of the
/// input, quoted fields (whose escapes must be undone) are copied into a scratch buffer reused by every record.
/// Follows univocity's behaviour as Spark configures it: blank and comment lines are skipped, a quote inside a
/// quoted field is written <c>\"</c> (the escape) or <c>""</c>, and without <c>multiLine</c> a record ends at the
/// end of its line even inside quotes.
/// </summary>
internal sealed class CsvTokenizer
{
    private readonly byte[] _data;
    private readonly int _length;
    private readonly CsvOptions _o;
    private readonly byte[] _sep;
    private int _pos;

    private int[] _starts = new int[16];
    private int[] _lengths = new int[16];
    private bool[] _scratchField = new bool[16];
    private byte[] _scratch = new byte[256];
    private int _scratchLength;

    public CsvTokenizer(byte[] data, int length, CsvOptions options)
    {
        _data = data;
        _length = length;
        _o = options;
        _sep = options.Separator;
        // A UTF-8 byte order mark is not data.
        if (length >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) _pos = 3;
    }

    /// <summary>Fields of the current record.</summary>
    public int FieldCount { get; private set; }

    /// <summary>Where the current record starts and ends in the input (without its line break), for <c>_corrupt_record</c>.</summary>
    public int RecordStart { get; private set; }
    public int RecordEnd { get; private set; }

    public ReadOnlySpan<byte> Record => _data.AsSpan(RecordStart, RecordEnd - RecordStart);

    public ReadOnlySpan<byte> Field(int i) =>
        _scratchField[i] ? _scratch.AsSpan(_starts[i], _lengths[i]) : _data.AsSpan(_starts[i], _lengths[i]);

    /// <summary>True when field <paramref name="i"/> was quoted in the input.</summary>
    public bool Quoted(int i) => _scratchField[i];

    /// <summary>Parses the next record; false at the end of the input.</summary>
    public bool Next()
    {
        while (true)
        {
            if (_pos >= _length) return false;
            int lineEnd = LineEnd(_pos);
            if (IsBlankOrComment(_pos, lineEnd))
            {
                _pos = SkipLineBreak(lineEnd);
                continue;
            }
            break;
        }
        RecordStart = _pos;
        FieldCount = 0;
        _scratchLength = 0;
        while (true)
        {
            bool endOfRecord = ParseField();
            if (endOfRecord) break;
        }
        return true;
    }

    private int LineEnd(int from)
    {
        int i = _data.AsSpan(from, _length - from).IndexOfAny((byte)'\n', (byte)'\r');
        return i < 0 ? _length : from + i;
    }

    private int SkipLineBreak(int i)
    {
        if (i < _length && _data[i] == '\r') i++;
        if (i < _length && _data[i] == '\n') i++;
        return i;
    }

    private bool IsBlankOrComment(int start, int end)
    {
        if (_o.Comment != 0 && start < end && _data[start] == _o.Comment) return true;
        for (int i = start; i < end; i++) if (_data[i] != ' ' && _data[i] != '\t') return false;
        return true;
    }

    private bool AtSeparator(int i)
    {
        if (i + _sep.Length > _length) return false;
        if (_sep.Length == 1) return _data[i] == _sep[0];
        return _data.AsSpan(i, _sep.Length).SequenceEqual(_sep);
    }

    private void AddField(int start, int length, bool scratch)
    {
        if (FieldCount == _starts.Length)
        {
            Array.Resize(ref _starts, FieldCount * 2);
            Array.Resize(ref _lengths, FieldCount * 2);
            Array.Resize(ref _scratchField, FieldCount * 2);
        }
        _starts[FieldCount] = start;
        _lengths[FieldCount] = length;
        _scratchField[FieldCount] = scratch;
        FieldCount++;
    }

    private void ScratchAppend(byte b)
    {
        if (_scratchLength == _scratch.Length) Array.Resize(ref _scratch, _scratch.Length * 2);
        _scratch[_scratchLength++] = b;
    }

    /// <summary>Parses one field at the current position; returns true when it ended the record.</summary>
    private bool ParseField()
    {
        int p = _pos;
        if (_o.IgnoreLeadingWhiteSpaceInRead)
            while (p < _length && (_data[p] == ' ' || _data[p] == '\t') && !AtSeparator(p)) p++;

        if (p < _length && _o.Quote != 0 && _data[p] == _o.Quote)
            return ParseQuoted(p + 1);

        int start = p;
        while (p < _length && _data[p] != '\n' && _data[p] != '\r' && !AtSeparator(p)) p++;
        int end = p;
        if (_o.IgnoreTrailingWhiteSpaceInRead)
            while (end > start && (_data[end - 1] == ' ' || _data[end - 1] == '\t')) end--;
        AddField(start, end - start, false);
        return EndField(p);
    }

    private bool ParseQuoted(int p)
    {
        int start = _scratchLength;
        byte quote = _o.Quote, escape = _o.Escape;
        bool closed = false;
        while (p < _length)
        {
            byte b = _data[p];
            if (escape != 0 && b == escape && escape != quote && p + 1 < _length && (_data[p + 1] == quote || _data[p + 1] == escape))
            {
                ScratchAppend(_data[p + 1]);
                p += 2;
                continue;
            }
            if (b == quote)
            {
                if (p + 1 < _length && _data[p + 1] == quote)
                {
                    ScratchAppend(quote);
                    p += 2;
                    continue;
                }
                p++;
                closed = true;
                break;
            }
            if ((b == '\n' || b == '\r') && !_o.MultiLine) break;
            ScratchAppend(b);
            p++;
        }
        if (closed)
        {
            // Text between the closing quote and the separator is kept, as univocity does.
            while (p < _length && _data[p] != '\n' && _data[p] != '\r' && !AtSeparator(p))
            {
                byte b = _data[p++];
                if (!(_o.IgnoreTrailingWhiteSpaceInRead && (b == ' ' || b == '\t'))) ScratchAppend(b);
            }
        }
        AddField(start, _scratchLength - start, true);
        return EndField(p);
    }

    /// <summary>Moves past the separator or line break after a field; true when the record ended.</summary>
    private bool EndField(int p)
    {
        if (p < _length && AtSeparator(p))
        {
            _pos = p + _sep.Length;
            if (_pos >= _length)
            {
                // A trailing separator at the end of the input leaves one empty last field.
                AddField(_pos, 0, false);
                RecordEnd = _pos;
                return true;
            }
            return false;
        }
        RecordEnd = p;
        if (p < _length && _data[p] == '\r') p++;
        if (p < _length && _data[p] == '\n') p++;
        _pos = p;
        return true;
    }
}
