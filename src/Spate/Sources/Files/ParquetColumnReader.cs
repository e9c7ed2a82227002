using System.Text;
using Parquet;
using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;
using PSchema = Parquet.Schema;

namespace Spate.Sources;

/// <summary>
/// Reads one column of a Parquet row group into a <see cref="ColumnVector"/>: leaf columns are read whole (values,
/// definition and repetition levels), flat columns are expanded by their definition levels, nested columns are
/// assembled from their leaves (Dremel record assembly done column-wise, one "slot" per value of a node).
/// </summary>
internal sealed class ParquetColumnReader
{
    private readonly ParquetRowGroupReader _rowGroup;
    private readonly string _path;
    private readonly Dictionary<PSchema.DataField, Leaf> _leaves = new();

    public ParquetColumnReader(ParquetRowGroupReader rowGroup, string path)
    {
        _rowGroup = rowGroup;
        _path = path;
    }

    /// <summary>Reads the top-level field <paramref name="field"/> as a vector of <paramref name="type"/>.</summary>
    public ColumnVector Read(PSchema.Field field, DataType type)
    {
        int rows = checked((int)_rowGroup.RowCount);
        if (field is PSchema.DataField { MaxRepetitionLevel: 0 } flat)
        {
            var leaf = GetLeaf(flat, type);
            return leaf.Def == null ? leaf.Dense : Expand(leaf.Dense, leaf.Def, leaf.Entries, flat.MaxDefinitionLevel, rows);
        }
        return Build(field, type, 0, new List<RepStep>());
    }

    // ---- leaves ------------------------------------------------------------------------------------------------

    /// <summary>One leaf column: its non-null values as a dense vector, and its levels (null when absent).</summary>
    private sealed class Leaf
    {
        public required ColumnVector Dense;
        public int[]? Def;
        public int[]? Rep;
        public int Entries;
        public int NextValue;
    }

    private Leaf GetLeaf(PSchema.DataField field, DataType type)
    {
        if (_leaves.TryGetValue(field, out var leaf)) return leaf;
        var meta = _rowGroup.GetMetadata(field)?.MetaData
                   ?? throw new SparkException($"Parquet column {field.Path} is missing in file {_path}.");
        int n = checked((int)meta.NumValues);
        var def = field.MaxDefinitionLevel > 0 ? new int[n] : null;
        var rep = field.MaxRepetitionLevel > 0 ? new int[n] : null;
        var t = field.ClrType;
        ColumnVector dense;
        try
        {
            if (t == typeof(bool)) dense = Wrap(ReadRaw<bool>(field, n, def, rep), type, field, def, n);
            else if (t == typeof(sbyte)) dense = Convert(ReadRaw<sbyte>(field, n, def, rep), type, field, def, n);
            else if (t == typeof(byte)) dense = Convert(ReadRaw<byte>(field, n, def, rep), type, field, def, n);
            else if (t == typeof(short)) dense = Convert(ReadRaw<short>(field, n, def, rep), type, field, def, n);
            else if (t == typeof(ushort)) dense = Convert(ReadRaw<ushort>(field, n, def, rep), type, field, def, n);
            else if (t == typeof(int)) dense = Convert(ReadRaw<int>(field, n, def, rep), type, field, def, n);
            else if (t == typeof(uint)) dense = Convert(ReadRaw<uint>(field, n, def, rep), type, field, def, n);
            else if (t == typeof(long)) dense = Convert(ReadRaw<long>(field, n, def, rep), type, field, def, n);
            else if (t == typeof(ulong)) dense = Convert(ReadRaw<ulong>(field, n, def, rep), type, field, def, n);
            else if (t == typeof(float)) dense = Convert(ReadRaw<float>(field, n, def, rep), type, field, def, n);
            else if (t == typeof(Half)) dense = Convert(ReadRaw<Half>(field, n, def, rep), type, field, def, n);
            else if (t == typeof(double)) dense = Convert(ReadRaw<double>(field, n, def, rep), type, field, def, n);
            else if (t == typeof(decimal)) dense = Convert(ReadRaw<decimal>(field, n, def, rep), type, field, def, n);
            else if (t == typeof(DateTime)) dense = Convert(ReadRaw<DateTime>(field, n, def, rep), type, field, def, n);
            else if (t == typeof(DateOnly)) dense = Convert(ReadRaw<DateOnly>(field, n, def, rep), type, field, def, n);
            else if (t == typeof(ReadOnlyMemory<char>)) dense = Strings(ReadRaw<ReadOnlyMemory<char>>(field, n, def, rep), type, field, def, n);
            else if (t == typeof(ReadOnlyMemory<byte>)) dense = Bytes(ReadRaw<ReadOnlyMemory<byte>>(field, n, def, rep), type, field, def, n);
            else if (t == typeof(Guid)) dense = Convert(ReadRaw<Guid>(field, n, def, rep), type, field, def, n);
            else throw CannotConvert(field, type);
        }
        catch (Exception e) when (e is Parquet.ParquetException or InvalidDataException or IOException or ArgumentException or NotSupportedException or IndexOutOfRangeException)
        {
            throw new SparkException($"[FAILED_READ_FILE.NO_HINT] Encountered error while reading file {_path}. Column {field.Path}: {e.Message}", e);
        }
        leaf = new Leaf { Dense = dense, Def = def, Rep = rep, Entries = n };
        _leaves[field] = leaf;
        return leaf;
    }

