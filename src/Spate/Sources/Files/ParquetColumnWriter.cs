using System.Text;
using Parquet;
using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;
using PSchema = Parquet.Schema;

namespace Spate.Sources;

/// <summary>
/// Shreds vectors into Parquet leaf columns (values plus definition and repetition levels) and writes them as row
/// groups. Flat columns are copied in bulk; nested columns walk their values once, filling every leaf below them.
/// </summary>
internal sealed class ParquetColumnWriter
{
    private readonly PSchema.ParquetSchema _schema;
    private readonly StructType _sparkSchema;
    private readonly List<LeafBuffer> _leaves = new();
    private readonly Dictionary<PSchema.DataField, LeafBuffer> _byField = new();
    private int _rows;

    public ParquetColumnWriter(PSchema.ParquetSchema schema, StructType sparkSchema)
    {
        _schema = schema;
        _sparkSchema = sparkSchema;
        foreach (var f in schema.GetDataFields())
        {
            var leaf = LeafBuffer.For(f);
            _leaves.Add(leaf);
            _byField[f] = leaf;
        }
    }

    public int BufferedRows => _rows;

    /// <summary>Shreds every row of <paramref name="batch"/> into the leaf buffers.</summary>
    public void Add(ColumnBatch batch)
    {
        for (int c = 0; c < _schema.Fields.Count; c++)
        {
            var field = _schema.Fields[c];
            var vector = batch.Columns[c];
            if (field is PSchema.DataField df && df.MaxRepetitionLevel == 0)
            {
                _byField[df].AddFlat(vector, batch.RowCount);
                continue;
            }
            for (int r = 0; r < batch.RowCount; r++) Shred(field, _sparkSchema.Fields[c].DataType, vector, r, 0, 0);
        }
        _rows += batch.RowCount;
    }

    /// <summary>Writes the buffered rows as one row group and clears the buffers.</summary>
    public void Flush(ParquetWriter writer)
    {
        if (_rows == 0) return;
        using (var rg = writer.CreateRowGroup())
        {
            foreach (var leaf in _leaves) leaf.Write(rg);
            rg.CompleteValidate();
        }
        foreach (var leaf in _leaves) leaf.Clear();
        _rows = 0;
    }

    /// <summary>Adds value <paramref name="row"/> of <paramref name="v"/> under a node whose parent is defined to <paramref name="def"/>.</summary>
    private void Shred(PSchema.Field node, DataType type, ColumnVector v, int row, int rep, int def)
    {
        if (v.IsNull(row))
        {
            AddNulls(node, rep, def);
            return;
        }
        if (node.IsNullable) def++;
        switch (node)
        {
            case PSchema.DataField df:
                _byField[df].Add(v, row, rep, def);
                break;
            case PSchema.StructField sf:
            {
                var sv = (StructVector)v;
                var st = (StructType)type;
                for (int c = 0; c < sf.Fields.Count; c++) Shred(sf.Fields[c], st.Fields[c].DataType, sv.Children[c], row, rep, def);
                break;
            }
            case PSchema.ListField lf:
            {
                var av = (ArrayVector)v;
                int count = av.Count(row);
                if (count == 0) { AddNulls(lf.Item, rep, def); break; }
                var elementType = ((ArrayType)type).ElementType;
                for (int k = 0; k < count; k++)
                    Shred(lf.Item, elementType, av.Elements, av.Offsets[row] + k, k == 0 ? rep : lf.MaxRepetitionLevel, def + 1);
                break;
            }
            case PSchema.MapField mf:
            {
                var mv = (MapVector)v;
                var mt = (MapType)type;
                int start = mv.Offsets[row], count = mv.Offsets[row + 1] - start;
                if (count == 0) { AddNulls(mf.Key, rep, def); AddNulls(mf.Value, rep, def); break; }
                for (int k = 0; k < count; k++)
                {
                    int r = k == 0 ? rep : mf.MaxRepetitionLevel;
                    Shred(mf.Key, mt.KeyType, mv.Keys, start + k, r, def + 1);
                    Shred(mf.Value, mt.ValueType, mv.Values, start + k, r, def + 1);
                }
                break;
            }
        }
    }

