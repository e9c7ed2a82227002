using Spate.Columnar;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary><c>monotonically_increasing_id()</c>: unique, increasing 64-bit ids. Spark puts the partition id in the upper
/// 31 bits; batches here do not carry their partition, so each call site hands out ids from one shared counter.</summary>
internal sealed class MonotonicIdFunction : LeafExpression
{
    private long _next;

    public override DataType DataType => LongType.Instance;
    public override bool Nullable => false;
    public override bool Foldable => false;
    public override bool Deterministic => false;
    public override string Sql => "monotonically_increasing_id()";

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        int n = batch.RowCount;
        long start = Interlocked.Add(ref _next, n) - n;
        var r = new PrimitiveVector<long>(LongType.Instance, n);
        for (int i = 0; i < n; i++) r.Values[i] = start + i;
        r.SetLength(n);
        return r;
    }
}
