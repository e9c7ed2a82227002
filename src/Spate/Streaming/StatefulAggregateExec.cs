using System.Diagnostics;
using Spate.Columnar;
using Spate.Execution;
using Spate.Expressions;
using Spate.Sql.Streaming;

namespace Spate.Streaming;

/// <summary>
/// A streaming aggregation's running state: merges this batch's partial aggregates with the state store of each
/// partition (state first, then new rows, so first/last keep their meaning), saves the new buffers, and emits the
/// groups the output mode asks for: those updated in this batch (update), or all of them (complete).
/// Output: grouping attributes, then aggregate results.
/// </summary>
internal sealed class StatefulAggregateExec : UnaryExec
{
    private const int BatchSize = 4096;
    private const int StorePrefetchDistance = 8;
    private readonly int _operatorId;
    private readonly IReadOnlyList<AttributeReference> _groupingAttrs;
    private readonly IReadOnlyList<AggregateFunction> _functions;
    private readonly IReadOnlyList<AttributeReference> _bufferAttrs;
    private readonly IReadOnlyList<AttributeReference> _resultAttrs;
    private readonly IncrementalState _state;
    private readonly (int Index, EventTimeKind Kind)? _eventKey;

    public StatefulAggregateExec(int operatorId, IReadOnlyList<AttributeReference> groupingAttrs, IReadOnlyList<AggregateFunction> functions,
        IReadOnlyList<AttributeReference> bufferAttrs, IReadOnlyList<AttributeReference> resultAttrs, PhysicalPlan child, IncrementalState state,
        (int Index, EventTimeKind Kind)? eventKey = null) : base(child)
    {
        _eventKey = eventKey;
        _operatorId = operatorId;
        _groupingAttrs = groupingAttrs;
        _functions = functions;
        _bufferAttrs = bufferAttrs;
        _resultAttrs = resultAttrs;
        _state = state;
    }

    public override IReadOnlyList<AttributeReference> Output => _groupingAttrs.Concat(_resultAttrs).ToArray();
    public override string NodeString =>
        $"StateStoreSave [{string.Join(", ", _groupingAttrs.Select(a => a.DebugString))}], operatorId = {_operatorId}, mode = {_state.OutputMode}, functions=[{string.Join(", ", _functions.Select(f => f.Sql))}]";

