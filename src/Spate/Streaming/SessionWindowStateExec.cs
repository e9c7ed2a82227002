using System.Diagnostics;
using Spate.Columnar;
using Spate.Execution;
using Spate.Expressions;
using Spate.Sql.Streaming;

namespace Spate.Streaming;

/// <summary>
/// A streaming aggregation grouped by <c>session_window</c> (Spark's SessionWindowStateStoreRestore/SaveExec). The state
/// holds, per key (the other grouping columns), the key's open sessions with their aggregation buffers. Each batch
/// merges the key's stored sessions with the batch's per-row sessions (overlapping ones become one), saves them, and
/// emits: in append mode the sessions whose end the watermark has reached (then forgotten), in complete mode every
/// session. Update mode is rejected before the query starts, as in Spark.
/// Input: partial buffers <c>[grouping..., buffers...]</c> shuffled by the other keys. Output: grouping, then results.
/// </summary>
internal sealed class SessionWindowStateExec : UnaryExec
{
    private const int BatchSize = 4096;
    private readonly int _operatorId;
    private readonly IReadOnlyList<AttributeReference> _groupingAttrs;
    private readonly int _sessionIndex;
    private readonly int[] _keyIndexes;
    private readonly IReadOnlyList<AggregateFunction> _functions;
    private readonly IReadOnlyList<AttributeReference> _bufferAttrs;
    private readonly IReadOnlyList<AttributeReference> _resultAttrs;
    private readonly IncrementalState _state;

    public SessionWindowStateExec(int operatorId, IReadOnlyList<AttributeReference> groupingAttrs, int sessionIndex, IReadOnlyList<AggregateFunction> functions,
        IReadOnlyList<AttributeReference> bufferAttrs, IReadOnlyList<AttributeReference> resultAttrs, PhysicalPlan child, IncrementalState state) : base(child)
    {
        _operatorId = operatorId;
        _groupingAttrs = groupingAttrs;
        _sessionIndex = sessionIndex;
        _keyIndexes = Enumerable.Range(0, groupingAttrs.Count).Where(i => i != sessionIndex).ToArray();
        _functions = functions;
        _bufferAttrs = bufferAttrs;
        _resultAttrs = resultAttrs;
        _state = state;
    }

    public const string OperatorName = "sessionWindowStateStoreSaveExec";
    public override IReadOnlyList<AttributeReference> Output => _groupingAttrs.Concat(_resultAttrs).ToArray();
    public override string NodeString =>
        $"SessionWindowStateStoreSave [{string.Join(", ", _groupingAttrs.Select(a => a.DebugString))}], operatorId = {_operatorId}, mode = {_state.OutputMode}, functions=[{string.Join(", ", _functions.Select(f => f.Sql))}]";

    private ColumnVector[] NewColumns() => _groupingAttrs.Concat(_bufferAttrs).Select(a => ColumnVector.Create(a.DataType)).ToArray();

    // Columns a state key decodes into (the other keys) and a stored session decodes into (session, buffers).
    private ColumnVector[] KeyPart(ColumnVector[] cols) => _keyIndexes.Select(i => cols[i]).ToArray();
    private ColumnVector[] ValuePart(ColumnVector[] cols) => new[] { cols[_sessionIndex] }.Concat(cols.Skip(_groupingAttrs.Count)).ToArray();

