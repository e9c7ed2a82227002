using System.Buffers.Binary;
using Spate.Sql.Types;

namespace Spate.Columnar;

/// <summary>
/// Encodes the values of some columns at one row into a compact byte key, and decodes keys back into vectors.
/// Equal values give equal bytes (doubles are normalised: -0.0 is 0.0, every NaN is one NaN), so the bytes serve
/// as hash-table keys for grouping and joins and as state-store keys. The format is stable across processes.
/// </summary>
internal sealed class RowEncoder
{
    private byte[] _buffer = new byte[256];
    private int _length;

    public ReadOnlySpan<byte> Encoded => _buffer.AsSpan(0, _length);

    /// <summary>Encodes row <paramref name="row"/> of <paramref name="columns"/> into <see cref="Encoded"/>.</summary>
    public ReadOnlySpan<byte> Encode(ColumnVector[] columns, int row)
    {
        _length = 0;
        foreach (var c in columns) Write(c, row);
        return Encoded;
    }

    /// <summary>
    /// Encodes rows 0..<paramref name="rowCount"/>-1 back to back (the same bytes <see cref="Encode"/> gives each row);
    /// row i's key ends at <paramref name="ends"/>[i] and starts where row i-1's ends (0 for row 0).
    /// </summary>
    public ReadOnlySpan<byte> EncodeAll(ColumnVector[] columns, int rowCount, Span<int> ends)
    {
        _length = 0;
        if (columns.Length == 1 && columns[0] is StringVector s && !s.HasNulls)
        {
            // The common group-by key: one non-null string, so no per-row type dispatch.
            // An ordinary vector's rows are contiguous; a view's have their own lengths (StringVector.Lengths).
            var offsets = s.Offsets;
            var lengths = s.Lengths;
            int bytes = 0;
            if (lengths == null) bytes = offsets[rowCount] - offsets[0];
            else for (int i = 0; i < rowCount; i++) bytes += lengths[i];
            Ensure(bytes + 5 * rowCount);
            var buffer = _buffer;
            var data = s.Data;
            int length = 0;
            for (int i = 0; i < rowCount; i++)
            {
                int start = offsets[i], n = lengths == null ? offsets[i + 1] - start : lengths[i];
                buffer[length] = 1;
                BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(length + 1, 4), n);
                data.AsSpan(start, n).CopyTo(buffer.AsSpan(length + 5, n));
                length += 5 + n;
                ends[i] = length;
            }
            _length = length;
            return Encoded;
        }
        for (int i = 0; i < rowCount; i++)
        {
            foreach (var c in columns) Write(c, i);
            ends[i] = _length;
        }
        return Encoded;
    }

    private void Ensure(int extra)
    {
        if (_length + extra > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
    }

    private void Write(ColumnVector v, int row)
    {
        Ensure(17);
        if (v.IsNull(row)) { _buffer[_length++] = 0; return; }
        _buffer[_length++] = 1;
        var span = _buffer.AsSpan(_length);
        switch (v)
        {
            case PrimitiveVector<int> p: BinaryPrimitives.WriteInt32LittleEndian(span, p.Values[row]); _length += 4; break;
            case PrimitiveVector<long> p: BinaryPrimitives.WriteInt64LittleEndian(span, p.Values[row]); _length += 8; break;
            case PrimitiveVector<double> p:
                {
                    double d = p.Values[row];
                    if (d == 0) d = 0; else if (double.IsNaN(d)) d = double.NaN;
                    BinaryPrimitives.WriteDoubleLittleEndian(span, d); _length += 8; break;
                }
            case PrimitiveVector<float> p:
                {
                    float f = p.Values[row];
                    if (f == 0) f = 0; else if (float.IsNaN(f)) f = float.NaN;
                    BinaryPrimitives.WriteSingleLittleEndian(span, f); _length += 4; break;
                }
            case PrimitiveVector<bool> p: _buffer[_length++] = p.Values[row] ? (byte)1 : (byte)0; break;
            case PrimitiveVector<sbyte> p: _buffer[_length++] = (byte)p.Values[row]; break;
            case PrimitiveVector<short> p: BinaryPrimitives.WriteInt16LittleEndian(span, p.Values[row]); _length += 2; break;
            case PrimitiveVector<decimal> p:
                {
                    // Normalise the scale so 1.0 and 1.00 encode alike.
                    decimal m = p.Values[row] / 1.000000000000000000000000000000000m;
                    Span<int> bits = stackalloc int[4];
                    decimal.GetBits(m, bits);
                    for (int i = 0; i < 4; i++) BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length + 4 * i), bits[i]);
                    _length += 16;
                    break;
                }
            case StringVector s:
                {
                    var bytes = s.GetSpan(row);
                    Ensure(4 + bytes.Length);
                    BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length), bytes.Length);
                    _length += 4;
                    bytes.CopyTo(_buffer.AsSpan(_length));
                    _length += bytes.Length;
                    break;
                }
            case StructVector s:
                foreach (var c in s.Children) Write(c, row);
                break;
            case ArrayVector a:
                {
                    int count = a.Count(row);
                    BinaryPrimitives.WriteInt32LittleEndian(span, count);
                    _length += 4;
                    for (int e = a.Offsets[row]; e < a.Offsets[row + 1]; e++) Write(a.Elements, e);
                    break;
                }
            case MapVector m:
                {
                    int count = m.Offsets[row + 1] - m.Offsets[row];
                    BinaryPrimitives.WriteInt32LittleEndian(span, count);
                    _length += 4;
                    for (int e = m.Offsets[row]; e < m.Offsets[row + 1]; e++) { Write(m.Keys, e); Write(m.Values, e); }
                    break;
                }
            case NullVector: break;
            default: throw new NotSupportedException($"Cannot encode {v.Type.SimpleString}");
        }
    }

    /// <summary>Appends the values encoded in <paramref name="key"/> to <paramref name="columns"/>.</summary>
    public static void Decode(ReadOnlySpan<byte> key, ColumnVector[] columns)
    {
        if (columns.Length == 1)
        {
            // The common single-column keys and buffers, without the per-value type dispatch.
            switch (columns[0])
            {
                case StringVector s:
                    if (key[0] == 0) s.AppendNull();
                    else s.Append(key.Slice(5, BinaryPrimitives.ReadInt32LittleEndian(key[1..])));
                    return;
                case PrimitiveVector<long> p:
                    if (key[0] == 0) p.AppendNull();
                    else p.Append(BinaryPrimitives.ReadInt64LittleEndian(key[1..]));
                    return;
            }
        }
        int pos = 0;
        foreach (var c in columns) Read(key, ref pos, c);
    }

    private static void Read(ReadOnlySpan<byte> key, ref int pos, ColumnVector v)
    {
        if (key[pos++] == 0) { v.AppendNull(); return; }
        var span = key[pos..];
        switch (v)
        {
            case PrimitiveVector<int> p: p.Append(BinaryPrimitives.ReadInt32LittleEndian(span)); pos += 4; break;
            case PrimitiveVector<long> p: p.Append(BinaryPrimitives.ReadInt64LittleEndian(span)); pos += 8; break;
            case PrimitiveVector<double> p: p.Append(BinaryPrimitives.ReadDoubleLittleEndian(span)); pos += 8; break;
            case PrimitiveVector<float> p: p.Append(BinaryPrimitives.ReadSingleLittleEndian(span)); pos += 4; break;
            case PrimitiveVector<bool> p: p.Append(span[0] != 0); pos += 1; break;
            case PrimitiveVector<sbyte> p: p.Append((sbyte)span[0]); pos += 1; break;
            case PrimitiveVector<short> p: p.Append(BinaryPrimitives.ReadInt16LittleEndian(span)); pos += 2; break;
            case PrimitiveVector<decimal> p:
                {
                    Span<int> bits = stackalloc int[4];
                    for (int i = 0; i < 4; i++) bits[i] = BinaryPrimitives.ReadInt32LittleEndian(span[(4 * i)..]);
                    p.Append(new decimal(bits));
                    pos += 16;
                    break;
                }
            case StringVector s:
                {
                    int len = BinaryPrimitives.ReadInt32LittleEndian(span);
                    s.Append(span.Slice(4, len));
                    pos += 4 + len;
                    break;
                }
            case StructVector s:
                foreach (var c in s.Children) Read(key, ref pos, c);
                s.EndRow();
                break;
            case ArrayVector a:
                {
                    int count = BinaryPrimitives.ReadInt32LittleEndian(span);
                    pos += 4;
                    for (int e = 0; e < count; e++) Read(key, ref pos, a.Elements);
                    a.EndArray();
                    break;
                }
            case MapVector m:
                {
                    int count = BinaryPrimitives.ReadInt32LittleEndian(span);
                    pos += 4;
                    for (int e = 0; e < count; e++) { Read(key, ref pos, m.Keys); Read(key, ref pos, m.Values); }
                    m.EndMap();
                    break;
                }
            case NullVector n: n.AppendNull(); break;
        }
    }
}
