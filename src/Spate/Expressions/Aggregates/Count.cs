using Spate.Columnar;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary><c>count(*)</c>, <c>count(x)</c> (non-null rows), <c>count(DISTINCT x)</c>.</summary>
internal sealed class Count : AggregateFunction
{
    public Count(IReadOnlyList<Expression> inputs, bool isDistinct = false) : base(inputs, isDistinct) { }

    /// <summary><c>count(1)</c>: every row.</summary>
    public static Count Star() => new(new Expression[] { new Literal(1, IntegerType.Instance) });

    public override string Name => "count";
    public override DataType DataType => LongType.Instance;
    public override bool Nullable => false;
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => new Count(children, IsDistinct);
    public override IReadOnlyList<StructField> BufferFields => new[] { new StructField("count", LongType.Instance, false) };
    public override Aggregator CreateAggregator() => IsDistinct ? new DistinctAggregator(new CountAggregator()) : new CountAggregator();

    private sealed class CountAggregator : Aggregator
    {
        private long[] _counts = new long[16];

        public override void EnsureGroups(int count)
        {
            if (count > _counts.Length) Array.Resize(ref _counts, Grow(_counts.Length, count));
        }

        public override void Update(ReadOnlySpan<int> groups, ColumnVector[] inputs, int rowCount)
        {
            var counts = _counts;
            bool anyNullable = false;
            foreach (var v in inputs) if (v.HasNulls) anyNullable = true;
            if (!anyNullable)
            {
                for (int i = 0; i < rowCount; i++) counts[groups[i]]++;
                return;
            }
            for (int i = 0; i < rowCount; i++)
            {
                bool skip = false;
                foreach (var v in inputs) if (v.IsNull(i)) { skip = true; break; }
                if (!skip) counts[groups[i]]++;
            }
        }

        public override void Merge(ReadOnlySpan<int> groups, ColumnVector[] buffers, int offset, int rowCount)
        {
            var partial = ((PrimitiveVector<long>)buffers[offset]).Values;
            for (int i = 0; i < rowCount; i++) _counts[groups[i]] += partial[i];
        }

        public override void WriteBuffer(int group, ColumnVector[] outputs, int offset) =>
            ((PrimitiveVector<long>)outputs[offset]).Append(_counts[group]);

        public override void WriteResult(int group, ColumnVector output) => ((PrimitiveVector<long>)output).Append(_counts[group]);
    }
}
