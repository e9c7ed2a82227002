using System.Collections.Concurrent;
using Spate.Execution;
using Spate.Expressions;
using Spate.Plans;
using Spate.Sql.Streaming;
using Spate.State;

namespace Spate.Streaming;

/// <summary>
/// What one micro-batch's physical planning and execution need from the running stream: the batch id, output mode,
/// state stores and watermark. Stateful operators get ids in planning order, which is the same every batch and
/// after a restart, so each finds its own state.
/// </summary>
internal sealed class IncrementalState
{
    private int _nextOperatorId;
    private readonly ConcurrentDictionary<int, OperatorMetrics> _metrics = new();

    public IncrementalState(long batchId, OutputMode outputMode, StateStoreProvider stores, long watermarkMs, long batchTimestampMs)
    {
        BatchId = batchId;
        OutputMode = outputMode;
        Stores = stores;
        WatermarkMs = watermarkMs;
        BatchTimestampMs = batchTimestampMs;
    }

    public long BatchId { get; }
    public OutputMode OutputMode { get; }
    public StateStoreProvider Stores { get; }
    /// <summary>The watermark this batch runs with (ms since epoch; 0 before any event).</summary>
    public long WatermarkMs { get; }
    public long BatchTimestampMs { get; }

    /// <summary>The largest event time seen in this batch per watermark operator (ms), for the next watermark.</summary>
    public ConcurrentDictionary<int, long> MaxEventTimeMs { get; } = new();

    public PhysicalPlan PlanWatermark(EventTimeWatermark w, PhysicalPlan child) =>
        new EventTimeWatermarkExec(_nextOperatorId++, w, child, this);

    public PhysicalPlan PlanDeduplicate(Deduplicate d, PhysicalPlan child, int partitions)
    {
        int id = _nextOperatorId++;
        Stores.CheckSchema(id, "dedupe", ToSchema(d.Keys), new Spate.Sql.Types.StructType());
        return new StreamingDeduplicateExec(id, d.Keys, new ShuffleExchangeExec(d.Keys, partitions, child), this);
    }

    private static Spate.Sql.Types.StructType ToSchema(IEnumerable<AttributeReference> attrs) =>
        new(attrs.Select(a => new Spate.Sql.Types.StructField(a.Name, a.DataType, a.Nullable)));

    public PhysicalPlan PlanStatefulAggregate(Expression[] grouping, AttributeReference[] groupingAttrs, List<AggregateFunction> functions,
        AttributeReference[] resultAttrs, PhysicalPlan child, int partitions)
    {
        var bufferAttrs = HashAggregateExec.BufferAttributes(functions);
        int id = _nextOperatorId;
        Stores.CheckSchema(id, "stateStoreSave", ToSchema(groupingAttrs), ToSchema(bufferAttrs));
        var partial = new HashAggregateExec(AggregateMode.Partial, grouping, groupingAttrs, functions, bufferAttrs, child);
        var shuffled = new ShuffleExchangeExec(groupingAttrs, partitions, partial);
        _nextOperatorId++;
        return new StatefulAggregateExec(id, groupingAttrs, functions, bufferAttrs, resultAttrs, shuffled, this);
    }

    /// <summary>Adds one partition's store metrics to its operator's totals.</summary>
    public void Record(int operatorId, string name, StateStoreMetrics m, long updateMs, long removeMs, long droppedByWatermark, int partitions)
    {
        var total = _metrics.GetOrAdd(operatorId, _ => new OperatorMetrics(name, partitions));
        lock (total)
        {
            total.NumRowsTotal += m.NumKeys;
            total.NumRowsUpdated += m.NumUpdated;
            total.NumRowsRemoved += m.NumRemoved;
            total.MemoryUsedBytes += m.MemoryUsedBytes;
            total.CommitTimeMs += m.CommitTimeMs;
            total.AllUpdatesTimeMs += updateMs;
            total.AllRemovalsTimeMs += removeMs;
            total.NumRowsDroppedByWatermark += droppedByWatermark;
            total.Instances++;
        }
    }

    public IReadOnlyList<StateOperatorProgress> OperatorProgress() =>
        _metrics.OrderBy(kv => kv.Key).Select(kv => kv.Value).Select(m => new StateOperatorProgress(m.Name, m.NumRowsTotal, m.NumRowsUpdated,
            m.AllUpdatesTimeMs, m.NumRowsRemoved, m.AllRemovalsTimeMs, m.CommitTimeMs, m.MemoryUsedBytes, m.NumRowsDroppedByWatermark,
            m.Partitions, m.Instances)).ToList();

    private sealed class OperatorMetrics
    {
        public OperatorMetrics(string name, int partitions) { Name = name; Partitions = partitions; }
        public string Name { get; }
        public int Partitions { get; }
        public long NumRowsTotal, NumRowsUpdated, NumRowsRemoved, MemoryUsedBytes, CommitTimeMs, AllUpdatesTimeMs, AllRemovalsTimeMs, NumRowsDroppedByWatermark;
        public int Instances;
    }
}