    private T[] ReadRaw<T>(PSchema.DataField field, int n, int[]? def, int[]? rep) where T : struct
    {
        var values = new T[n];
        _rowGroup.ReadRawAsync(field, values.AsMemory(), def == null ? (Memory<int>?)null : def.AsMemory(), rep == null ? (Memory<int>?)null : rep.AsMemory())
            .AsTask().GetAwaiter().GetResult();
        return values;
    }

    private static int NonNullCount(int[]? def, int n, int maxDef)
    {
        if (def == null) return n;
        int c = 0;
        for (int i = 0; i < n; i++) if (def[i] == maxDef) c++;
        return c;
    }

    private SparkException CannotConvert(PSchema.DataField field, DataType type) =>
        new($"[FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH] Encountered error while reading file {_path}. Data type mismatches when reading Parquet column {field.Path}. Expected Spark type {type.Sql}, actual Parquet type {field.SchemaElement?.Type.ToString() ?? field.ClrType.Name}.");

    private ColumnVector Wrap<T>(T[] values, DataType type, PSchema.DataField field, int[]? def, int n) where T : unmanaged
    {
        var expected = ParquetTypeMapping.LeafType(field);
        if (!expected.Equals(type) && !(type is DecimalType && expected is DecimalType)) throw CannotConvert(field, type);
        return new PrimitiveVector<T>(type, values, NonNullCount(def, n, field.MaxDefinitionLevel));
    }

    /// <summary>Converts raw values to the Spark type's physical representation, allowing Spark's safe widenings (int to bigint, float to double ...).</summary>
    private ColumnVector Convert<TIn>(TIn[] raw, DataType type, PSchema.DataField field, int[]? def, int n) where TIn : struct
    {
        int count = NonNullCount(def, n, field.MaxDefinitionLevel);
        switch (type)
        {
            case ByteType when raw is sbyte[] b: return new PrimitiveVector<sbyte>(type, b, count);
            case ShortType when raw is short[] s: return new PrimitiveVector<short>(type, s, count);
            case IntegerType when raw is int[] i && field is not PSchema.TimeDataField: return new PrimitiveVector<int>(type, i, count);
            case LongType when raw is long[] l: return new PrimitiveVector<long>(type, l, count);
            case FloatType when raw is float[] f: return new PrimitiveVector<float>(type, f, count);
            case DoubleType when raw is double[] d: return new PrimitiveVector<double>(type, d, count);
            case DecimalType when raw is decimal[] m: return new PrimitiveVector<decimal>(type, m, count);
        }
        var v = ColumnVector.Create(type, count);
        switch (type)
        {
            case ShortType when raw is sbyte[] or byte[]:
            case IntegerType when raw is sbyte[] or byte[] or short[] or ushort[]:
            case LongType when raw is sbyte[] or byte[] or short[] or ushort[] or int[] or uint[]:
            case DoubleType when raw is float[] or int[] or sbyte[] or short[]:
            case FloatType when raw is Half[]:
            case DecimalType when raw is ulong[] or long[] or int[]:
                for (int k = 0; k < count; k++) v.AppendValue(WidenNumber(raw[k]));
                return v;
            case TimestampType when raw is DateTime[] ts:
            {
                var p = (PrimitiveVector<long>)v;
                long epoch = DateTimeUtil.Epoch.Ticks;
                for (int k = 0; k < count; k++) p.Append((ts[k].Ticks - epoch) / 10);
                return v;
            }
            case DateType when raw is DateOnly[] ds:
            {
                var p = (PrimitiveVector<int>)v;
                for (int k = 0; k < count; k++) p.Append(DateTimeUtil.DateToDays(ds[k]));
                return v;
            }
            case DateType when raw is DateTime[] dts:
            {
                var p = (PrimitiveVector<int>)v;
                for (int k = 0; k < count; k++) p.Append(DateTimeUtil.DateToDays(DateOnly.FromDateTime(dts[k])));
                return v;
            }
            case BinaryType when raw is Guid[] gs:
            {
                var s = (StringVector)v;
                Span<byte> buf = stackalloc byte[16];
                for (int k = 0; k < count; k++) { gs[k].TryWriteBytes(buf, bigEndian: true, out _); s.Append(buf); }
                return v;
            }
        }
        throw CannotConvert(field, type);
    }

