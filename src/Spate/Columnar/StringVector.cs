using System.Runtime.CompilerServices;
using System.Text;
using Spate.Sql.Types;

namespace Spate.Columnar;

/// <summary>A vector of variable-length byte strings: UTF-8 text (<see cref="StringType"/>) or raw bytes
/// (<see cref="BinaryType"/>). Row i spans <c>Data[Offsets[i]..Offsets[i+1]]</c>; in a view (<see cref="Lengths"/> set)
/// row i spans <c>Data[Offsets[i]..Offsets[i]+Lengths[i]]</c> of a buffer it shares with another vector.</summary>
/// <remarks>Views are late materialization: a scan's lines and the strings parsed out of them point into the bytes
/// that were read, and are copied only when an operator builds a new vector (a filter's gather, say), so rows that
/// are dropped are never copied. Read rows with <see cref="GetSpan"/>; appending a copy to a view first turns it
/// into an ordinary vector.</remarks>
internal sealed class StringVector : ColumnVector
{
    public byte[] Data;
    public int[] Offsets;
    /// <summary>Bytes used by the values: the write position of an ordinary vector, the sum of lengths of a view.</summary>
    public int DataLength;
    /// <summary>Row lengths of a view; null for an ordinary vector.</summary>
    public int[]? Lengths;
    // The buffer a view was made over, kept after it is materialized so AppendView still finds its bytes.
    private byte[]? _viewSource;

    public StringVector(DataType type, int capacity, int dataCapacity = 0) : base(type, capacity)
    {
        Offsets = new int[_capacity + 1];
        // Uninitialized: every byte is written before it is read, and zeroing large buffers costs page faults.
        Data = GC.AllocateUninitializedArray<byte>(Math.Max(dataCapacity, _capacity * 8));
    }

    /// <summary>An empty view over <paramref name="source"/>: rows are added with <see cref="AppendView"/>.</summary>
    public static StringVector ViewOver(DataType type, byte[] source, int capacity)
    {
        var v = new StringVector(type, capacity, source);
        return v;
    }

    private StringVector(DataType type, int capacity, byte[] source) : base(type, capacity)
    {
        // Uninitialized: a view's rows are written by AppendView or AppendNull before anything reads them.
        Offsets = GC.AllocateUninitializedArray<int>(_capacity + 1);
        Lengths = GC.AllocateUninitializedArray<int>(_capacity + 1);
        Data = _viewSource = source;
    }

    public override void Reserve(int capacity)
    {
        if (capacity <= _capacity) return;
        int n = Math.Max(capacity, _capacity * 2);
        Array.Resize(ref Offsets, n + 1);
        if (Lengths != null) Array.Resize(ref Lengths, n + 1);
        GrowValidity(n);
        _capacity = n;
    }

    /// <summary>Appends the row <c>[start, start+length)</c> of the buffer this view was made over (copying it when
    /// the vector is no longer a view).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AppendView(int start, int length)
    {
        if (Lengths == null || Length == _capacity) { AppendViewSlow(start, length); return; }
        Offsets[Length] = start;
        Lengths[Length] = length;
        DataLength += length;
        Length++;
    }

    private void AppendViewSlow(int start, int length)
    {
        if (Lengths == null) { Append(_viewSource.AsSpan(start, length)); return; }
        Reserve(Length + 1);
        AppendView(start, length);
    }

    // Copies a view's rows into a buffer of its own, so values from elsewhere can follow them.
    private void Materialize()
    {
        var lengths = Lengths!;
        var data = GC.AllocateUninitializedArray<byte>(Math.Max(DataLength * 2, 64));
        int at = 0;
        for (int i = 0; i < Length; i++)
        {
            Data.AsSpan(Offsets[i], lengths[i]).CopyTo(data.AsSpan(at));
            Offsets[i] = at;
            at += lengths[i];
        }
        Offsets[Length] = at;
        Data = data;
        DataLength = at;
        Lengths = null;
    }

    private void ReserveData(int extra)
    {
        int need = DataLength + extra;
        if (need <= Data.Length) return;
        var grown = GC.AllocateUninitializedArray<byte>((int)Math.Min(Math.Max((long)need, Data.Length * 2L), Array.MaxLength));
        Data.AsSpan(0, DataLength).CopyTo(grown);
        Data = grown;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> GetSpan(int i) => Lengths == null
        ? Data.AsSpan(Offsets[i], Offsets[i + 1] - Offsets[i])
        : Data.AsSpan(Offsets[i], Lengths[i]);

    /// <summary>Row i's bytes as memory (a slice of <see cref="Data"/>).</summary>
    public ReadOnlyMemory<byte> GetMemory(int i) => Lengths == null
        ? Data.AsMemory(Offsets[i], Offsets[i + 1] - Offsets[i])
        : Data.AsMemory(Offsets[i], Lengths[i]);

    /// <summary>Row i's length in bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetLength(int i) => Lengths == null ? Offsets[i + 1] - Offsets[i] : Lengths[i];

    public string GetString(int i) => Encoding.UTF8.GetString(GetSpan(i));

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (Lengths != null) Materialize();
        if (Length == _capacity) Reserve(Length + 1);
        ReserveData(bytes.Length);
        bytes.CopyTo(Data.AsSpan(DataLength));
        DataLength += bytes.Length;
        Offsets[++Length] = DataLength;
    }

    public void Append(string s)
    {
        if (Lengths != null) Materialize();
        if (Length == _capacity) Reserve(Length + 1);
        ReserveData(Encoding.UTF8.GetMaxByteCount(s.Length));
        DataLength += Encoding.UTF8.GetBytes(s, 0, s.Length, Data, DataLength);
        Offsets[++Length] = DataLength;
    }

    /// <summary>Starts a value written in pieces with <see cref="AppendPart"/>; finish with <see cref="EndValue"/>.</summary>
    public void AppendPart(ReadOnlySpan<byte> bytes)
    {
        if (Lengths != null) Materialize();
        ReserveData(bytes.Length);
        bytes.CopyTo(Data.AsSpan(DataLength));
        DataLength += bytes.Length;
    }

    public void EndValue()
    {
        if (Lengths != null) Materialize();
        if (Length == _capacity) Reserve(Length + 1);
        Offsets[++Length] = DataLength;
    }

    public override void AppendNull()
    {
        if (Length == _capacity) Reserve(Length + 1);
        SetNull(Length);
        if (Lengths != null)
        {
            Offsets[Length] = 0;
            Lengths[Length++] = 0;
            return;
        }
        Offsets[++Length] = DataLength;
    }

    public override void AppendFrom(ColumnVector source, int row)
    {
        var s = (StringVector)source;
        if (s.IsNull(row)) AppendNull(); else Append(s.GetSpan(row));
    }

    public override ColumnVector Take(ReadOnlySpan<int> rows)
    {
        int bytes = 0;
        foreach (int r in rows) bytes += GetLength(r);
        var v = new StringVector(Type, rows.Length, bytes);
        foreach (int r in rows)
        {
            if (IsNull(r)) v.AppendNull(); else v.Append(GetSpan(r));
        }
        return v;
    }

    public override object? GetValue(int i)
    {
        if (IsNull(i)) return null;
        return Type is BinaryType ? GetSpan(i).ToArray() : GetString(i);
    }

    public override void AppendValue(object? value)
    {
        switch (value)
        {
            case null: AppendNull(); break;
            case string s: Append(s); break;
            case byte[] b: Append(b); break;
            default: Append(Spate.Sql.ValueConverter.ToDisplayString(value)); break;
        }
    }
}
