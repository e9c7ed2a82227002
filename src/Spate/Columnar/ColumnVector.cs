using System.Runtime.CompilerServices;
using Spate.Sql.Types;

namespace Spate.Columnar;

/// <summary>
/// A typed column of values with a validity bitmap. Vectors grow by appending and are treated as immutable
/// once handed to another operator: whoever receives a vector owns it and may keep it, never mutate it.
/// </summary>
internal abstract class ColumnVector
{
    protected ulong[]? _validity; // null: every row is valid; bit set: valid
    protected int _capacity;

    protected ColumnVector(DataType type, int capacity)
    {
        Type = type;
        _capacity = Math.Max(capacity, 4);
    }

    public DataType Type { get; }
    public int Length { get; protected set; }
    public bool HasNulls => _validity != null;

    /// <summary>The validity words (bit set = valid), or null when every row is valid. Shared, never mutated after hand-off.</summary>
    public ulong[]? ValidityBits { get => _validity; set => _validity = value; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsNull(int i) => _validity != null && (_validity[i >> 6] & (1UL << i)) == 0;

    /// <summary>Marks row <paramref name="i"/> null (the row must exist).</summary>
    public void SetNull(int i)
    {
        if (_validity == null)
        {
            _validity = new ulong[(_capacity + 63) >> 6];
            Array.Fill(_validity, ulong.MaxValue);
        }
        _validity[i >> 6] &= ~(1UL << i);
    }

    /// <summary>Marks row <paramref name="i"/> valid.</summary>
    public void SetValid(int i)
    {
        if (_validity != null) _validity[i >> 6] |= 1UL << i;
    }

    protected void GrowValidity(int newCapacity)
    {
        if (_validity == null) return;
        int words = (newCapacity + 63) >> 6;
        if (words <= _validity.Length) return;
        int old = _validity.Length;
        Array.Resize(ref _validity, words);
        Array.Fill(_validity, ulong.MaxValue, old, words - old);
    }

    /// <summary>Makes room for at least <paramref name="capacity"/> rows.</summary>
    public abstract void Reserve(int capacity);

    public abstract void AppendNull();

    /// <summary>Appends an external (.NET) value: string, int, long, double, DateTime, Row, object?[] ...</summary>
    public abstract void AppendValue(object? value);

    /// <summary>The external (.NET) value of row <paramref name="i"/>; boxes, so not for hot paths.</summary>
    public abstract object? GetValue(int i);

    /// <summary>Appends row <paramref name="row"/> of <paramref name="source"/>, a vector of the same physical kind.</summary>
    public abstract void AppendFrom(ColumnVector source, int row);

    /// <summary>A new vector holding the given rows, in order.</summary>
    public virtual ColumnVector Take(ReadOnlySpan<int> rows)
    {
        var v = Create(Type, rows.Length);
        foreach (int r in rows) v.AppendFrom(this, r);
        return v;
    }

    /// <summary>A new vector with rows [start, start+count).</summary>
    public virtual ColumnVector Slice(int start, int count)
    {
        var v = Create(Type, count);
        for (int i = start; i < start + count; i++) v.AppendFrom(this, i);
        return v;
    }

    /// <summary>Appends every row of <paramref name="source"/>.</summary>
    public virtual void AppendAll(ColumnVector source)
    {
        Reserve(Length + source.Length);
        for (int i = 0; i < source.Length; i++) AppendFrom(source, i);
    }

    public int NullCount()
    {
        if (_validity == null) return 0;
        int n = 0;
        for (int i = 0; i < Length; i++) if (IsNull(i)) n++;
        return n;
    }

    /// <summary>Creates an empty vector for values of <paramref name="type"/>.</summary>
    public static ColumnVector Create(DataType type, int capacity = 16) => type switch
    {
        BooleanType => new PrimitiveVector<bool>(type, capacity),
        ByteType => new PrimitiveVector<sbyte>(type, capacity),
        ShortType => new PrimitiveVector<short>(type, capacity),
        IntegerType or DateType => new PrimitiveVector<int>(type, capacity),
        LongType or TimestampType => new PrimitiveVector<long>(type, capacity),
        FloatType => new PrimitiveVector<float>(type, capacity),
        DoubleType => new PrimitiveVector<double>(type, capacity),
        DecimalType => new PrimitiveVector<decimal>(type, capacity),
        StringType or BinaryType => new StringVector(type, capacity),
        StructType s => new StructVector(s, capacity),
        ArrayType a => new ArrayVector(a, capacity),
        MapType m => new MapVector(m, capacity),
        NullType => new NullVector(capacity),
        _ => throw new NotSupportedException($"No column vector for type {type.SimpleString}"),
    };

    /// <summary>A vector of <paramref name="count"/> copies of one external value.</summary>
    public static ColumnVector Constant(DataType type, object? value, int count)
    {
        var v = Create(type, count);
        if (value == null) { for (int i = 0; i < count; i++) v.AppendNull(); return v; }
        v.AppendValue(value);
        for (int i = 1; i < count; i++) v.AppendFrom(v, 0);
        return v;
    }

    /// <summary>A vector built from external values.</summary>
    public static ColumnVector FromValues(DataType type, IEnumerable<object?> values)
    {
        var v = Create(type);
        foreach (var x in values) v.AppendValue(x);
        return v;
    }
}