    public override IEnumerable<ColumnBatch> Execute(int partition, TaskContext context)
    {
        var sw = Stopwatch.StartNew();
        var store = _state.Stores.GetStore(_operatorId, partition, _state.BatchId);
        int keys = _groupingAttrs.Count;
        var offsets = HashAggregateExec.BufferOffsets(_functions, keys);
        var bufferOffsets = HashAggregateExec.BufferOffsets(_functions, 0);

        // 1. This batch's partial buffers, merged by key. Its groups are the keys this batch touches; everything below
        //    addresses them by group id, so no key is hashed into another table or decoded and re-encoded.
        var batchTable = new AggregationTable(_functions);
        foreach (var batch in Child.Execute(partition, context))
            Merge(batchTable, batch, keys, offsets);
        var table = batchTable.Table;
        int count = table.Count;

        // 2. For the keys of this batch: stored state first, then the batch's buffers (so first/last keep their order).
        var stateBuffers = NewColumns(_bufferAttrs, 16);
        var stateGroups = new List<int>();
        for (int g = 0; g < count; g++)
        {
            if (g + StorePrefetchDistance < count) store.Prefetch(table.GetHash(g + StorePrefetchDistance));
            if (!store.TryRead(table.GetKey(g), table.GetHash(g), out var value)) continue;
            RowEncoder.Decode(value, stateBuffers);
            stateGroups.Add(g);
        }
        var merged = batchTable.Aggregators;
        var chunkGroups = new int[BatchSize];
        if (stateGroups.Count > 0)
        {
            merged = new Aggregator[_functions.Count];
            for (int f = 0; f < merged.Length; f++)
            {
                merged[f] = _functions[f].CreateAggregator();
                merged[f].EnsureGroups(count);
                merged[f].Merge(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(stateGroups), stateBuffers, bufferOffsets[f], stateGroups.Count);
            }
            for (int start = 0; start < count; start += BatchSize)
            {
                int n = Math.Min(BatchSize, count - start);
                var bufCols = WriteBuffers(batchTable.Aggregators, bufferOffsets, start, n, chunkGroups);
                for (int f = 0; f < merged.Length; f++) merged[f].Merge(chunkGroups.AsSpan(0, n), bufCols, bufferOffsets[f], n);
            }
        }

        // 3. Save the new buffers: the key bytes are the batch table's own (the store's key encoding), values are
        //    encoded into one reused buffer, and the store copies both.
        var encoder = new RowEncoder();
        store.Reserve(count);
        for (int start = 0; start < count; start += BatchSize)
        {
            int n = Math.Min(BatchSize, count - start);
            var bufCols = WriteBuffers(merged, bufferOffsets, start, n, chunkGroups);
            for (int i = 0; i < n; i++)
            {
                int g = start + i;
                if (g + StorePrefetchDistance < count) store.Prefetch(table.GetHash(g + StorePrefetchDistance));
                store.Put(table.GetKey(g), table.GetHash(g), encoder.Encode(bufCols, i));
            }
        }
        long updateMs = sw.ElapsedMilliseconds;

        // 4. Evict groups whose event time the watermark has passed: they can no longer change. In append mode they are
        //    the output (each emitted exactly once); in update mode they were emitted when they last changed.
        sw.Restart();
        List<ColumnBatch>? evictedOutput = null;
        if (_eventKey is { } ek && _state.WatermarkMs > 0 && _state.OutputMode != OutputMode.Complete)
            evictedOutput = Evict(store, ek, keys, offsets);
        long removeMs = sw.ElapsedMilliseconds;

        // 5. Emit. Update mode's rows come from this batch's groups, not the store, so they are produced as the
        //    consumer reads them, after the commit: a large batch's output never lives all at once (which would make
        //    young collections copy it).
        IEnumerable<ColumnBatch> output;
        if (_state.OutputMode == OutputMode.Append)
            output = evictedOutput ?? new List<ColumnBatch>();
        else if (_state.OutputMode == OutputMode.Complete)
            output = AllResults(store);
        else
            output = Results(table, merged, count);
        store.Commit();
        _state.Record(_operatorId, "stateStoreSave", store.Metrics, updateMs, removeMs, 0, Child.NumPartitions);
        return output;
    }

    private static ColumnVector[] NewColumns(IReadOnlyList<AttributeReference> attrs, int capacity)
    {
        var cols = new ColumnVector[attrs.Count];
        for (int i = 0; i < cols.Length; i++) cols[i] = ColumnVector.Create(attrs[i].DataType, capacity);
        return cols;
    }

    // The buffers of groups start..start+n-1 as columns; groups receives their ids.
    private ColumnVector[] WriteBuffers(Aggregator[] aggregators, int[] bufferOffsets, int start, int n, int[] groups)
    {
        var cols = NewColumns(_bufferAttrs, n);
        for (int i = 0; i < n; i++)
        {
            int g = start + i;
            groups[i] = g;
            for (int f = 0; f < aggregators.Length; f++) aggregators[f].WriteBuffer(g, cols, bufferOffsets[f]);
        }
        return cols;
    }

    // Keys and results of every group of the batch (update mode).
    private IEnumerable<ColumnBatch> Results(BytesHashTable table, Aggregator[] aggregators, int count)
    {
        for (int start = 0; start < count; start += BatchSize)
        {
            int n = Math.Min(BatchSize, count - start);
            var keyCols = NewColumns(_groupingAttrs, n);
            var resultCols = NewColumns(_resultAttrs, n);
            for (int g = start; g < start + n; g++)
            {
                RowEncoder.Decode(table.GetKey(g), keyCols);
                for (int f = 0; f < aggregators.Length; f++) aggregators[f].WriteResult(g, resultCols[f]);
            }
            yield return new ColumnBatch(keyCols.Concat(resultCols).ToArray(), n);
        }
    }

