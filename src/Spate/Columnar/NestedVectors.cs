using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Columnar;

/// <summary>A vector of structs: one child vector per field, all of the same length as the parent.</summary>
internal sealed class StructVector : ColumnVector
{
    public readonly ColumnVector[] Children;

    public StructVector(StructType type, int capacity) : base(type, capacity)
    {
        Children = type.Fields.Select(f => Create(f.DataType, capacity)).ToArray();
    }

    public StructVector(StructType type, ColumnVector[] children, int length) : base(type, length)
    {
        Children = children;
        Length = length;
    }

    public StructType StructType => (StructType)Type;

    public override void Reserve(int capacity)
    {
        if (capacity <= _capacity) return;
        int n = Math.Max(capacity, _capacity * 2);
        GrowValidity(n);
        _capacity = n;
        foreach (var c in Children) c.Reserve(n);
    }

    public override void AppendNull()
    {
        if (Length == _capacity) Reserve(Length + 1);
        foreach (var c in Children) c.AppendNull();
        SetNull(Length);
        Length++;
    }

    /// <summary>Counts one more row after its fields were appended to the children directly.</summary>
    public void EndRow()
    {
        if (Length == _capacity) Reserve(Length + 1);
        Length++;
    }

    public override void AppendFrom(ColumnVector source, int row)
    {
        var s = (StructVector)source;
        if (Length == _capacity) Reserve(Length + 1);
        for (int c = 0; c < Children.Length; c++) Children[c].AppendFrom(s.Children[c], row);
        if (s.IsNull(row)) SetNull(Length);
        Length++;
    }

    public override ColumnVector Take(ReadOnlySpan<int> rows)
    {
        var children = new ColumnVector[Children.Length];
        for (int c = 0; c < children.Length; c++) children[c] = Children[c].Take(rows);
        var v = new StructVector(StructType, children, rows.Length);
        if (HasNulls) for (int i = 0; i < rows.Length; i++) if (IsNull(rows[i])) v.SetNull(i);
        return v;
    }

    public override object? GetValue(int i)
    {
        if (IsNull(i)) return null;
        var values = new object?[Children.Length];
        for (int c = 0; c < values.Length; c++) values[c] = Children[c].GetValue(i);
        return new GenericRow(values, StructType);
    }

    public override void AppendValue(object? value)
    {
        if (value == null) { AppendNull(); return; }
        if (Length == _capacity) Reserve(Length + 1);
        var values = value switch
        {
            Row r => r.Values,
            object?[] a => a,
            _ => throw new ArgumentException($"Cannot convert {value.GetType().Name} to {Type.SimpleString}"),
        };
        for (int c = 0; c < Children.Length; c++) Children[c].AppendValue(c < values.Length ? values[c] : null);
        Length++;
    }
}

/// <summary>A vector of arrays: row i holds elements <c>Offsets[i]..Offsets[i+1]</c> of <see cref="Elements"/>.</summary>
internal sealed class ArrayVector : ColumnVector
{
    public int[] Offsets;
    public readonly ColumnVector Elements;

    public ArrayVector(ArrayType type, int capacity) : base(type, capacity)
    {
        Offsets = new int[_capacity + 1];
        Elements = Create(type.ElementType, capacity);
    }

    public ArrayType ArrayType => (ArrayType)Type;

    public override void Reserve(int capacity)
    {
        if (capacity <= _capacity) return;
        int n = Math.Max(capacity, _capacity * 2);
        Array.Resize(ref Offsets, n + 1);
        GrowValidity(n);
        _capacity = n;
    }

    public override void AppendNull()
    {
        if (Length == _capacity) Reserve(Length + 1);
        SetNull(Length);
        Offsets[Length + 1] = Elements.Length;
        Length++;
    }

    /// <summary>Closes an array whose elements were appended to <see cref="Elements"/> directly.</summary>
    public void EndArray()
    {
        if (Length == _capacity) Reserve(Length + 1);
        Offsets[Length + 1] = Elements.Length;
        Length++;
    }

    public int Count(int i) => Offsets[i + 1] - Offsets[i];

