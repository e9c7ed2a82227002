using System.Runtime.CompilerServices;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Columnar;

/// <summary>A vector of fixed-width values: booleans, integers, floating point, decimals, dates (days as int)
/// and timestamps (microseconds since the epoch as long).</summary>
internal sealed class PrimitiveVector<T> : ColumnVector where T : unmanaged
{
    public T[] Values;

    public PrimitiveVector(DataType type, int capacity) : base(type, capacity)
    {
        Values = new T[_capacity];
    }

    /// <summary>Wraps an existing array of <paramref name="length"/> valid values (no copy).</summary>
    public PrimitiveVector(DataType type, T[] values, int length) : base(type, values.Length)
    {
        Values = values;
        _capacity = values.Length;
        Length = length;
    }

    public override void Reserve(int capacity)
    {
        if (capacity <= _capacity) return;
        int n = Math.Max(capacity, _capacity * 2);
        Array.Resize(ref Values, n);
        GrowValidity(n);
        _capacity = n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(T value)
    {
        if (Length == _capacity) Reserve(Length + 1);
        Values[Length++] = value;
    }

    public override void AppendNull()
    {
        if (Length == _capacity) Reserve(Length + 1);
        Values[Length] = default;
        SetNull(Length);
        Length++;
    }

    /// <summary>Sets the length after values were written straight into <see cref="Values"/>.</summary>
    public void SetLength(int length) { Reserve(length); Length = length; }

    public ReadOnlySpan<T> Span => Values.AsSpan(0, Length);

    public override void AppendFrom(ColumnVector source, int row)
    {
        var s = (PrimitiveVector<T>)source;
        if (s.IsNull(row)) AppendNull(); else Append(s.Values[row]);
    }

    public override ColumnVector Take(ReadOnlySpan<int> rows)
    {
        var v = new PrimitiveVector<T>(Type, rows.Length);
        var dst = v.Values;
        var src = Values;
        for (int i = 0; i < rows.Length; i++) dst[i] = src[rows[i]];
        v.Length = rows.Length;
        if (HasNulls)
            for (int i = 0; i < rows.Length; i++) if (IsNull(rows[i])) v.SetNull(i);
        return v;
    }

    public override ColumnVector Slice(int start, int count)
    {
        var v = new PrimitiveVector<T>(Type, count);
        Array.Copy(Values, start, v.Values, 0, count);
        v.Length = count;
        if (HasNulls)
            for (int i = 0; i < count; i++) if (IsNull(start + i)) v.SetNull(i);
        return v;
    }

    public override void AppendAll(ColumnVector source)
    {
        var s = (PrimitiveVector<T>)source;
        Reserve(Length + s.Length);
        Array.Copy(s.Values, 0, Values, Length, s.Length);
        int start = Length;
        Length += s.Length;
        if (s.HasNulls)
            for (int i = 0; i < s.Length; i++) if (s.IsNull(i)) SetNull(start + i);
    }

    public override object? GetValue(int i)
    {
        if (IsNull(i)) return null;
        return Type switch
        {
            DateType => DateTimeUtil.DaysToDate((int)(object)Values[i]),
            TimestampType => DateTimeUtil.MicrosToDateTime((long)(object)Values[i]),
            _ => Values[i],
        };
    }

    public override void AppendValue(object? value)
    {
        if (value == null) { AppendNull(); return; }
        Append(ValueConverter.ToPrimitive<T>(Type, value));
    }
}