    private static object WidenNumber<T>(T value) where T : struct => value switch
    {
        Half h => (float)h,
        ulong u => (decimal)u,
        _ => value,
    };

    private ColumnVector Strings(ReadOnlyMemory<char>[] raw, DataType type, PSchema.DataField field, int[]? def, int n)
    {
        if (type is not (StringType or BinaryType)) throw CannotConvert(field, type);
        int count = NonNullCount(def, n, field.MaxDefinitionLevel);
        var v = new StringVector(type, count);
        byte[] scratch = new byte[256];
        for (int k = 0; k < count; k++)
        {
            var chars = raw[k].Span;
            int max = Encoding.UTF8.GetMaxByteCount(chars.Length);
            if (max > scratch.Length) scratch = new byte[Math.Max(max, scratch.Length * 2)];
            int len = Encoding.UTF8.GetBytes(chars, scratch);
            v.Append(scratch.AsSpan(0, len));
        }
        return v;
    }

    private ColumnVector Bytes(ReadOnlyMemory<byte>[] raw, DataType type, PSchema.DataField field, int[]? def, int n)
    {
        // Spark's spark.sql.parquet.binaryAsString lets a binary column be read as string: the bytes are the same.
        if (type is not (StringType or BinaryType)) throw CannotConvert(field, type);
        int count = NonNullCount(def, n, field.MaxDefinitionLevel);
        var v = new StringVector(type, count);
        for (int k = 0; k < count; k++) v.Append(raw[k].Span);
        return v;
    }

    /// <summary>Spreads the dense values of a flat column over its rows, nulls where the definition level is short.</summary>
    private static ColumnVector Expand(ColumnVector dense, int[] def, int entries, int maxDef, int rows)
    {
        if (dense.Length == rows) return dense;
        var v = ColumnVector.Create(dense.Type, rows);
        int next = 0;
        for (int i = 0; i < entries; i++)
        {
            if (def[i] == maxDef) v.AppendFrom(dense, next++);
            else v.AppendNull();
        }
        return v;
    }

    // ---- nested assembly ---------------------------------------------------------------------------------------

    /// <summary>A repeated ancestor on the way to a leaf: values of a node below it exist where the definition
    /// level reaches <see cref="ElementDef"/>, and a new element starts where the repetition level is at most <see cref="ElementRep"/>.</summary>
    private readonly record struct RepStep(int ElementDef, int ElementRep);

    /// <summary>The level entries [Start, End) of one value of a node, in terms of one leaf's levels.</summary>
    private readonly record struct Slot(int Start, int End);

    private static PSchema.DataField FirstLeaf(PSchema.Field f) => f switch
    {
        PSchema.DataField d => d,
        PSchema.StructField s => FirstLeaf(s.Fields[0]),
        PSchema.ListField l => FirstLeaf(l.Item),
        PSchema.MapField m => FirstLeaf(m.Key),
        _ => throw new NotSupportedException(f.SchemaType.ToString()),
    };

