using System.Diagnostics;
using System.Runtime.InteropServices;
using Spate.Columnar;
using Spate.Execution;
using Spate.Expressions;
using Spate.Plans;
using Spate.State;

namespace Spate.Streaming;

/// <summary>
/// A join of two streams (Spark's StreamingSymmetricHashJoinExec). Both inputs are shuffled by the join keys; each side
/// buffers its rows in its own state store (key: the join key; value: the list of rows with their event time and
/// whether they matched). Per batch, new left rows are joined with the buffered right rows, then new right rows with
/// the buffered left rows (which now include this batch's), so every pair is produced exactly once. Afterwards each
/// side drops the rows the watermark has made unmatchable; for an outer join, those that never matched are emitted
/// with nulls for the other side. Left semi joins emit a left row once, on its first match.
/// Output: left columns then right columns (left only for left semi).
/// </summary>
internal sealed class StreamingSymmetricHashJoinExec : PhysicalPlan
{
    private readonly Side _left;
    private readonly Side _right;
    private readonly Expression? _condition;
    private readonly IncrementalState _state;

    public StreamingSymmetricHashJoinExec(int leftStoreId, int rightStoreId, JoinType joinType, PhysicalPlan left, PhysicalPlan right,
        IReadOnlyList<Expression> leftKeys, IReadOnlyList<Expression> rightKeys, Expression? condition, IReadOnlyList<AttributeReference> output,
        JoinStateEviction? leftEviction, JoinStateEviction? rightEviction, IncrementalState state)
    {
        JoinType = joinType;
        Left = left;
        Right = right;
        Output = output;
        _state = state;
        _left = new Side(leftStoreId, left, Binder.Bind(leftKeys, left.Output), leftEviction, state);
        _right = new Side(rightStoreId, right, Binder.Bind(rightKeys, right.Output), rightEviction, state);
        _condition = condition == null ? null : Binder.Bind(condition, left.Output.Concat(right.Output).ToArray());
        LeftKeys = leftKeys;
        RightKeys = rightKeys;
        Condition = condition;
    }

    public const string OperatorName = "symmetricHashJoin";
    public JoinType JoinType { get; }
    public PhysicalPlan Left { get; }
    public PhysicalPlan Right { get; }
    public IReadOnlyList<Expression> LeftKeys { get; }
    public IReadOnlyList<Expression> RightKeys { get; }
    public Expression? Condition { get; }
    public override IReadOnlyList<PhysicalPlan> Children => new[] { Left, Right };
    public override IReadOnlyList<AttributeReference> Output { get; }
    public override int NumPartitions => Left.NumPartitions;
    public override string NodeString =>
        $"StreamingSymmetricHashJoin {Attrs(LeftKeys)}, {Attrs(RightKeys)}, {JoinType}, condition = [ {(Condition == null ? "" : LogicalPlan.ExplainString(Condition))} ], operatorId = {_left.StoreId}";

    /// <summary>One input of the join with its buffered rows for one partition and batch.</summary>
    private sealed class Side
    {
        public Side(int storeId, PhysicalPlan plan, Expression[] keys, JoinStateEviction? eviction, IncrementalState state)
        {
            StoreId = storeId;
            Plan = plan;
            Keys = keys;
            Eviction = eviction;
            EvictionTime = eviction == null ? null : Binder.Bind(eviction.Time, plan.Output);
            Types = plan.Output.Select(a => a.DataType).ToArray();
        }

        public int StoreId { get; }
        public PhysicalPlan Plan { get; }
        public Expression[] Keys { get; }
        public JoinStateEviction? Eviction { get; }
        public Expression? EvictionTime { get; }
        public Spate.Sql.Types.DataType[] Types { get; }
    }

    /// <summary>The buffered rows of one side in one partition, read lazily from the store and written back at the end.</summary>
    private sealed class Buffer
    {
        private readonly Dictionary<byte[], List<StateRow>> _rows = new(ByteArrayComparer.Instance);
        private readonly HashSet<byte[]> _dirty = new(ByteArrayComparer.Instance);

