using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary><c>sum(x)</c>: integral inputs sum to bigint, floating to double, decimals to decimal(p+10, s). Null when no input is non-null.</summary>
internal sealed class Sum : AggregateFunction
{
    public Sum(Expression input, bool isDistinct = false) : base(new[] { input }, isDistinct) { }

    public override string Name => "sum";
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => new Sum(children[0], IsDistinct);
    public override bool Nullable => true;

    public override DataType DataType => Inputs[0].DataType switch
    {
        IntegralType => LongType.Instance,
        DecimalType d => new DecimalType(Math.Min(38, d.Precision + 10), d.Scale),
        NumericType => DoubleType.Instance,
        _ => throw new AnalysisException($"[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{Sql}\" due to data type mismatch: The first parameter requires the \"NUMERIC\" type, however \"{Inputs[0].Sql}\" has the type \"{Inputs[0].DataType.Sql}\"."),
    };

    public override IReadOnlyList<DataType?>? ExpectedInputTypes => Inputs[0].DataType is StringType ? new DataType?[] { DoubleType.Instance } : null;
    public override IReadOnlyList<StructField> BufferFields => new[] { new StructField("sum", DataType, true) };

    public override Aggregator CreateAggregator()
    {
        Aggregator a = DataType switch
        {
            LongType => new SumAggregator<long>(LongType.Instance, v => v switch
            {
                PrimitiveVector<int> p => i => p.Values[i],
                PrimitiveVector<short> p => i => p.Values[i],
                PrimitiveVector<sbyte> p => i => p.Values[i],
                _ => null,
            }),
            DoubleType => new SumAggregator<double>(DoubleType.Instance, v => v switch
            {
                PrimitiveVector<float> p => i => p.Values[i],
                PrimitiveVector<int> p => i => p.Values[i],
                PrimitiveVector<long> p => i => p.Values[i],
                _ => null,
            }),
            _ => new SumAggregator<decimal>(DataType, _ => null),
        };
        return IsDistinct ? new DistinctAggregator(a) : a;
    }

    /// <summary>Sums of <typeparamref name="T"/> plus a seen flag per group.</summary>
    internal sealed class SumAggregator<T> : Aggregator where T : unmanaged, System.Numerics.INumber<T>
    {
        private readonly DataType _type;
        private readonly Func<ColumnVector, Func<int, T>?> _widen;
        private T[] _sums = new T[16];
        private bool[] _seen = new bool[16];

        public SumAggregator(DataType type, Func<ColumnVector, Func<int, T>?> widen)
        {
            _type = type;
            _widen = widen;
        }

        public override void EnsureGroups(int count)
        {
            if (count <= _sums.Length) return;
            int n = Grow(_sums.Length, count);
            Array.Resize(ref _sums, n);
            Array.Resize(ref _seen, n);
        }

        public override void Update(ReadOnlySpan<int> groups, ColumnVector[] inputs, int rowCount)
        {
            var v = inputs[0];
            if (v is PrimitiveVector<T> p)
            {
                var values = p.Values;
                for (int i = 0; i < rowCount; i++)
                {
                    if (v.IsNull(i)) continue;
                    int g = groups[i];
                    _sums[g] += values[i];
                    _seen[g] = true;
                }
                return;
            }
            var get = _widen(v) ?? (i => T.CreateChecked(Convert.ToDecimal(v.GetValue(i))));
            for (int i = 0; i < rowCount; i++)
            {
                if (v.IsNull(i)) continue;
                int g = groups[i];
                _sums[g] += get(i);
                _seen[g] = true;
            }
        }

        public override void Merge(ReadOnlySpan<int> groups, ColumnVector[] buffers, int offset, int rowCount) =>
            Update(groups, new[] { buffers[offset] }, rowCount);

        public override void WriteBuffer(int group, ColumnVector[] outputs, int offset) => WriteResult(group, outputs[offset]);

        public override void WriteResult(int group, ColumnVector output)
        {
            var o = (PrimitiveVector<T>)output;
            if (_seen[group]) o.Append(_sums[group]); else o.AppendNull();
        }
    }
}

/// <summary><c>avg(x)</c>: the mean as double (decimal inputs give decimal).</summary>
internal sealed class Average : AggregateFunction
{
    public Average(Expression input, bool isDistinct = false) : base(new[] { input }, isDistinct) { }

    public override string Name => "avg";
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => new Average(children[0], IsDistinct);
    public override bool Nullable => true;
    public override DataType DataType => DoubleType.Instance;
    public override IReadOnlyList<DataType?>? ExpectedInputTypes => new DataType?[] { DoubleType.Instance };
    public override IReadOnlyList<StructField> BufferFields => new[]
    {
        new StructField("sum", DoubleType.Instance, false), new StructField("count", LongType.Instance, false),
    };

    public override Aggregator CreateAggregator() => IsDistinct ? new DistinctAggregator(new AvgAggregator()) : new AvgAggregator();

    private sealed class AvgAggregator : Aggregator
    {
        private double[] _sums = new double[16];
        private long[] _counts = new long[16];

        public override void EnsureGroups(int count)
        {
            if (count <= _sums.Length) return;
            int n = Grow(_sums.Length, count);
            Array.Resize(ref _sums, n);
            Array.Resize(ref _counts, n);
        }

        public override void Update(ReadOnlySpan<int> groups, ColumnVector[] inputs, int rowCount)
        {
            var v = (PrimitiveVector<double>)inputs[0];
            for (int i = 0; i < rowCount; i++)
            {
                if (v.IsNull(i)) continue;
                _sums[groups[i]] += v.Values[i];
                _counts[groups[i]]++;
            }
        }

        public override void Merge(ReadOnlySpan<int> groups, ColumnVector[] buffers, int offset, int rowCount)
        {
            var s = ((PrimitiveVector<double>)buffers[offset]).Values;
            var c = ((PrimitiveVector<long>)buffers[offset + 1]).Values;
            for (int i = 0; i < rowCount; i++) { _sums[groups[i]] += s[i]; _counts[groups[i]] += c[i]; }
        }

        public override void WriteBuffer(int group, ColumnVector[] outputs, int offset)
        {
            ((PrimitiveVector<double>)outputs[offset]).Append(_sums[group]);
            ((PrimitiveVector<long>)outputs[offset + 1]).Append(_counts[group]);
        }

        public override void WriteResult(int group, ColumnVector output)
        {
            var o = (PrimitiveVector<double>)output;
            if (_counts[group] == 0) o.AppendNull(); else o.Append(_sums[group] / _counts[group]);
        }
    }
}