    /// <summary>The slots of a node at <paramref name="path"/>, computed from <paramref name="leaf"/>'s levels.</summary>
    private static List<Slot> SlotsAt(Leaf leaf, List<RepStep> path)
    {
        var slots = new List<Slot>();
        int n = leaf.Entries;
        var rep = leaf.Rep;
        int start = 0;
        for (int e = 1; e <= n; e++)
        {
            if (e == n || rep == null || rep[e] == 0)
            {
                slots.Add(new Slot(start, e));
                start = e;
            }
        }
        if (n == 0) slots.Clear();
        foreach (var step in path)
        {
            var next = new List<Slot>(slots.Count);
            foreach (var s in slots)
            {
                if (leaf.Def == null || leaf.Def[s.Start] < step.ElementDef) continue;
                int a = s.Start;
                for (int e = s.Start + 1; e < s.End; e++)
                {
                    if (rep![e] <= step.ElementRep)
                    {
                        next.Add(new Slot(a, e));
                        a = e;
                    }
                }
                next.Add(new Slot(a, s.End));
            }
            slots = next;
        }
        return slots;
    }

    private static StructType StructOf(DataType type) => (StructType)type;

    /// <summary>Builds the vector of one node with one value per slot; <paramref name="parentDef"/> is the
    /// definition level at which the node's parent is present.</summary>
    private ColumnVector Build(PSchema.Field node, DataType type, int parentDef, List<RepStep> path)
    {
        switch (node)
        {
            case PSchema.DataField { IsArray: true } arr when type is ArrayType at:
            {
                // A repeated primitive (legacy two-level list): the field is both the list and its elements.
                var step = new RepStep(arr.MaxDefinitionLevel, arr.MaxRepetitionLevel);
                return BuildList(arr, at, parentDef, path, step, () => BuildLeaf(arr, at.ElementType, path.Append(step).ToList()));
            }
            case PSchema.DataField df:
                return BuildLeaf(df, type, path);
            case PSchema.StructField sf:
            {
                var st = StructOf(type);
                var children = new ColumnVector[st.Fields.Count];
                for (int c = 0; c < children.Length; c++)
                {
                    var child = FindChild(sf.Fields, st.Fields[c].Name);
                    children[c] = child == null ? null! : Build(child, st.Fields[c].DataType, sf.MaxDefinitionLevel, path);
                }
                var slots = SlotsAt(GetLeaf(FirstLeaf(sf), LeafTypeFor(sf, st)), path);
                for (int c = 0; c < children.Length; c++)
                    children[c] ??= ColumnVector.Constant(st.Fields[c].DataType, null, slots.Count);
                var v = new StructVector(st, children, slots.Count);
                var leaf = GetLeaf(FirstLeaf(sf), LeafTypeFor(sf, st));
                for (int i = 0; i < slots.Count; i++)
                    if (leaf.Def != null && leaf.Def[slots[i].Start] < sf.MaxDefinitionLevel) v.SetNull(i);
                return v;
            }
            case PSchema.ListField lf when type is ArrayType at:
            {
                bool legacy = lf.Item is PSchema.DataField { IsArray: true };
                var step = legacy ? new RepStep(lf.Item.MaxDefinitionLevel, lf.Item.MaxRepetitionLevel) : new RepStep(lf.MaxDefinitionLevel, lf.MaxRepetitionLevel);
                int present = parentDef + (lf.IsNullable ? 1 : 0);
                return BuildList(lf, at, present, path, step, () => legacy
                    ? BuildLeaf((PSchema.DataField)lf.Item, at.ElementType, path.Append(step).ToList())
                    : Build(lf.Item, at.ElementType, step.ElementDef, path.Append(step).ToList()));
            }
            case PSchema.MapField mf when type is MapType mt:
            {
                var step = new RepStep(mf.MaxDefinitionLevel, mf.MaxRepetitionLevel);
                int present = parentDef + (mf.IsNullable ? 1 : 0);
                var inner = path.Append(step).ToList();
                var keys = Build(mf.Key, mt.KeyType, step.ElementDef, inner);
                var values = Build(mf.Value, mt.ValueType, step.ElementDef, inner);
                var slots = SlotsAt(GetLeaf(FirstLeaf(mf), LeafTypeFor(mf, mt)), path);
                var leaf = GetLeaf(FirstLeaf(mf), LeafTypeFor(mf, mt));
                var v = new MapVector(mt, slots.Count);
                v.Keys.AppendAll(keys);
                v.Values.AppendAll(values);
                var offsets = Offsets(leaf, slots, present, step, out var nulls);
                for (int i = 0; i < slots.Count; i++) { if (nulls[i]) v.AppendNull(); else v.EndMap(); }
                Array.Copy(offsets, v.Offsets, offsets.Length);
                return v;
            }
        }
        throw new SparkException($"[FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH] Encountered error while reading file {_path}. Data type mismatches when reading Parquet column {node.Path}. Expected Spark type {type.Sql}, actual Parquet type {node.SchemaType}.");
    }

