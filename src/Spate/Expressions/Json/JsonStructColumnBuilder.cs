using Spate.Columnar;
using Spate.Sql.Types;

namespace Spate.Expressions.Json;

/// <summary>
/// Builds the struct column of <c>from_json</c> one record at a time, with Spark's PERMISSIVE and FAILFAST results:
/// a malformed record is a struct of nulls (its text in the corrupt-record field when the schema has one), a field
/// that does not convert is null, a null or blank input is a null struct. Top-level string fields are views of the
/// buffer the records are read from, when the caller names one.
/// </summary>
internal sealed class JsonStructColumnBuilder
{
    private readonly StructType _type;
    private readonly JsonRecordParser _parser;
    private readonly int _corrupt;
    private readonly bool _failFast;
    private ColumnVector[] _children = Array.Empty<ColumnVector>();
    private ColumnVector[] _targets = Array.Empty<ColumnVector>();
    private StringVector? _corruptColumn;
    private ulong[]? _nullRows;

    /// <param name="type">The struct type of the result (nullable form).</param>
    /// <param name="options">from_json's options (mode, corrupt-record column, JSON syntax).</param>
    public JsonStructColumnBuilder(StructType type, JsonOptions options)
    {
        _type = type;
        _corrupt = JsonToStructs.CorruptFieldIndex(type, options);
        var parseSchema = _corrupt < 0 ? type : new StructType(type.Fields.Where((_, i) => i != _corrupt));
        _parser = new JsonRecordParser(parseSchema, options, allowArrayAsStructs: false);
        _failFast = options.Mode == JsonParseMode.FailFast;
        Flat = _parser.Flat;
    }

    /// <summary>The one-pass parser for flat records, or null when the schema needs the general parser.</summary>
    public JsonFlatRecordParser? Flat { get; }

    /// <summary>Rows added since <see cref="Start"/>.</summary>
    public int Rows { get; private set; }

    /// <summary>The buffer string fields are views of, or null when they are copies.</summary>
    public byte[]? ViewSource { get; private set; }

    /// <summary>The vectors a flat parse appends to, in schema order without the corrupt-record field.</summary>
    public ColumnVector[] Targets => _targets;

    /// <summary>Starts a column of about <paramref name="capacity"/> rows whose string fields view <paramref name="viewSource"/>.</summary>
    public void Start(byte[]? viewSource, int capacity)
    {
        var fields = _type.Fields;
        _children = new ColumnVector[fields.Count];
        for (int f = 0; f < _children.Length; f++)
            _children[f] = viewSource != null && fields[f].DataType is StringType && f != _corrupt
                ? StringVector.ViewOver(fields[f].DataType, viewSource, capacity)
                : ColumnVector.Create(fields[f].DataType, capacity);
        _targets = _corrupt < 0 ? _children : _children.Where((_, i) => i != _corrupt).ToArray();
        _corruptColumn = _corrupt < 0 ? null : (StringVector)_children[_corrupt];
        _nullRows = null;
        Rows = 0;
        ViewSource = viewSource;
    }

    /// <summary>Counts a row the caller parsed with <see cref="Flat"/> into <see cref="Targets"/>.</summary>
    public void AddedByFlatParser()
    {
        _corruptColumn?.AppendNull();
        Rows++;
    }

    /// <summary>Adds the struct parsed from <paramref name="record"/>, which starts at <paramref name="viewBase"/> of
    /// <see cref="ViewSource"/> (ignored without one).</summary>
    public void Add(ReadOnlySpan<byte> record, int viewBase) => Add(record, viewBase, flatTried: false);

    // flatTried: the caller already offered the record to Flat, which declined it (it is not tried twice).
    private void Add(ReadOnlySpan<byte> record, int viewBase, bool flatTried)
    {
        if (ViewSource == null) viewBase = -1;
        var status = _parser.ParseStruct(record, _targets, validateFirst: false, out _, viewBase, flatTried);
        switch (status)
        {
            case JsonRecordStatus.Ok:
                _corruptColumn?.AppendNull();
                break;
            case JsonRecordStatus.Empty:
                AddNull();
                return;
            case JsonRecordStatus.Partial:
                _corruptColumn?.Append(record);
                if (_failFast) throw JsonToStructs.MalformedRecord(JsonToStructs.DescribeRow(_children, Rows));
                break;
            default:
                foreach (var t in _targets) t.AppendNull();
                _corruptColumn?.Append(record);
                if (_failFast) throw JsonToStructs.MalformedRecord(JsonToStructs.DescribeRow(_children, Rows));
                break;
        }
        Rows++;
    }

    /// <summary>Adds a null struct (a null or blank input).</summary>
    public void AddNull()
    {
        foreach (var c in _children) c.AppendNull();
        int row = Rows;
        _nullRows ??= new ulong[(row >> 6) + 1 + 64];
        if ((row >> 6) >= _nullRows.Length) Array.Resize(ref _nullRows, (row >> 6) + 64);
        _nullRows[row >> 6] |= 1UL << row;
        Rows++;
    }

    /// <summary>
    /// The column of every row of <paramref name="input"/> (strings as views of its bytes), less the records that fail
    /// the flat parser's <see cref="JsonFlatRecordParser.KeepOnly"/> conditions when a caller set some.
    /// </summary>
    public StructVector ParseAll(StringVector input)
    {
        int n = input.Length;
        Start(input.Data, n);
        var flat = Flat;
        var targets = _targets;
        for (int i = 0; i < n; i++)
        {
            if (input.IsNull(i)) { AddNull(); continue; }
            var record = input.GetSpan(i);
            if (flat != null && flat.TryParse(record, targets, input.Offsets[i], out bool kept))
            {
                if (kept) AddedByFlatParser();
            }
            else Add(record, input.Offsets[i], flatTried: flat != null);
        }
        return Finish();
    }

    /// <summary>The column of the rows added; the builder needs <see cref="Start"/> again before more.</summary>
    public StructVector Finish()
    {
        var result = new StructVector(_type, _children, Rows);
        if (_nullRows != null)
            for (int i = 0; i < Rows; i++) if ((_nullRows[i >> 6] & (1UL << i)) != 0) result.SetNull(i);
        _children = _targets = Array.Empty<ColumnVector>();
        ViewSource = null;
        return result;
    }
}
