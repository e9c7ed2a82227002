using System.Runtime.InteropServices;
using Spate.Columnar;
using Spate.Expressions;

namespace Spate.Execution;

/// <summary>
/// Batch session windows (Spark's UpdatingSessionsExec): within a partition (the planner shuffles by the other grouping
/// keys first), the sessions of one key that overlap are merged, and every row's <c>session_window</c> column is replaced
/// by the merged session it belongs to, so an ordinary aggregate grouping by it computes per-session results.
/// Output: the child's columns.
/// </summary>
internal sealed class SessionWindowExec : UnaryExec
{
    private readonly Expression[] _keys;
    private readonly int _sessionIndex;

    public SessionWindowExec(IReadOnlyList<Expression> keys, AttributeReference session, PhysicalPlan child) : base(child)
    {
        Keys = keys;
        Session = session;
        _keys = Binder.Bind(keys, child.Output);
        _sessionIndex = child.Output.ToList().FindIndex(a => a.ExprId == session.ExprId);
        if (_sessionIndex < 0) throw new InvalidOperationException($"session column {session.DebugString} is not in the input");
    }

    public IReadOnlyList<Expression> Keys { get; }
    public AttributeReference Session { get; }
    public override IReadOnlyList<AttributeReference> Output => Child.Output;
    public override string NodeString => $"UpdatingSessions [{string.Join(", ", Keys.Select(k => k.Sql))}], {Session.DebugString}";

    public override IEnumerable<ColumnBatch> Execute(int partition, TaskContext context)
    {
        var batches = Child.Execute(partition, context).Where(b => b.RowCount > 0).ToList();
        if (batches.Count == 0) yield break;
        var all = batches.Count == 1 ? batches[0] : ColumnBatch.Concat(batches, Child.Output.Select(a => a.DataType).ToArray());
        var keys = _keys.Select(k => k.Evaluate(all)).ToArray();
        var session = (StructVector)all.Columns[_sessionIndex];
        var starts = ((PrimitiveVector<long>)session.Children[0]).Values;
        var ends = ((PrimitiveVector<long>)session.Children[1]).Values;

        // Rows of each key, in arrival order.
        var groups = new Dictionary<byte[], List<int>>(State.ByteArrayComparer.Instance);
        var lookup = groups.GetAlternateLookup<ReadOnlySpan<byte>>();
        var encoder = new RowEncoder();
        for (int i = 0; i < all.RowCount; i++)
        {
            var k = encoder.Encode(keys, i);
            if (!lookup.TryGetValue(k, out var rows)) lookup[k] = rows = new List<int>();
            rows.Add(i);
        }
        var mergedStart = new long[all.RowCount];
        var mergedEnd = new long[all.RowCount];
        foreach (var rows in groups.Values)
            SessionMerge.Merge(CollectionsMarshal.AsSpan(rows), starts, ends, mergedStart, mergedEnd);

        var merged = new StructVector(TimeWindow.WindowType, all.RowCount);
        var ms = (PrimitiveVector<long>)merged.Children[0];
        var me = (PrimitiveVector<long>)merged.Children[1];
        for (int i = 0; i < all.RowCount; i++)
        {
            ms.Append(mergedStart[i]);
            me.Append(mergedEnd[i]);
            merged.EndRow();
        }
        var columns = (ColumnVector[])all.Columns.Clone();
        columns[_sessionIndex] = merged;
        yield return new ColumnBatch(columns, all.RowCount);
    }
}

/// <summary>Merges the sessions of one key: sorted by start, a session that starts at or before the end of the
/// current one extends it (Spark's MergingSessionsIterator rule).</summary>
internal static class SessionMerge
{
    /// <summary>For each row in <paramref name="rows"/>, writes the merged session containing it.</summary>
    public static void Merge(Span<int> rows, long[] starts, long[] ends, long[] mergedStart, long[] mergedEnd)
    {
        var order = rows.ToArray();
        var sortKeys = order.Select(r => starts[r]).ToArray();
        Array.Sort(sortKeys, order);
        int runStart = 0;
        long s = starts[order[0]], e = ends[order[0]];
        for (int i = 1; i <= order.Length; i++)
        {
            if (i < order.Length && starts[order[i]] <= e)
            {
                e = Math.Max(e, ends[order[i]]);
                continue;
            }
            for (int j = runStart; j < i; j++) { mergedStart[order[j]] = s; mergedEnd[order[j]] = e; }
            if (i == order.Length) break;
            runStart = i;
            s = starts[order[i]];
            e = ends[order[i]];
        }
    }
}