    private ColumnVector BuildList(PSchema.Field node, ArrayType at, int present, List<RepStep> path, RepStep step, Func<ColumnVector> elements)
    {
        var elems = elements();
        var leaf = GetLeaf(FirstLeaf(node), LeafTypeFor(node, at));
        var slots = SlotsAt(leaf, path);
        var v = new ArrayVector(at, slots.Count);
        v.Elements.AppendAll(elems);
        var offsets = Offsets(leaf, slots, present, step, out var nulls);
        for (int i = 0; i < slots.Count; i++) { if (nulls[i]) v.AppendNull(); else v.EndArray(); }
        Array.Copy(offsets, v.Offsets, offsets.Length);
        return v;
    }

    /// <summary>Array offsets (and nulls) of a repeated node from its slots: an element starts at the slot start
    /// and wherever the repetition level returns to the node's level.</summary>
    private static int[] Offsets(Leaf leaf, List<Slot> slots, int present, RepStep step, out bool[] nulls)
    {
        var offsets = new int[slots.Count + 1];
        nulls = new bool[slots.Count];
        int total = 0;
        for (int i = 0; i < slots.Count; i++)
        {
            var s = slots[i];
            int d = leaf.Def == null ? int.MaxValue : leaf.Def[s.Start];
            if (d < present) nulls[i] = true;
            else if (d >= step.ElementDef)
            {
                total++;
                for (int e = s.Start + 1; e < s.End; e++) if (leaf.Rep![e] <= step.ElementRep) total++;
            }
            offsets[i + 1] = total;
        }
        return offsets;
    }

    private ColumnVector BuildLeaf(PSchema.DataField df, DataType type, List<RepStep> path)
    {
        var leaf = GetLeaf(df, type);
        var slots = SlotsAt(leaf, path);
        var v = ColumnVector.Create(type, slots.Count);
        foreach (var s in slots)
        {
            if (leaf.Def == null || leaf.Def[s.Start] == df.MaxDefinitionLevel) v.AppendFrom(leaf.Dense, leaf.NextValue++);
            else v.AppendNull();
        }
        return v;
    }

    /// <summary>The Spark type of the first leaf under a node of <paramref name="type"/> (to read it once, the same way).</summary>
    private static DataType LeafTypeFor(PSchema.Field node, DataType type) => (node, type) switch
    {
        (PSchema.DataField { IsArray: true }, ArrayType a) => a.ElementType,
        (PSchema.DataField, _) => type,
        (PSchema.StructField sf, StructType st) => LeafTypeFor(sf.Fields[0], st.Fields.FirstOrDefault(f => Same(f.Name, sf.Fields[0].Name))?.DataType ?? ParquetTypeMapping.ToSpark(sf.Fields[0])),
        (PSchema.ListField lf, ArrayType a) => LeafTypeFor(lf.Item, a.ElementType),
        (PSchema.MapField mf, MapType m) => LeafTypeFor(mf.Key, m.KeyType),
        _ => ParquetTypeMapping.ToSpark(FirstLeaf(node)),
    };

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>The child field named <paramref name="name"/> (Spark matches Parquet columns case-insensitively by default).</summary>
    public static PSchema.Field? FindChild(IReadOnlyList<PSchema.Field> fields, string name) =>
        fields.FirstOrDefault(f => f.Name == name) ?? fields.FirstOrDefault(f => Same(f.Name, name));
}