        public Buffer(IStateStore store) { Store = store; }
        public IStateStore Store { get; }

        public List<StateRow> Get(ReadOnlySpan<byte> key)
        {
            var lookup = _rows.GetAlternateLookup<ReadOnlySpan<byte>>();
            if (lookup.TryGetValue(key, out var rows)) return rows;
            rows = Store.TryGet(key, out var value) ? StateRowList.Decode(value) : new List<StateRow>();
            lookup[key] = rows;
            return rows;
        }

        public void Touch(ReadOnlySpan<byte> key) => _dirty.GetAlternateLookup<ReadOnlySpan<byte>>().Add(key);

        public void Flush()
        {
            foreach (var key in _dirty)
            {
                var rows = _rows[key];
                if (rows.Count == 0) Store.Remove(key); else Store.Put(key, StateRowList.Encode(rows));
            }
            _dirty.Clear();
            _rows.Clear();
        }
    }

    public override IEnumerable<ColumnBatch> Execute(int partition, TaskContext context)
    {
        var sw = Stopwatch.StartNew();
        var leftBuffer = new Buffer(_state.Stores.GetStore(_left.StoreId, partition, _state.BatchId));
        var rightBuffer = new Buffer(_state.Stores.GetStore(_right.StoreId, partition, _state.BatchId));
        var output = new List<ColumnBatch>();
        foreach (var batch in _left.Plan.Execute(partition, context))
            if (batch.RowCount > 0) Process(batch, isLeft: true, leftBuffer, rightBuffer, output);
        foreach (var batch in _right.Plan.Execute(partition, context))
            if (batch.RowCount > 0) Process(batch, isLeft: false, rightBuffer, leftBuffer, output);
        leftBuffer.Flush();
        rightBuffer.Flush();
        long updateMs = sw.ElapsedMilliseconds;

        sw.Restart();
        Evict(_left, leftBuffer.Store, isLeft: true, output);
        Evict(_right, rightBuffer.Store, isLeft: false, output);
        long removeMs = sw.ElapsedMilliseconds;

        leftBuffer.Store.Commit();
        rightBuffer.Store.Commit();
        // One operator in progress reports, as in Spark: both sides' stores summed.
        var l = leftBuffer.Store.Metrics;
        var r = rightBuffer.Store.Metrics;
        _state.Record(_left.StoreId, OperatorName, new StateStoreMetrics(l.NumKeys + r.NumKeys, l.NumUpdated + r.NumUpdated, l.NumRemoved + r.NumRemoved,
            l.MemoryUsedBytes + r.MemoryUsedBytes, l.CommitTimeMs + r.CommitTimeMs), updateMs, removeMs, 0, NumPartitions);
        return output;
    }

