using Spate.Expressions;
using Spate.Plans;

namespace Spate.Streaming;

/// <summary>How the rows buffered for one side of a stream-stream join become unmatchable as the watermark moves.</summary>
/// <param name="Time">The expression (over the side's columns) whose value bounds a row's life.</param>
/// <param name="Kind">Whether that value is a timestamp or a window (its end).</param>
/// <param name="OffsetMicros">A row is dropped once <c>Time &lt;= watermark + OffsetMicros</c>.</param>
/// <param name="ByKey">True when the bound comes from an event-time join key (Spark's state key watermark).</param>
internal sealed record JoinStateEviction(Expression Time, EventTimeKind Kind, long OffsetMicros, bool ByKey);

/// <summary>
/// Reads a stream-stream join's condition as Spark's StreamingJoinHelper does: which equi-join key carries event time,
/// and which conjuncts bound one side's event time from below by the other side's watermarked event time
/// (<c>left.t &gt;= right.t + c</c>, <c>BETWEEN</c>, with <c>timestampadd</c> shifts): future rows of the other side are
/// all later than the watermark, so a buffered row whose time is at or below <c>watermark + c</c> can never match again.
/// </summary>
internal static class StreamJoinConditions
{
    /// <summary>Splits the condition into equi-join keys (left, right) and the rest.</summary>
    public static (List<Expression> LeftKeys, List<Expression> RightKeys, Expression? Residual) Split(Join j)
    {
        var leftIds = j.Left.Output.Select(a => a.ExprId).ToHashSet();
        var rightIds = j.Right.Output.Select(a => a.ExprId).ToHashSet();
        var leftKeys = new List<Expression>();
        var rightKeys = new List<Expression>();
        var residual = new List<Expression>();
        foreach (var c in Execution.Planner.SplitConjuncts(j.Condition))
        {
            if (c is Comparison { Op: CompareOp.Eq } eq)
            {
                if (Within(eq.Left, leftIds) && Within(eq.Right, rightIds)) { leftKeys.Add(eq.Left); rightKeys.Add(eq.Right); continue; }
                if (Within(eq.Left, rightIds) && Within(eq.Right, leftIds)) { leftKeys.Add(eq.Right); rightKeys.Add(eq.Left); continue; }
            }
            residual.Add(c);
        }
        return (leftKeys, rightKeys, residual.Count == 0 ? null : residual.Aggregate((x, y) => new And(x, y)));
    }

    private static bool Within(Expression e, HashSet<ExprId> ids) => e.References().Any() && e.References().All(r => ids.Contains(r.ExprId));

    /// <summary>The eviction rule of the state of one side (<paramref name="forLeft"/>), or null when its rows must be kept for ever.</summary>
    public static JoinStateEviction? Eviction(Join j, EventTimeLineage lineage, bool forLeft)
    {
        var (leftKeys, rightKeys, _) = Split(j);
        var own = forLeft ? leftKeys : rightKeys;
        var other = forLeft ? rightKeys : leftKeys;
        // An event-time key: both sides drop a key once the watermark passes it.
        for (int i = 0; i < own.Count; i++)
        {
            var kind = KindOf(own[i], lineage) ?? KindOf(other[i], lineage);
            if (kind != null) return new JoinStateEviction(own[i], kind.Value, 0, ByKey: true);
        }
        return ValueEviction(j, lineage, forLeft);
    }

    /// <summary>True when the join keys include an event-time column (Spark's isWatermarkInJoinKeys).</summary>
    public static bool WatermarkInJoinKeys(Join j, EventTimeLineage lineage)
    {
        var (leftKeys, rightKeys, _) = Split(j);
        return leftKeys.Concat(rightKeys).Any(k => KindOf(k, lineage) != null);
    }

    private static EventTimeKind? KindOf(Expression e, EventTimeLineage lineage) =>
        e is AttributeReference a && lineage.Kinds.TryGetValue(a.ExprId, out var k) ? k : null;

    /// <summary>The state value watermark of one side: the largest <c>c</c> over conjuncts <c>own.t &gt;(=) other.t + c</c>
    /// where <c>other.t</c> is the other side's watermarked event time.</summary>
    public static JoinStateEviction? ValueEviction(Join j, EventTimeLineage lineage, bool forLeft)
    {
        var ownIds = (forLeft ? j.Left : j.Right).Output.Select(a => a.ExprId).ToHashSet();
        var otherIds = (forLeft ? j.Right : j.Left).Output.Select(a => a.ExprId).ToHashSet();
        JoinStateEviction? best = null;
        foreach (var c in Execution.Planner.SplitConjuncts(j.Condition))
        {
            if (c is not Comparison { Op: CompareOp.Lt or CompareOp.Le or CompareOp.Gt or CompareOp.Ge } cmp) continue;
            if (Term(cmp.Left) is not { } l || Term(cmp.Right) is not { } r) continue;
            // Normalise to own op other + offset.
            AttributeReference ownAttr, otherAttr;
            CompareOp op;
            long offset;
            if (ownIds.Contains(l.Attr.ExprId) && otherIds.Contains(r.Attr.ExprId)) { ownAttr = l.Attr; otherAttr = r.Attr; op = cmp.Op; offset = r.Shift - l.Shift; }
            else if (otherIds.Contains(l.Attr.ExprId) && ownIds.Contains(r.Attr.ExprId)) { ownAttr = r.Attr; otherAttr = l.Attr; op = Flip(cmp.Op); offset = l.Shift - r.Shift; }
            else continue;
            if (op is not (CompareOp.Gt or CompareOp.Ge)) continue; // only a lower bound of our time helps
            if (lineage.Kinds.GetValueOrDefault(otherAttr.ExprId, (EventTimeKind)(-1)) != EventTimeKind.Timestamp) continue;
            if (best == null || offset > best.OffsetMicros) best = new JoinStateEviction(ownAttr, EventTimeKind.Timestamp, offset, ByKey: false);
        }
        return best;
    }

    private static CompareOp Flip(CompareOp op) => op switch
    {
        CompareOp.Lt => CompareOp.Gt, CompareOp.Le => CompareOp.Ge, CompareOp.Gt => CompareOp.Lt, CompareOp.Ge => CompareOp.Le, _ => op,
    };

    /// <summary>A timestamp column plus a constant shift: <c>t</c>, <c>timestampadd(unit, k, t)</c>, nested.</summary>
    private static (AttributeReference Attr, long Shift)? Term(Expression e)
    {
        switch (e)
        {
            case AttributeReference { DataType: Spate.Sql.Types.TimestampType } a:
                return (a, 0);
            case TimestampAddExpression t when t.ConstantShiftMicros is { } shift && Term(t.Timestamp) is { } inner:
                return (inner.Attr, inner.Shift + shift);
            case Cast { Child: var child, DataType: Spate.Sql.Types.TimestampType } when child.DataType is Spate.Sql.Types.TimestampType:
                return Term(child);
            default:
                return null;
        }
    }
}