    /// <summary>Records "undefined below level <paramref name="def"/>" in every leaf under <paramref name="node"/>.</summary>
    private void AddNulls(PSchema.Field node, int rep, int def)
    {
        switch (node)
        {
            case PSchema.DataField df: _byField[df].AddLevels(rep, def); break;
            case PSchema.StructField sf: foreach (var f in sf.Fields) AddNulls(f, rep, def); break;
            case PSchema.ListField lf: AddNulls(lf.Item, rep, def); break;
            case PSchema.MapField mf: AddNulls(mf.Key, rep, def); AddNulls(mf.Value, rep, def); break;
        }
    }

    /// <summary>The buffered values and levels of one leaf column.</summary>
    private abstract class LeafBuffer
    {
        protected int[] _def = new int[64];
        protected int[] _rep = new int[64];
        protected int _levels;
        public readonly PSchema.DataField Field;

        protected LeafBuffer(PSchema.DataField field) { Field = field; }

        public static LeafBuffer For(PSchema.DataField f)
        {
            var t = f.ClrType;
            if (t == typeof(bool)) return new PrimitiveLeaf<bool>(f);
            if (t == typeof(sbyte)) return new PrimitiveLeaf<sbyte>(f);
            if (t == typeof(short)) return new PrimitiveLeaf<short>(f);
            if (t == typeof(int)) return new PrimitiveLeaf<int>(f);
            if (t == typeof(long)) return new PrimitiveLeaf<long>(f);
            if (t == typeof(float)) return new PrimitiveLeaf<float>(f);
            if (t == typeof(double)) return new PrimitiveLeaf<double>(f);
            if (t == typeof(decimal)) return new PrimitiveLeaf<decimal>(f);
            if (t == typeof(DateOnly)) return new DateLeaf(f);
            if (t == typeof(DateTime)) return new TimestampLeaf(f);
            if (t == typeof(ReadOnlyMemory<char>)) return new StringLeaf(f);
            if (t == typeof(ReadOnlyMemory<byte>)) return new BinaryLeaf(f);
            throw new NotSupportedException($"Parquet leaf type {t.Name}");
        }

        public void AddLevels(int rep, int def)
        {
            if (_levels == _def.Length)
            {
                Array.Resize(ref _def, _levels * 2);
                Array.Resize(ref _rep, _levels * 2);
            }
            _def[_levels] = def;
            _rep[_levels] = rep;
            _levels++;
        }

        public abstract void Add(ColumnVector v, int row, int rep, int def);
        public abstract void AddFlat(ColumnVector v, int rows);
        public abstract void Write(ParquetRowGroupWriter rg);
        public virtual void Clear() => _levels = 0;
    }

    private abstract class Leaf<T> : LeafBuffer where T : struct
    {
        protected T[] _values = new T[64];
        protected int _count;

        protected Leaf(PSchema.DataField field) : base(field) { }

        public override void Clear()
        {
            base.Clear();
            _count = 0;
        }

        protected void Reserve(int extra)
        {
            if (_count + extra > _values.Length) Array.Resize(ref _values, Math.Max(_count + extra, _values.Length * 2));
        }

        /// <summary>Row <paramref name="row"/> of <paramref name="v"/> (not null) as the value Parquet.Net takes.</summary>
        protected abstract T Convert(ColumnVector v, int row);

        public override void Add(ColumnVector v, int row, int rep, int def)
        {
            Reserve(1);
            _values[_count++] = Convert(v, row);
            AddLevels(rep, def);
        }

