using Spate.Columnar;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary>Which value a <see cref="ValueAggregate"/> keeps.</summary>
internal enum ValueAggregateKind { Min, Max, First, Last }

/// <summary><c>min</c>, <c>max</c>, <c>first</c>, <c>last</c>: keep one value of the input's type per group.</summary>
internal sealed class ValueAggregate : AggregateFunction
{
    public ValueAggregate(ValueAggregateKind kind, Expression input, bool ignoreNulls = false, bool isDistinct = false)
        : base(new[] { input }, isDistinct)
    {
        Kind = kind;
        IgnoreNulls = ignoreNulls || kind is ValueAggregateKind.Min or ValueAggregateKind.Max;
    }

    public ValueAggregateKind Kind { get; }
    public bool IgnoreNulls { get; }
    public override string Name => Kind.ToString().ToLowerInvariant();
    public override DataType DataType => Inputs[0].DataType;
    public override bool Nullable => true;
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => new ValueAggregate(Kind, children[0], IgnoreNulls, IsDistinct);
    protected override bool NodeEquals(Expression other) => base.NodeEquals(other) && ((ValueAggregate)other).Kind == Kind;
    public override string Sql => Kind is ValueAggregateKind.First or ValueAggregateKind.Last && !IgnoreNulls
        ? $"{Name}({Inputs[0].Sql})" : base.Sql;

    public override IReadOnlyList<StructField> BufferFields => new[]
    {
        new StructField(Name, DataType, true), new StructField("valueSet", BooleanType.Instance, false),
    };

    public override Aggregator CreateAggregator() => new ValueAggregator(this);

    private sealed class ValueAggregator : Aggregator
    {
        private readonly ValueAggregate _f;
        private object?[] _values = new object?[16];
        private bool[] _set = new bool[16];

        public ValueAggregator(ValueAggregate f) { _f = f; }

        public override void EnsureGroups(int count)
        {
            if (count <= _values.Length) return;
            int n = Grow(_values.Length, count);
            Array.Resize(ref _values, n);
            Array.Resize(ref _set, n);
        }

        private void Offer(int g, object? value)
        {
            if (value == null && _f.IgnoreNulls) return;
            switch (_f.Kind)
            {
                case ValueAggregateKind.First:
                    if (!_set[g]) { _values[g] = value; _set[g] = true; }
                    break;
                case ValueAggregateKind.Last:
                    _values[g] = value; _set[g] = true;
                    break;
                case ValueAggregateKind.Min:
                    if (!_set[g] || GenericCompare.Compare(value, _values[g]) < 0) { _values[g] = value; _set[g] = true; }
                    break;
                case ValueAggregateKind.Max:
                    if (!_set[g] || GenericCompare.Compare(value, _values[g]) > 0) { _values[g] = value; _set[g] = true; }
                    break;
            }
        }

        public override void Update(ReadOnlySpan<int> groups, ColumnVector[] inputs, int rowCount)
        {
            var v = inputs[0];
            for (int i = 0; i < rowCount; i++) Offer(groups[i], v.GetValue(i));
        }

        public override void Merge(ReadOnlySpan<int> groups, ColumnVector[] buffers, int offset, int rowCount)
        {
            var v = buffers[offset];
            var set = (PrimitiveVector<bool>)buffers[offset + 1];
            for (int i = 0; i < rowCount; i++)
            {
                if (!set.Values[i]) continue;
                int g = groups[i];
                var value = v.GetValue(i);
                if (_f.Kind == ValueAggregateKind.First && !_set[g]) { _values[g] = value; _set[g] = true; }
                else if (_f.Kind == ValueAggregateKind.Last) { _values[g] = value; _set[g] = true; }
                else Offer(g, value);
            }
        }

        public override void WriteBuffer(int group, ColumnVector[] outputs, int offset)
        {
            outputs[offset].AppendValue(_values[group]);
            ((PrimitiveVector<bool>)outputs[offset + 1]).Append(_set[group]);
        }

        public override void WriteResult(int group, ColumnVector output) => output.AppendValue(_values[group]);
    }
}

/// <summary><c>collect_list(x)</c> and <c>collect_set(x)</c>: the non-null values of a group as an array.</summary>
internal sealed class Collect : AggregateFunction
{
    public Collect(Expression input, bool set) : base(new[] { input }, false) { IsSet = set; }

