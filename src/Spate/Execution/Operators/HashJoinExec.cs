using System.Runtime.InteropServices;
using Spate.Columnar;
using Spate.Expressions;
using Spate.Plans;

namespace Spate.Execution;

/// <summary>
/// An equi-join: the build side (right) is materialised into a hash table on its keys once; each partition of the
/// stream side (left) probes it. A residual condition is applied to candidate pairs. Outer and full joins that
/// must know which build rows matched run with one stream partition.
/// Output: left columns then right columns (left only, for semi and anti joins).
/// </summary>
internal sealed class HashJoinExec : PhysicalPlan
{
    private readonly Expression[] _leftKeys;
    private readonly Expression[] _rightKeys;
    private readonly Expression? _residual;
    private readonly object _lock = new();
    private BuildSide? _build;

    public HashJoinExec(PhysicalPlan left, PhysicalPlan right, JoinType joinType, IReadOnlyList<Expression> leftKeys,
        IReadOnlyList<Expression> rightKeys, Expression? residual, IReadOnlyList<AttributeReference> output)
    {
        Left = left;
        Right = right;
        JoinType = joinType;
        LeftKeys = leftKeys;
        RightKeys = rightKeys;
        Residual = residual;
        Output = output;
        _leftKeys = Binder.Bind(leftKeys, left.Output);
        _rightKeys = Binder.Bind(rightKeys, right.Output);
        _residual = residual == null ? null : Binder.Bind(residual, left.Output.Concat(right.Output).ToArray());
    }

    public PhysicalPlan Left { get; }
    public PhysicalPlan Right { get; }
    public JoinType JoinType { get; }
    public IReadOnlyList<Expression> LeftKeys { get; }
    public IReadOnlyList<Expression> RightKeys { get; }
    public Expression? Residual { get; }
    public override IReadOnlyList<PhysicalPlan> Children => new[] { Left, Right };
    public override IReadOnlyList<AttributeReference> Output { get; }
    public override int NumPartitions => JoinType is JoinType.RightOuter or JoinType.FullOuter ? 1 : Left.NumPartitions;

    public override string NodeString =>
        $"{(LeftKeys.Count > 0 ? "BroadcastHashJoin" : "BroadcastNestedLoopJoin")} {Attrs(LeftKeys)}, {Attrs(RightKeys)}, {JoinType}{(Residual != null ? ", " + LogicalPlan.ExplainString(Residual) : "")}";

    private sealed class BuildSide
    {
        public required ColumnBatch Rows;
        public required BytesHashTable Table;
        public required int[] Head;   // per key id: first row
        public required int[] Next;   // per row: next row with the same key, -1 at the end
        public required bool[] Matched;
    }

    private BuildSide Build(TaskContext context)
    {
        lock (_lock)
        {
            if (_build != null) return _build;
            var batches = Right.ExecuteAll(context).SelectMany(b => b).ToList();
            var rows = batches.Count == 0 ? ColumnBatch.Empty(Right.Output.Select(a => a.DataType).ToArray())
                : ColumnBatch.Concat(batches, Right.Output.Select(a => a.DataType).ToArray());
            var table = new BytesHashTable();
            var next = new int[rows.RowCount];
            var head = new List<int>();
            var keys = _rightKeys.Select(k => k.Evaluate(rows)).ToArray();
            var encoder = new RowEncoder();
            for (int i = rows.RowCount - 1; i >= 0; i--)
            {
                next[i] = -1;
                if (keys.Any(k => k.IsNull(i))) continue; // null keys never match
                var key = encoder.Encode(keys, i);
                int id = table.FindOrAdd(key, BytesHashTable.Hash(key), out bool added);
                if (added) head.Add(i);
                else { next[i] = head[id]; head[id] = i; }
            }
            _build = new BuildSide { Rows = rows, Table = table, Head = head.ToArray(), Next = next, Matched = new bool[rows.RowCount] };
            return _build;
        }
    }