    /// <summary>Joins one input batch of a side with the other side's buffer, then buffers its rows.</summary>
    private void Process(ColumnBatch batch, bool isLeft, Buffer own, Buffer other, List<ColumnBatch> output)
    {
        var side = isLeft ? _left : _right;
        var otherSide = isLeft ? _right : _left;
        var keys = side.Keys.Select(k => k.Evaluate(batch)).ToArray();
        var times = side.EvictionTime?.Evaluate(batch);
        var encoder = new RowEncoder();
        var rowKeys = new byte[batch.RowCount][];
        var pairRows = new List<int>();
        var pairState = new List<StateRow>();
        var pairKeys = new List<byte[]>();
        var otherCols = otherSide.Types.Select(t => ColumnVector.Create(t)).ToArray();
        for (int i = 0; i < batch.RowCount; i++)
        {
            rowKeys[i] = encoder.Encode(keys, i).ToArray();
            if (keys.Any(k => k.IsNull(i))) continue; // a null key never matches
            foreach (var s in other.Get(rowKeys[i]))
            {
                pairRows.Add(i);
                pairState.Add(s);
                pairKeys.Add(rowKeys[i]);
                RowEncoder.Decode(s.Data, otherCols);
            }
        }

        // Candidate pairs, left columns first, filtered by the rest of the condition.
        var matched = new bool[batch.RowCount];
        if (pairRows.Count > 0)
        {
            var ownCols = batch.Take(CollectionsMarshal.AsSpan(pairRows)).Columns;
            var pairs = new ColumnBatch(isLeft ? ownCols.Concat(otherCols).ToArray() : otherCols.Concat(ownCols).ToArray(), pairRows.Count);
            var keep = new List<int>(pairs.RowCount);
            if (_condition == null) keep.AddRange(Enumerable.Range(0, pairs.RowCount));
            else
            {
                var mask = (PrimitiveVector<bool>)_condition.Evaluate(pairs);
                for (int p = 0; p < pairs.RowCount; p++) if (!mask.IsNull(p) && mask.Values[p]) keep.Add(p);
            }
            var semiLeft = JoinType == JoinType.LeftSemi && !isLeft ? otherSide.Types.Select(t => ColumnVector.Create(t)).ToArray() : null;
            foreach (int p in keep)
            {
                matched[pairRows[p]] = true;
                var s = pairState[p];
                if (semiLeft != null && !s.Flag) RowEncoder.Decode(s.Data, semiLeft); // a buffered left row's first match
                if (!s.Flag) { s.Flag = true; other.Touch(pairKeys[p]); }
            }
            if (JoinType != JoinType.LeftSemi)
            {
                if (keep.Count > 0) output.Add(pairs.Take(CollectionsMarshal.AsSpan(keep)));
            }
            else if (semiLeft != null && semiLeft[0].Length > 0) output.Add(new ColumnBatch(semiLeft, semiLeft[0].Length));
        }
        if (JoinType == JoinType.LeftSemi && isLeft)
        {
            var first = Enumerable.Range(0, batch.RowCount).Where(i => matched[i]).ToArray();
            if (first.Length > 0) output.Add(batch.Take(first));
        }

        // Buffer the new rows; those already past the watermark go at the eviction below.
        var all = batch.Columns;
        for (int i = 0; i < batch.RowCount; i++)
        {
            long time = times == null ? long.MaxValue : EventTimes.At(times, i, side.Eviction!.Kind) ?? long.MinValue;
            own.Get(rowKeys[i]).Add(new StateRow(encoder.Encode(all, i).ToArray(), time, matched[i]));
            own.Touch(rowKeys[i]);
        }
    }

    /// <summary>Drops a side's rows that can no longer match; for the outer side(s), emits those never matched with nulls.</summary>
    private void Evict(Side side, IStateStore store, bool isLeft, List<ColumnBatch> output)
    {
        if (side.Eviction == null || _state.WatermarkMs <= 0) return;
        long threshold = _state.WatermarkMs * 1000 + side.Eviction.OffsetMicros;
        bool outer = isLeft ? JoinType is JoinType.LeftOuter or JoinType.FullOuter : JoinType is JoinType.RightOuter or JoinType.FullOuter;
        var unmatched = side.Types.Select(t => ColumnVector.Create(t)).ToArray();
        foreach (var (key, value) in store.Entries().ToList())
        {
            var rows = StateRowList.Decode(value);
            var keep = new List<StateRow>(rows.Count);
            foreach (var r in rows)
            {
                if (r.Time > threshold) { keep.Add(r); continue; }
                if (outer && !r.Flag) RowEncoder.Decode(r.Data, unmatched);
            }
            if (keep.Count == rows.Count) continue;
            if (keep.Count == 0) store.Remove(key); else store.Put(key, StateRowList.Encode(keep));
        }
        int n = unmatched[0].Length;
        if (n == 0) return;
        var otherTypes = (isLeft ? _right : _left).Types;
        var nulls = otherTypes.Select(t => ColumnVector.Constant(t, null, n)).ToArray();
        output.Add(new ColumnBatch(isLeft ? unmatched.Concat(nulls).ToArray() : nulls.Concat(unmatched).ToArray(), n));
    }
}
