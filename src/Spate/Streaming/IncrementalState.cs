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

    public IncrementalState(long batchId, OutputMode outputMode, StateStoreProvider stores, long watermarkMs, long batchTimestampMs, EventTimeLineage lineage)
    {
        Lineage = lineage;
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
    public EventTimeLineage Lineage { get; }

    private readonly ConcurrentDictionary<int, long> _dropped = new();

    /// <summary>Counts late rows a stateful operator's input lost to the watermark.</summary>
    public void CountDropped(int operatorId, long rows) => _dropped.AddOrUpdate(operatorId, rows, (_, old) => old + rows);

    /// <summary>The largest event time seen in this batch per watermark operator (ms), for the next watermark.</summary>
    public ConcurrentDictionary<int, long> MaxEventTimeMs { get; } = new();

    public PhysicalPlan PlanWatermark(EventTimeWatermark w, PhysicalPlan child) =>
        new EventTimeWatermarkExec(_nextWatermarkId++, w, child, this);

    private int _nextWatermarkId;

    public PhysicalPlan PlanDeduplicate(Deduplicate d, PhysicalPlan child, int partitions)
    {
        int id = _nextOperatorId++;
        Stores.CheckSchema(id, d.WithinWatermark ? "dedupeWithinWatermark" : "dedupe", ToSchema(d.Keys), new Spate.Sql.Types.StructType());
        // The event time of a row: a key column, or for dropDuplicatesWithinWatermark the watermarked column.
        var eventKey = Lineage.KeyOf(d.Keys);
        AttributeReference? eventColumn = eventKey is { } k ? d.Keys[k.Index]
            : d.WithinWatermark ? d.Child.Output.FirstOrDefault(a => Lineage.Kinds.GetValueOrDefault(a.ExprId, (EventTimeKind)(-1)) == EventTimeKind.Timestamp) : null;
        var kind = eventKey?.Kind ?? EventTimeKind.Timestamp;
        if (eventColumn != null && WatermarkMs > 0)
            child = new WatermarkFilterExec(eventColumn, kind, WatermarkMs, id, child, this);
        return new StreamingDeduplicateExec(id, d.Keys, new ShuffleExchangeExec(d.Keys, partitions, child), this, eventColumn, kind,
            d.WithinWatermark ? Lineage.DelayMs * 1000 : 0);
    }

    /// <summary>Gives a stateful operator planned outside this class (session windows, stream-stream joins) its id.</summary>
    public int AllocateOperatorId() => _nextOperatorId++;

    internal static Spate.Sql.Types.StructType ToSchema(IEnumerable<AttributeReference> attrs) =>
        new(attrs.Select(a => new Spate.Sql.Types.StructField(a.Name, a.DataType, a.Nullable)));

    public PhysicalPlan PlanStatefulAggregate(Expression[] grouping, AttributeReference[] groupingAttrs, List<AggregateFunction> functions,
        AttributeReference[] resultAttrs, PhysicalPlan child, int partitions)
    {
        var bufferAttrs = HashAggregateExec.BufferAttributes(functions);
        int id = _nextOperatorId;
        Stores.CheckSchema(id, "stateStoreSave", ToSchema(groupingAttrs), ToSchema(bufferAttrs));
        var eventKey = Lineage.KeyOf(groupingAttrs);
        if (eventKey is { } ek && WatermarkMs > 0)
            child = new WatermarkFilterExec(grouping[ek.Index], ek.Kind, WatermarkMs, id, child, this);
        var partial = new HashAggregateExec(AggregateMode.Partial, grouping, groupingAttrs, functions, bufferAttrs, child);
        var shuffled = new ShuffleExchangeExec(groupingAttrs, partitions, partial);
        _nextOperatorId++;
        return new StatefulAggregateExec(id, groupingAttrs, functions, bufferAttrs, resultAttrs, shuffled, this, eventKey);
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
        _metrics.OrderBy(kv => kv.Key).Select(kv => new StateOperatorProgress(kv.Value.Name, kv.Value.NumRowsTotal, kv.Value.NumRowsUpdated,
            kv.Value.AllUpdatesTimeMs, kv.Value.NumRowsRemoved, kv.Value.AllRemovalsTimeMs, kv.Value.CommitTimeMs, kv.Value.MemoryUsedBytes,
            _dropped.GetValueOrDefault(kv.Key), kv.Value.Partitions, kv.Value.Instances)).ToList();

    private sealed class OperatorMetrics
    {
        public OperatorMetrics(string name, int partitions) { Name = name; Partitions = partitions; }
        public string Name { get; }
        public int Partitions { get; }
        public long NumRowsTotal, NumRowsUpdated, NumRowsRemoved, MemoryUsedBytes, CommitTimeMs, AllUpdatesTimeMs, AllRemovalsTimeMs, NumRowsDroppedByWatermark;
        public int Instances;
    }
}