    // Keys and results of every key in the store (complete mode). Store keys are distinct, so each entry's buffers turn
    // into its result directly, with no grouping.
    private List<ColumnBatch> AllResults(State.IStateStore store)
    {
        var output = new List<ColumnBatch>();
        var bufferOffsets = HashAggregateExec.BufferOffsets(_functions, 0);
        var identity = new int[BatchSize];
        for (int i = 0; i < identity.Length; i++) identity[i] = i;
        var kCols = NewColumns(_groupingAttrs, BatchSize);
        var bCols = NewColumns(_bufferAttrs, BatchSize);
        int n = 0;
        void Flush()
        {
            var resultCols = NewColumns(_resultAttrs, n);
            for (int f = 0; f < _functions.Count; f++)
            {
                var a = _functions[f].CreateAggregator();
                a.EnsureGroups(n);
                a.Merge(identity.AsSpan(0, n), bCols, bufferOffsets[f], n);
                for (int g = 0; g < n; g++) a.WriteResult(g, resultCols[f]);
            }
            output.Add(new ColumnBatch(kCols.Concat(resultCols).ToArray(), n));
            kCols = NewColumns(_groupingAttrs, BatchSize);
            bCols = NewColumns(_bufferAttrs, BatchSize);
            n = 0;
        }
        store.ForEach((k, v) =>
        {
            RowEncoder.Decode(k, kCols);
            RowEncoder.Decode(v, bCols);
            if (++n == BatchSize) Flush();
        });
        if (n > 0) Flush();
        return output;
    }

    private List<ColumnBatch> Evict(State.IStateStore store, (int Index, EventTimeKind Kind) ek, int keys, int[] offsets)
    {
        long watermarkMicros = _state.WatermarkMs * 1000;
        var kCols = _groupingAttrs.Select(a => ColumnVector.Create(a.DataType)).ToArray();
        var bCols = _bufferAttrs.Select(a => ColumnVector.Create(a.DataType)).ToArray();
        var keyBytes = new List<byte[]>();
        foreach (var (k, v) in store.Entries())
        {
            RowEncoder.Decode(k, kCols);
            RowEncoder.Decode(v, bCols);
            keyBytes.Add(k);
        }
        var doomed = new List<int>();
        for (int i = 0; i < keyBytes.Count; i++)
        {
            var t = EventTimes.At(kCols[ek.Index], i, ek.Kind);
            if (t != null && t.Value <= watermarkMicros) doomed.Add(i);
        }
        var evicted = new AggregationTable(_functions);
        if (doomed.Count > 0)
        {
            Merge(evicted, new ColumnBatch(kCols.Concat(bCols).ToArray(), keyBytes.Count).Take(doomed.ToArray()), keys, offsets);
            foreach (int i in doomed) store.Remove(keyBytes[i]);
        }
        return evicted.Output(_groupingAttrs, _resultAttrs, buffers: false, BatchSize).ToList();
    }

    private static void Merge(AggregationTable table, ColumnBatch batch, int keys, int[] offsets)
    {
        var keyCols = batch.Columns.Take(keys).ToArray();
        var groups = table.GroupIds(keyCols, batch.RowCount);
        for (int f = 0; f < table.Aggregators.Length; f++)
            table.Aggregators[f].Merge(groups, batch.Columns, offsets[f], batch.RowCount);
    }
}

/// <summary>Drops rows whose key was seen in an earlier batch or earlier in this one (streaming <c>dropDuplicates</c>).</summary>
internal sealed class StreamingDeduplicateExec : UnaryExec
{
    private readonly int _operatorId;
    private readonly Expression[] _keys;
    private readonly IncrementalState _state;
    private readonly Expression? _eventTime;
    private readonly EventTimeKind _kind;
    private readonly long _expiryDelayMicros;

