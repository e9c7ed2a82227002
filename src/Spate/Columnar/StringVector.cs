using System.Runtime.CompilerServices;
using System.Text;
using Spate.Sql.Types;

namespace Spate.Columnar;

/// <summary>A vector of variable-length byte strings: UTF-8 text (<see cref="StringType"/>) or raw bytes
/// (<see cref="BinaryType"/>). Row i spans <c>Data[Offsets[i]..Offsets[i+1]]</c>.</summary>
internal sealed class StringVector : ColumnVector
{
    public byte[] Data;
    public int[] Offsets;
    public int DataLength;

    public StringVector(DataType type, int capacity, int dataCapacity = 0) : base(type, capacity)
    {
        Offsets = new int[_capacity + 1];
        // Uninitialized: every byte is written before it is read, and zeroing large buffers costs page faults.
        Data = GC.AllocateUninitializedArray<byte>(Math.Max(dataCapacity, _capacity * 8));
    }

    public override void Reserve(int capacity)
    {
        if (capacity <= _capacity) return;
        int n = Math.Max(capacity, _capacity * 2);
        Array.Resize(ref Offsets, n + 1);
        GrowValidity(n);
        _capacity = n;
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
    public ReadOnlySpan<byte> GetSpan(int i) => Data.AsSpan(Offsets[i], Offsets[i + 1] - Offsets[i]);

    public string GetString(int i) => Encoding.UTF8.GetString(Data, Offsets[i], Offsets[i + 1] - Offsets[i]);

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (Length == _capacity) Reserve(Length + 1);
        ReserveData(bytes.Length);
        bytes.CopyTo(Data.AsSpan(DataLength));
        DataLength += bytes.Length;
        Offsets[++Length] = DataLength;
    }

    public void Append(string s)
    {
        if (Length == _capacity) Reserve(Length + 1);
        ReserveData(Encoding.UTF8.GetMaxByteCount(s.Length));
        DataLength += Encoding.UTF8.GetBytes(s, 0, s.Length, Data, DataLength);
        Offsets[++Length] = DataLength;
    }

    /// <summary>Starts a value written in pieces with <see cref="AppendPart"/>; finish with <see cref="EndValue"/>.</summary>
    public void AppendPart(ReadOnlySpan<byte> bytes)
    {
        ReserveData(bytes.Length);
        bytes.CopyTo(Data.AsSpan(DataLength));
        DataLength += bytes.Length;
    }

    public void EndValue()
    {
        if (Length == _capacity) Reserve(Length + 1);
        Offsets[++Length] = DataLength;
    }

    public override void AppendNull()
    {
        if (Length == _capacity) Reserve(Length + 1);
        SetNull(Length);
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
        foreach (int r in rows) bytes += Offsets[r + 1] - Offsets[r];
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