    public override IEnumerable<ColumnBatch> Execute(int partition, TaskContext context)
    {
        var build = Build(context);
        var encoder = new RowEncoder();
        var partitions = NumPartitions == 1 ? Enumerable.Range(0, Left.NumPartitions) : new[] { partition };
        foreach (int p in partitions)
        {
            foreach (var batch in Left.Execute(p, context))
            {
                var result = Probe(batch, build, encoder);
                if (result != null && result.RowCount > 0) yield return result;
            }
        }
        if (JoinType is JoinType.RightOuter or JoinType.FullOuter)
        {
            var unmatched = new List<int>();
            for (int i = 0; i < build.Rows.RowCount; i++) if (!build.Matched[i]) unmatched.Add(i);
            if (unmatched.Count > 0)
            {
                var right = build.Rows.Take(CollectionsMarshal.AsSpan(unmatched));
                var leftNulls = Left.Output.Select(a => ColumnVector.Constant(a.DataType, null, unmatched.Count)).ToArray();
                yield return new ColumnBatch(leftNulls.Concat(right.Columns).ToArray(), unmatched.Count);
            }
        }
    }

    private ColumnBatch? Probe(ColumnBatch batch, BuildSide build, RowEncoder encoder)
    {
        var probeRows = new List<int>();
        var buildRows = new List<int>();
        var keys = _leftKeys.Select(k => k.Evaluate(batch)).ToArray();
        for (int i = 0; i < batch.RowCount; i++)
        {
            if (_leftKeys.Length == 0)
            {
                for (int r = 0; r < build.Rows.RowCount; r++) { probeRows.Add(i); buildRows.Add(r); }
                continue;
            }
            if (keys.Any(k => k.IsNull(i))) continue;
            var key = encoder.Encode(keys, i);
            int id = build.Table.Find(key, BytesHashTable.Hash(key));
            if (id < 0) continue;
            for (int r = build.Head[id]; r >= 0; r = build.Next[r]) { probeRows.Add(i); buildRows.Add(r); }
        }
        // Candidate pairs, filtered by the residual condition.
        var pairs = JoinPairs(batch, build.Rows, probeRows, buildRows);
        if (_residual != null && pairs.RowCount > 0)
        {
            var mask = (PrimitiveVector<bool>)_residual.Evaluate(pairs);
            var keepProbe = new List<int>();
            var keepBuild = new List<int>();
            for (int i = 0; i < pairs.RowCount; i++)
                if (!mask.IsNull(i) && mask.Values[i]) { keepProbe.Add(probeRows[i]); keepBuild.Add(buildRows[i]); }
            probeRows = keepProbe;
            buildRows = keepBuild;
            pairs = JoinPairs(batch, build.Rows, probeRows, buildRows);
        }
        if (JoinType is JoinType.RightOuter or JoinType.FullOuter)
            foreach (int r in buildRows) build.Matched[r] = true;
        switch (JoinType)
        {
            case JoinType.Inner or JoinType.Cross or JoinType.RightOuter:
                return pairs;
            case JoinType.LeftSemi or JoinType.LeftAnti:
                {
                    var matched = new bool[batch.RowCount];
                    foreach (int p in probeRows) matched[p] = true;
                    var keep = new List<int>();
                    for (int i = 0; i < batch.RowCount; i++) if (matched[i] == (JoinType == JoinType.LeftSemi)) keep.Add(i);
                    return batch.Take(CollectionsMarshal.AsSpan(keep));
                }
            default: // LeftOuter, FullOuter: add unmatched probe rows with nulls
                {
                    var matched = new bool[batch.RowCount];
                    foreach (int p in probeRows) matched[p] = true;
                    var unmatched = new List<int>();
                    for (int i = 0; i < batch.RowCount; i++) if (!matched[i]) unmatched.Add(i);
                    if (unmatched.Count == 0) return pairs;
                    var left = batch.Take(CollectionsMarshal.AsSpan(unmatched));
                    var rightNulls = Right.Output.Select(a => ColumnVector.Constant(a.DataType, null, unmatched.Count)).ToArray();
                    var extra = new ColumnBatch(left.Columns.Concat(rightNulls).ToArray(), unmatched.Count);
                    return pairs.RowCount == 0 ? extra : ColumnBatch.Concat(new[] { pairs, extra }, Output.Select(a => a.DataType).ToArray());
                }
        }
    }

    private static ColumnBatch JoinPairs(ColumnBatch probe, ColumnBatch build, List<int> probeRows, List<int> buildRows)
    {
        var l = probe.Take(CollectionsMarshal.AsSpan(probeRows));
        var r = build.Take(CollectionsMarshal.AsSpan(buildRows));
        return new ColumnBatch(l.Columns.Concat(r.Columns).ToArray(), probeRows.Count);
    }
}
