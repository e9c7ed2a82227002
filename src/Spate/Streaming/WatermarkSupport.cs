using Spate.Columnar;
using Spate.Execution;
using Spate.Expressions;

namespace Spate.Streaming;

/// <summary>Reads event times (micros) from a key column that is a timestamp or a window struct (its end).</summary>
internal static class EventTimes
{
    public static long? At(ColumnVector v, int row, EventTimeKind kind)
    {
        if (v.IsNull(row)) return null;
        if (kind == EventTimeKind.Timestamp) return ((PrimitiveVector<long>)v).Values[row];
        var end = (PrimitiveVector<long>)((StructVector)v).Children[1];
        return end.IsNull(row) ? null : end.Values[row];
    }
}

/// <summary>Drops rows whose event time is at or below the batch's watermark before they reach a stateful operator
/// (Spark drops late data the same way) and counts them for <c>numRowsDroppedByWatermark</c>.</summary>
internal sealed class WatermarkFilterExec : UnaryExec
{
    private readonly Expression _eventTime;
    private readonly EventTimeKind _kind;
    private readonly long _watermarkMicros;
    private readonly int _operatorId;
    private readonly IncrementalState _state;

    public WatermarkFilterExec(Expression eventTime, EventTimeKind kind, long watermarkMs, int operatorId, PhysicalPlan child, IncrementalState state) : base(child)
    {
        _eventTime = Binder.Bind(eventTime, child.Output);
        _kind = kind;
        _watermarkMicros = watermarkMs * 1000;
        _operatorId = operatorId;
        _state = state;
    }

    public override IReadOnlyList<AttributeReference> Output => Child.Output;
    public override string NodeString => $"WatermarkFilter ({_eventTime.Sql} > {_watermarkMicros / 1000} ms)";

    public override IEnumerable<ColumnBatch> Execute(int partition, TaskContext context)
    {
        foreach (var batch in Child.Execute(partition, context))
        {
            var v = _eventTime.Evaluate(batch);
            var keep = new List<int>(batch.RowCount);
            for (int i = 0; i < batch.RowCount; i++)
            {
                var t = EventTimes.At(v, i, _kind);
                if (t == null || t.Value > _watermarkMicros) keep.Add(i);
            }
            int dropped = batch.RowCount - keep.Count;
            if (dropped > 0) _state.CountDropped(_operatorId, dropped);
            if (keep.Count == batch.RowCount) yield return batch;
            else if (keep.Count > 0) yield return batch.Take(keep.ToArray());
        }
    }
}
