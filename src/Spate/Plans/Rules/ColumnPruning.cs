using Spate.Expressions;

namespace Spate.Plans.Rules;

/// <summary>Drops columns no parent uses: from projections under projections and aggregates.</summary>
internal sealed class ColumnPruning : IOptimizerRule
{
    public string Name => "ColumnPruning";

    public LogicalPlan Apply(LogicalPlan plan) => plan.Transform(p =>
    {
        switch (p)
        {
            case Project { Child: Project inner } outer:
                {
                    var used = outer.ProjectList.SelectMany(e => e.References()).Select(a => a.ExprId).ToHashSet();
                    var kept = inner.ProjectList.Where(e => used.Contains(e.ExprId)).ToArray();
                    return kept.Length == inner.ProjectList.Count || kept.Length == 0 ? p : new Project(outer.ProjectList, new Project(kept, inner.Child));
                }
            case Aggregate { Child: Project inner } agg:
                {
                    var used = agg.Expressions.SelectMany(e => e.References()).Select(a => a.ExprId).ToHashSet();
                    var kept = inner.ProjectList.Where(e => used.Contains(e.ExprId)).ToArray();
                    return kept.Length == inner.ProjectList.Count || kept.Length == 0 ? p : new Aggregate(agg.Grouping, agg.Aggregates, new Project(kept, inner.Child));
                }
            default:
                return p;
        }
    });
}