    public override IEnumerable<ColumnBatch> Execute(int partition, TaskContext context)
    {
        var sw = Stopwatch.StartNew();
        var store = _state.Stores.GetStore(_operatorId, partition, _state.BatchId);
        int keys = _groupingAttrs.Count;
        var offsets = HashAggregateExec.BufferOffsets(_functions, keys);
        var encoder = new RowEncoder();

        // 1. This batch's sessions, by key.
        var inputs = Child.Execute(partition, context).Where(b => b.RowCount > 0).ToList();
        var types = _groupingAttrs.Concat(_bufferAttrs).Select(a => a.DataType).ToArray();
        var input = inputs.Count == 0 ? ColumnBatch.Empty(types) : inputs.Count == 1 ? inputs[0] : ColumnBatch.Concat(inputs, types);
        var inputKeys = KeyPart(input.Columns);
        var touched = new Dictionary<byte[], List<int>>(State.ByteArrayComparer.Instance);
        var lookup = touched.GetAlternateLookup<ReadOnlySpan<byte>>();
        for (int i = 0; i < input.RowCount; i++)
        {
            var k = encoder.Encode(inputKeys, i);
            if (!lookup.TryGetValue(k, out var rows)) lookup[k] = rows = new List<int>();
            rows.Add(i);
        }

        // 2. Fragments per touched key: its stored sessions first, then the batch's.
        var fragments = NewColumns();
        var groupOfRow = new List<List<int>>();
        int n = 0;
        foreach (var (key, rows) in touched)
        {
            var members = new List<int>();
            if (store.TryGet(key, out var value))
            {
                foreach (var s in StateRowList.Decode(value))
                {
                    RowEncoder.Decode(key, KeyPart(fragments));
                    RowEncoder.Decode(s.Data, ValuePart(fragments));
                    members.Add(n++);
                }
            }
            foreach (int r in rows)
            {
                for (int c = 0; c < fragments.Length; c++) fragments[c].AppendFrom(input.Columns[c], r);
                members.Add(n++);
            }
            groupOfRow.Add(members);
        }

        // 3. Merge overlapping sessions of each key, then their buffers.
        var merged = new AggregationTable(_functions);
        if (n > 0)
        {
            var session = (StructVector)fragments[_sessionIndex];
            var starts = ((PrimitiveVector<long>)session.Children[0]).Values;
            var ends = ((PrimitiveVector<long>)session.Children[1]).Values;
            var mergedStart = new long[n];
            var mergedEnd = new long[n];
            foreach (var members in groupOfRow)
                SessionMerge.Merge(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(members), starts, ends, mergedStart, mergedEnd);
            var newSession = new StructVector(TimeWindow.WindowType, n);
            for (int i = 0; i < n; i++)
            {
                ((PrimitiveVector<long>)newSession.Children[0]).Append(mergedStart[i]);
                ((PrimitiveVector<long>)newSession.Children[1]).Append(mergedEnd[i]);
                newSession.EndRow();
            }
            var cols = (ColumnVector[])fragments.Clone();
            cols[_sessionIndex] = newSession;
            var batch = new ColumnBatch(cols, n);
            var groups = merged.GroupIds(cols.Take(keys).ToArray(), n);
            for (int f = 0; f < merged.Aggregators.Length; f++)
                merged.Aggregators[f].Merge(groups, batch.Columns, offsets[f], n);
        }

        // 4. Save each touched key's sessions, keeping back those to emit.
        long watermarkMicros = _state.WatermarkMs * 1000;
        bool evict = _state.OutputMode == OutputMode.Append && _state.WatermarkMs > 0;
        var emit = NewColumns();
        var saved = new Dictionary<byte[], List<StateRow>>(State.ByteArrayComparer.Instance);
        foreach (var b in merged.Output(_groupingAttrs, _bufferAttrs, buffers: true, BatchSize))
        {
            var keyCols = KeyPart(b.Columns);
            var valueCols = ValuePart(b.Columns);
            var end = (PrimitiveVector<long>)((StructVector)b.Columns[_sessionIndex]).Children[1];
            for (int i = 0; i < b.RowCount; i++)
            {
                if (evict && end.Values[i] <= watermarkMicros || _state.OutputMode == OutputMode.Complete)
                    for (int c = 0; c < emit.Length; c++) emit[c].AppendFrom(b.Columns[c], i);
                if (evict && end.Values[i] <= watermarkMicros) continue;
                var key = encoder.Encode(keyCols, i).ToArray();
                if (!saved.TryGetValue(key, out var list)) saved[key] = list = new List<StateRow>();
                list.Add(new StateRow(encoder.Encode(valueCols, i).ToArray(), end.Values[i], false));
            }
        }
        foreach (var key in touched.Keys)
        {
            if (saved.TryGetValue(key, out var list)) store.Put(key, StateRowList.Encode(list));
            else store.Remove(key);
        }
        long updateMs = sw.ElapsedMilliseconds;

        // 5. Keys without new rows: emit all (complete) or the sessions the watermark closed (append).
        sw.Restart();
        if (evict || _state.OutputMode == OutputMode.Complete)
        {
            foreach (var (key, value) in store.Entries().Where(e => !touched.ContainsKey(e.Key)).ToList())
            {
                var sessions = StateRowList.Decode(value);
                var keep = new List<StateRow>();
                foreach (var s in sessions)
                {
                    bool closed = evict && s.Time <= watermarkMicros;
                    if (closed || _state.OutputMode == OutputMode.Complete)
                    {
                        RowEncoder.Decode(key, KeyPart(emit));
                        RowEncoder.Decode(s.Data, ValuePart(emit));
                    }
                    if (!closed) keep.Add(s);
                }
                if (keep.Count == 0) store.Remove(key);
                else if (keep.Count != sessions.Count) store.Put(key, StateRowList.Encode(keep));
            }
        }
        long removeMs = sw.ElapsedMilliseconds;

        // 6. Results of the emitted sessions (each (key, session) once, so merging only finishes the buffers).
        var output = new List<ColumnBatch>();
        int emitted = emit[0].Length;
        if (emitted > 0)
        {
            var results = new AggregationTable(_functions);
            var groups = results.GroupIds(emit.Take(keys).ToArray(), emitted);
            for (int f = 0; f < results.Aggregators.Length; f++)
                results.Aggregators[f].Merge(groups, emit, offsets[f], emitted);
            output.AddRange(results.Output(_groupingAttrs, _resultAttrs, buffers: false, BatchSize));
        }
        store.Commit();
        _state.Record(_operatorId, OperatorName, store.Metrics, updateMs, removeMs, 0, Child.NumPartitions);
        return output;
    }
}
