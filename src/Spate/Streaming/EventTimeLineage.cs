using Spate.Expressions;
using Spate.Plans;

namespace Spate.Streaming;

/// <summary>How a column carries event time: the watermarked timestamp itself, or a window derived from it (its end).</summary>
internal enum EventTimeKind { Timestamp, WindowEnd }

/// <summary>
/// Which columns of a streaming plan carry the watermarked event time: the <c>withWatermark</c> column, aliases of
/// it, and windows computed from it (Spark propagates this as column metadata). Stateful operators keyed by such a
/// column can drop late rows and evict finished state.
/// </summary>
internal sealed class EventTimeLineage
{
    public EventTimeLineage(LogicalPlan plan)
    {
        foreach (var w in plan.Descendants().OfType<EventTimeWatermark>())
        {
            Kinds[w.EventTime.ExprId] = EventTimeKind.Timestamp;
            DelayMs = Math.Max(DelayMs, w.DelayMs);
        }
        if (Kinds.Count == 0) return;
        for (bool changed = true; changed;)
        {
            changed = false;
            foreach (var node in plan.Descendants())
            {
                switch (node)
                {
                    case Project p:
                        foreach (var alias in p.ProjectList.OfType<Alias>())
                            if (alias.Child is AttributeReference a && Kinds.TryGetValue(a.ExprId, out var k) && Kinds.TryAdd(alias.ExprId, k)) changed = true;
                        break;
                    case Generate { Generator: WindowGenerator wg } g:
                        if (wg.Window.TimeColumn.References().Any(r => Kinds.GetValueOrDefault(r.ExprId, (EventTimeKind)(-1)) == EventTimeKind.Timestamp)
                            && Kinds.TryAdd(g.GeneratorOutput[0].ExprId, EventTimeKind.WindowEnd)) changed = true;
                        break;
                    case Generate { Generator: SessionWindowGenerator sg } g:
                        // A session's event time is its end, like a window's.
                        if (sg.Window.TimeColumn.References().Any(r => Kinds.GetValueOrDefault(r.ExprId, (EventTimeKind)(-1)) == EventTimeKind.Timestamp)
                            && Kinds.TryAdd(g.GeneratorOutput[0].ExprId, EventTimeKind.WindowEnd)) changed = true;
                        break;
                }
            }
        }
    }

    public Dictionary<ExprId, EventTimeKind> Kinds { get; } = new();
    public long DelayMs { get; }
    public bool HasWatermark => Kinds.Count > 0;

    /// <summary>The first of <paramref name="keys"/> that carries event time, with its kind.</summary>
    public (int Index, EventTimeKind Kind)? KeyOf(IReadOnlyList<AttributeReference> keys)
    {
        for (int i = 0; i < keys.Count; i++)
            if (Kinds.TryGetValue(keys[i].ExprId, out var k)) return (i, k);
        return null;
    }
}