    public bool IsSet { get; }
    public override string Name => IsSet ? "collect_set" : "collect_list";
    public override DataType DataType => new ArrayType(Inputs[0].DataType, false);
    public override bool Nullable => false;
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => new Collect(children[0], IsSet);
    protected override bool NodeEquals(Expression other) => base.NodeEquals(other) && ((Collect)other).IsSet == IsSet;
    public override IReadOnlyList<StructField> BufferFields => new[] { new StructField("buffer", DataType, false) };
    public override Aggregator CreateAggregator() => new CollectAggregator(IsSet);

    private sealed class CollectAggregator : Aggregator
    {
        private readonly bool _set;
        private List<object>?[] _lists = new List<object>?[16];

        public CollectAggregator(bool set) { _set = set; }

        public override void EnsureGroups(int count)
        {
            if (count > _lists.Length) Array.Resize(ref _lists, Grow(_lists.Length, count));
        }

        private void Add(int g, object? value)
        {
            if (value == null) return;
            var list = _lists[g] ??= new List<object>();
            if (_set && list.Any(x => ValueEqualityShim(x, value))) return;
            list.Add(value);
        }

        private static bool ValueEqualityShim(object a, object b) => Spate.Sql.ValueEquality.AreEqual(a, b);

        public override void Update(ReadOnlySpan<int> groups, ColumnVector[] inputs, int rowCount)
        {
            for (int i = 0; i < rowCount; i++) Add(groups[i], inputs[0].GetValue(i));
        }

        public override void Merge(ReadOnlySpan<int> groups, ColumnVector[] buffers, int offset, int rowCount)
        {
            for (int i = 0; i < rowCount; i++)
                if (buffers[offset].GetValue(i) is object?[] items)
                    foreach (var x in items) Add(groups[i], x);
        }

        public override void WriteBuffer(int group, ColumnVector[] outputs, int offset) => WriteResult(group, outputs[offset]);

        public override void WriteResult(int group, ColumnVector output) =>
            output.AppendValue((_lists[group] ?? new List<object>()).Cast<object?>().ToArray());
    }
}

/// <summary>Feeds each distinct input value of a group to the inner aggregator once: <c>count(DISTINCT x)</c>.
/// Distinct aggregates run in one complete phase (no partial merge), as the planner arranges.</summary>
internal sealed class DistinctAggregator : Aggregator
{
    private readonly Aggregator _inner;
    private readonly BytesHashTable _seen = new();
    private readonly RowEncoder _encoder = new();
    private byte[] _key = new byte[64];

    public DistinctAggregator(Aggregator inner) { _inner = inner; }

    public override void EnsureGroups(int count) => _inner.EnsureGroups(count);

    public override void Update(ReadOnlySpan<int> groups, ColumnVector[] inputs, int rowCount)
    {
        var rows = new List<int>();
        var newGroups = new List<int>();
        for (int i = 0; i < rowCount; i++)
        {
            bool anyNull = false;
            foreach (var v in inputs) if (v.IsNull(i)) anyNull = true;
            if (anyNull) continue;
            var value = _encoder.Encode(inputs, i);
            if (_key.Length < value.Length + 4) _key = new byte[value.Length * 2 + 4];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(_key, groups[i]);
            value.CopyTo(_key.AsSpan(4));
            var key = _key.AsSpan(0, value.Length + 4);
            _seen.FindOrAdd(key, BytesHashTable.Hash(key), out bool added);
            if (added) { rows.Add(i); newGroups.Add(groups[i]); }
        }
        if (rows.Count == 0) return;
        var taken = inputs.Select(v => v.Take(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rows))).ToArray();
        _inner.Update(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(newGroups), taken, rows.Count);
    }

    public override void Merge(ReadOnlySpan<int> groups, ColumnVector[] buffers, int offset, int rowCount) =>
        throw new InvalidOperationException("Distinct aggregates are computed in one phase and have no partial buffers to merge.");

    public override void WriteBuffer(int group, ColumnVector[] outputs, int offset) => _inner.WriteBuffer(group, outputs, offset);
    public override void WriteResult(int group, ColumnVector output) => _inner.WriteResult(group, output);
}