        public override void AddFlat(ColumnVector v, int rows)
        {
            Reserve(rows);
            int maxDef = Field.MaxDefinitionLevel;
            for (int r = 0; r < rows; r++)
            {
                if (v.IsNull(r))
                {
                    if (maxDef == 0) throw new SparkException($"[NOT_NULL_ASSERT_VIOLATION] NULL value appeared in non-nullable field: {Field.Name}.");
                    AddLevels(0, 0);
                    continue;
                }
                _values[_count++] = Convert(v, r);
                if (maxDef > 0) AddLevels(0, maxDef);
            }
        }

        public override void Write(ParquetRowGroupWriter rg)
        {
            ReadOnlyMemory<int>? def = Field.MaxDefinitionLevel > 0 ? _def.AsMemory(0, _levels) : (ReadOnlyMemory<int>?)null;
            ReadOnlyMemory<int>? rep = Field.MaxRepetitionLevel > 0 ? _rep.AsMemory(0, _levels) : (ReadOnlyMemory<int>?)null;
            rg.WriteAllPartsAsync(Field, new ReadOnlyMemory<T>(_values, 0, _count), def, rep, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    /// <summary>Fixed-width values stored as they are in the vector: copied in bulk when a flat column has no nulls.</summary>
    private sealed class PrimitiveLeaf<T> : Leaf<T> where T : unmanaged
    {
        public PrimitiveLeaf(PSchema.DataField field) : base(field) { }

        protected override T Convert(ColumnVector v, int row) => ((PrimitiveVector<T>)v).Values[row];

        public override void AddFlat(ColumnVector v, int rows)
        {
            if (v is not PrimitiveVector<T> { HasNulls: false } p) { base.AddFlat(v, rows); return; }
            Reserve(rows);
            Array.Copy(p.Values, 0, _values, _count, rows);
            _count += rows;
            int maxDef = Field.MaxDefinitionLevel;
            if (maxDef > 0) for (int r = 0; r < rows; r++) AddLevels(0, maxDef);
        }
    }

    private sealed class DateLeaf : Leaf<DateOnly>
    {
        public DateLeaf(PSchema.DataField field) : base(field) { }
        protected override DateOnly Convert(ColumnVector v, int row) => DateTimeUtil.DaysToDate(((PrimitiveVector<int>)v).Values[row]);
    }

    private sealed class TimestampLeaf : Leaf<DateTime>
    {
        public TimestampLeaf(PSchema.DataField field) : base(field) { }
        protected override DateTime Convert(ColumnVector v, int row) =>
            new(DateTimeUtil.Epoch.Ticks + ((PrimitiveVector<long>)v).Values[row] * 10, DateTimeKind.Utc);
    }

    /// <summary>Binary values are slices of the vector's byte buffer: no copy.</summary>
    private sealed class BinaryLeaf : Leaf<ReadOnlyMemory<byte>>
    {
        public BinaryLeaf(PSchema.DataField field) : base(field) { }
        protected override ReadOnlyMemory<byte> Convert(ColumnVector v, int row)
        {
            var s = (StringVector)v;
            return s.GetMemory(row);
        }
    }

    /// <summary>Strings are handed to Parquet.Net as slices of shared character buffers, not one string per value.</summary>
    private sealed class StringLeaf : Leaf<ReadOnlyMemory<char>>
    {
        private char[] _chars = Array.Empty<char>();
        private int _charCount;

        public StringLeaf(PSchema.DataField field) : base(field) { }

        public override void Clear()
        {
            base.Clear();
            _chars = Array.Empty<char>();
            _charCount = 0;
        }

        protected override ReadOnlyMemory<char> Convert(ColumnVector v, int row)
        {
            var bytes = ((StringVector)v).GetSpan(row);
            int max = Encoding.UTF8.GetMaxCharCount(bytes.Length);
            if (_charCount + max > _chars.Length)
            {
                // Earlier slices keep pointing at the old buffer, which they keep alive.
                _chars = new char[Math.Max(max, 1 << 16)];
                _charCount = 0;
            }
            int n = Encoding.UTF8.GetChars(bytes, _chars.AsSpan(_charCount));
            var m = new ReadOnlyMemory<char>(_chars, _charCount, n);
            _charCount += n;
            return m;
        }
    }
}
