namespace Spate.Expressions.Json;

/// <summary>
/// The shape of the last record the flat parser accepted, as the exact bytes between its values ("glue": braces,
/// whitespace, commas, quoted keys, colons) and the field each value belongs to. One producer writes every record
/// with the same keys, order and spacing, so the next record usually repeats the glue byte for byte: then
/// comparing it is all the structural parsing that record needs, and only the values are scanned.
/// </summary>
/// <remarks>
/// Glue comes only from records the flat parser validated, so it holds no escaped or duplicate keys and is valid
/// JSON structure: a record whose glue is equal has the same keys in the same places. Values are still parsed and
/// validated one by one, and anything that differs sends the record back to the flat parser, which learns again.
/// </remarks>
internal sealed class JsonRecordTemplate
{
    /// <summary>At most this many values: wider records keep to the flat parser.</summary>
    public const int MaxValues = 64;

    private byte[][] _glue = new byte[8][];
    private int[] _field = new int[8];

    /// <summary>How many values the learned shape has; 0 before anything is learned.</summary>
    public int Count { get; private set; }

    /// <summary>The bytes before value <c>k</c> (from the end of value <c>k-1</c>, or the record's start).</summary>
    public byte[][] Glue => _glue;

    /// <summary>The schema field of value <c>k</c>, or -1 for a key outside the schema (validated, not converted).</summary>
    public int[] Field => _field;

    /// <summary>The bytes after the last value: the closing brace (trailing whitespace is checked separately).</summary>
    public byte[] Tail { get; private set; } = Array.Empty<byte>();

    /// <summary>Learns the shape of <paramref name="record"/>, whose <paramref name="count"/> values span
    /// <c>[start[k], end[k])</c> and belong to <c>field[k]</c>; the record must have been accepted by the flat parser.</summary>
    public void Learn(ReadOnlySpan<byte> record, int[] start, int[] end, int[] field, int count)
    {
        Count = 0;
        if (count == 0 || count > MaxValues) return;
        if (_glue.Length < count)
        {
            Array.Resize(ref _glue, Math.Max(count, _glue.Length * 2));
            Array.Resize(ref _field, _glue.Length);
        }
        int from = 0;
        for (int k = 0; k < count; k++)
        {
            _glue[k] = Copy(_glue[k], record.Slice(from, start[k] - from));
            _field[k] = field[k];
            from = end[k];
        }
        int close = record.Slice(from).IndexOf((byte)'}');
        Tail = Copy(Tail, record.Slice(from, close + 1));
        Count = count;
    }

    private static byte[] Copy(byte[]? slot, ReadOnlySpan<byte> bytes)
    {
        if (slot == null || slot.Length != bytes.Length) slot = new byte[bytes.Length];
        bytes.CopyTo(slot);
        return slot;
    }
}