    public override void AppendFrom(ColumnVector source, int row)
    {
        var s = (ArrayVector)source;
        if (s.IsNull(row)) { AppendNull(); return; }
        for (int e = s.Offsets[row]; e < s.Offsets[row + 1]; e++) Elements.AppendFrom(s.Elements, e);
        EndArray();
    }

    public override object? GetValue(int i)
    {
        if (IsNull(i)) return null;
        var values = new object?[Count(i)];
        for (int e = 0; e < values.Length; e++) values[e] = Elements.GetValue(Offsets[i] + e);
        return values;
    }

    public override void AppendValue(object? value)
    {
        if (value == null) { AppendNull(); return; }
        if (value is string || value is not System.Collections.IEnumerable items)
            throw new ArgumentException($"Cannot convert {value.GetType().Name} to {Type.SimpleString}");
        foreach (var x in items) Elements.AppendValue(x);
        EndArray();
    }
}

/// <summary>A vector of maps: row i holds entries <c>Offsets[i]..Offsets[i+1]</c> of <see cref="Keys"/> and <see cref="Values"/>.</summary>
internal sealed class MapVector : ColumnVector
{
    public int[] Offsets;
    public readonly ColumnVector Keys;
    public readonly ColumnVector Values;

    public MapVector(MapType type, int capacity) : base(type, capacity)
    {
        Offsets = new int[_capacity + 1];
        Keys = Create(type.KeyType, capacity);
        Values = Create(type.ValueType, capacity);
    }

    public MapType MapType => (MapType)Type;

    public override void Reserve(int capacity)
    {
        if (capacity <= _capacity) return;
        int n = Math.Max(capacity, _capacity * 2);
        Array.Resize(ref Offsets, n + 1);
        GrowValidity(n);
        _capacity = n;
    }

    public override void AppendNull()
    {
        if (Length == _capacity) Reserve(Length + 1);
        SetNull(Length);
        Offsets[Length + 1] = Keys.Length;
        Length++;
    }

    public void EndMap()
    {
        if (Length == _capacity) Reserve(Length + 1);
        Offsets[Length + 1] = Keys.Length;
        Length++;
    }

    public override void AppendFrom(ColumnVector source, int row)
    {
        var s = (MapVector)source;
        if (s.IsNull(row)) { AppendNull(); return; }
        for (int e = s.Offsets[row]; e < s.Offsets[row + 1]; e++)
        {
            Keys.AppendFrom(s.Keys, e);
            Values.AppendFrom(s.Values, e);
        }
        EndMap();
    }

    public override object? GetValue(int i)
    {
        if (IsNull(i)) return null;
        var d = new Dictionary<object, object?>();
        for (int e = Offsets[i]; e < Offsets[i + 1]; e++) d[Keys.GetValue(e)!] = Values.GetValue(e);
        return d;
    }

    public override void AppendValue(object? value)
    {
        if (value == null) { AppendNull(); return; }
        if (value is not System.Collections.IDictionary dict)
            throw new ArgumentException($"Cannot convert {value.GetType().Name} to {Type.SimpleString}");
        foreach (System.Collections.DictionaryEntry kv in dict)
        {
            Keys.AppendValue(kv.Key);
            Values.AppendValue(kv.Value);
        }
        EndMap();
    }
}

/// <summary>A vector of the NULL type: every row is null.</summary>
internal sealed class NullVector : ColumnVector
{
    public NullVector(int capacity) : base(NullType.Instance, capacity) { }
    public NullVector(int length, bool _) : base(NullType.Instance, length) { for (int i = 0; i < length; i++) AppendNull(); }

    public override void Reserve(int capacity)
    {
        if (capacity <= _capacity) return;
        int n = Math.Max(capacity, _capacity * 2);
        GrowValidity(n);
        _capacity = n;
    }

    public override void AppendNull()
    {
        if (Length == _capacity) Reserve(Length + 1);
        SetNull(Length);
        Length++;
    }

    public override void AppendFrom(ColumnVector source, int row) => AppendNull();
    public override object? GetValue(int i) => null;
    public override void AppendValue(object? value) => AppendNull();
}
