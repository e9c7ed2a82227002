using Spate.Execution;
using Spate.Expressions;
using Spate.Plans;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Streaming;

/// <summary>Physical planning of session-window aggregates (batch and streaming) and of stream-stream joins.</summary>
internal static class EventTimePlanning
{
    /// <summary>The index of the grouping attribute made by a <c>session_window</c> rewrite, or -1.</summary>
    public static int SessionKeyIndex(Aggregate a, IReadOnlyList<AttributeReference> groupingAttrs)
    {
        var sessions = a.Child.Descendants().OfType<Generate>().Where(g => g.Generator is SessionWindowGenerator)
            .Select(g => g.GeneratorOutput[0].ExprId).ToHashSet();
        if (sessions.Count == 0) return -1;
        for (int i = 0; i < groupingAttrs.Count; i++)
            if (sessions.Contains(groupingAttrs[i].ExprId)) return i;
        return -1;
    }

    private static Expression[] OtherKeys(IReadOnlyList<Expression> grouping, int sessionIndex) =>
        grouping.Where((_, i) => i != sessionIndex).ToArray();

    /// <summary>Batch: shuffle by the other keys, merge each key's overlapping sessions, aggregate per merged session.</summary>
    public static PhysicalPlan PlanBatchSessionAggregate(Expression[] grouping, AttributeReference[] groupingAttrs, int sessionIndex,
        List<AggregateFunction> functions, AttributeReference[] resultAttrs, PhysicalPlan child, int partitions)
    {
        var others = OtherKeys(grouping, sessionIndex);
        var shuffled = new ShuffleExchangeExec(others, others.Length == 0 ? 1 : partitions, child);
        var merged = new SessionWindowExec(others, (AttributeReference)grouping[sessionIndex], shuffled);
        return new HashAggregateExec(AggregateMode.Complete, grouping, groupingAttrs, functions, resultAttrs, merged);
    }

    /// <summary>Streaming: drop late rows (by session end), pre-aggregate per (key, row session), shuffle by the other
    /// keys, then merge with the sessions in state.</summary>
    public static PhysicalPlan PlanSessionAggregate(IncrementalState state, Expression[] grouping, AttributeReference[] groupingAttrs, int sessionIndex,
        List<AggregateFunction> functions, AttributeReference[] resultAttrs, PhysicalPlan child, int partitions)
    {
        int id = state.AllocateOperatorId();
        var bufferAttrs = HashAggregateExec.BufferAttributes(functions);
        var otherAttrs = groupingAttrs.Where((_, i) => i != sessionIndex).ToArray();
        state.Stores.CheckSchema(id, SessionWindowStateExec.OperatorName, IncrementalState.ToSchema(otherAttrs),
            IncrementalState.ToSchema(new[] { groupingAttrs[sessionIndex] }.Concat(bufferAttrs)));
        if (state.Lineage.Kinds.TryGetValue(groupingAttrs[sessionIndex].ExprId, out var kind) && state.WatermarkMs > 0)
            child = new WatermarkFilterExec(grouping[sessionIndex], kind, state.WatermarkMs, id, child, state);
        var partial = new HashAggregateExec(AggregateMode.Partial, grouping, groupingAttrs, functions, bufferAttrs, child);
        var shuffled = new ShuffleExchangeExec(otherAttrs, otherAttrs.Length == 0 ? 1 : partitions, partial);
        return new SessionWindowStateExec(id, groupingAttrs, sessionIndex, functions, bufferAttrs, resultAttrs, shuffled, state);
    }

    /// <summary>A join of two streams: late rows of each watermarked side are dropped, both sides are shuffled by the
    /// join keys into the same partitions, and the symmetric hash join buffers them in two state stores.</summary>
    public static PhysicalPlan PlanStreamStreamJoin(IncrementalState state, Join j, PhysicalPlan left, PhysicalPlan right, int partitions)
    {
        var (leftKeys, rightKeys, residual) = StreamJoinConditions.Split(j);
        if (leftKeys.Count == 0) throw new AnalysisException("Stream-stream join without equality predicate is not supported;");
        int leftId = state.AllocateOperatorId();
        int rightId = state.AllocateOperatorId();
        state.Stores.CheckSchema(leftId, "symmetricHashJoin-left", KeySchema(leftKeys), IncrementalState.ToSchema(j.Left.Output));
        state.Stores.CheckSchema(rightId, "symmetricHashJoin-right", KeySchema(rightKeys), IncrementalState.ToSchema(j.Right.Output));
        left = DropLate(state, j.Left, left, leftId);
        right = DropLate(state, j.Right, right, leftId);
        return new StreamingSymmetricHashJoinExec(leftId, rightId, j.JoinType,
            new ShuffleExchangeExec(leftKeys, partitions, left), new ShuffleExchangeExec(rightKeys, partitions, right),
            leftKeys, rightKeys, residual, j.Output,
            StreamJoinConditions.Eviction(j, state.Lineage, forLeft: true), StreamJoinConditions.Eviction(j, state.Lineage, forLeft: false), state);
    }

    private static StructType KeySchema(IEnumerable<Expression> keys) =>
        new(keys.Select((k, i) => new StructField($"field{i}", k.DataType, k.Nullable)));

    // Rows at or below the watermark on the side's event-time column never reach the join (Spark drops them too).
    private static PhysicalPlan DropLate(IncrementalState state, LogicalPlan side, PhysicalPlan plan, int operatorId)
    {
        if (state.WatermarkMs <= 0) return plan;
        var eventTime = side.Output.FirstOrDefault(a => state.Lineage.Kinds.GetValueOrDefault(a.ExprId, (EventTimeKind)(-1)) == EventTimeKind.Timestamp);
        return eventTime == null ? plan : new WatermarkFilterExec(eventTime, EventTimeKind.Timestamp, state.WatermarkMs, operatorId, plan, state);
    }
}