    // eventColumn: the column whose event time bounds the state (null: keys are kept for ever).
    // expiryDelayMicros: for dropDuplicatesWithinWatermark, how long after its event time a key is remembered.
    public StreamingDeduplicateExec(int operatorId, IReadOnlyList<AttributeReference> keys, PhysicalPlan child, IncrementalState state,
        AttributeReference? eventColumn = null, EventTimeKind kind = EventTimeKind.Timestamp, long expiryDelayMicros = 0) : base(child)
    {
        _operatorId = operatorId;
        _keys = Binder.Bind(keys, child.Output);
        _state = state;
        _eventTime = eventColumn == null ? null : Binder.Bind(eventColumn, child.Output);
        _kind = kind;
        _expiryDelayMicros = expiryDelayMicros;
        Keys = keys;
    }

    public IReadOnlyList<AttributeReference> Keys { get; }
    public override IReadOnlyList<AttributeReference> Output => Child.Output;
    public override string NodeString => $"StreamingDeduplicate [{string.Join(", ", Keys.Select(k => k.DebugString))}], operatorId = {_operatorId}";

    public override IEnumerable<ColumnBatch> Execute(int partition, TaskContext context)
    {
        var store = _state.Stores.GetStore(_operatorId, partition, _state.BatchId);
        var encoder = new RowEncoder();
        var output = new List<ColumnBatch>();
        var expiry = new byte[8];
        foreach (var batch in Child.Execute(partition, context))
        {
            var keys = _keys.Select(k => k.Evaluate(batch)).ToArray();
            var times = _eventTime?.Evaluate(batch);
            var keep = new List<int>();
            for (int i = 0; i < batch.RowCount; i++)
            {
                var key = encoder.Encode(keys, i);
                if (store.TryGet(key, out _)) continue;
                // The value is the instant after which the key may be forgotten.
                long until = times == null ? long.MaxValue : (EventTimes.At(times, i, _kind) ?? long.MaxValue - _expiryDelayMicros) + _expiryDelayMicros;
                System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(expiry, until);
                store.Put(key.ToArray(), expiry.ToArray());
                keep.Add(i);
            }
            if (keep.Count > 0) output.Add(batch.Take(keep.ToArray()));
        }
        if (_eventTime != null && _state.WatermarkMs > 0)
        {
            long watermarkMicros = _state.WatermarkMs * 1000;
            var expired = store.Entries().Where(kv => kv.Value.Length == 8 && System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(kv.Value) <= watermarkMicros)
                .Select(kv => kv.Key).ToList();
            foreach (var k in expired) store.Remove(k);
        }
        store.Commit();
        _state.Record(_operatorId, "dedupe", store.Metrics, 0, 0, 0, Child.NumPartitions);
        return output;
    }
}

/// <summary>Passes rows through and records the largest event time of the batch, from which the next watermark is computed.</summary>
internal sealed class EventTimeWatermarkExec : UnaryExec
{
    private readonly int _operatorId;
    private readonly Spate.Plans.EventTimeWatermark _node;
    private readonly Expression _eventTime;
    private readonly IncrementalState _state;

    public EventTimeWatermarkExec(int operatorId, Spate.Plans.EventTimeWatermark node, PhysicalPlan child, IncrementalState state) : base(child)
    {
        _operatorId = operatorId;
        _node = node;
        _eventTime = Binder.Bind(node.EventTime, child.Output);
        _state = state;
    }

    public long DelayMs => _node.DelayMs;
    public int OperatorId => _operatorId;
    public override IReadOnlyList<AttributeReference> Output => Child.Output;
    public override string NodeString => $"EventTimeWatermark {_node.EventTime.DebugString}, {_node.DelayMs} milliseconds";

    public override IEnumerable<ColumnBatch> Execute(int partition, TaskContext context)
    {
        foreach (var batch in Child.Execute(partition, context))
        {
            var v = _eventTime.Evaluate(batch);
            long max = long.MinValue;
            if (v is PrimitiveVector<long> ts)
                for (int i = 0; i < batch.RowCount; i++) if (!ts.IsNull(i) && ts.Values[i] > max) max = ts.Values[i];
            if (max != long.MinValue)
                _state.MaxEventTimeMs.AddOrUpdate(_operatorId, max / 1000, (_, old) => Math.Max(old, max / 1000));
            yield return batch;
        }
    }
}
