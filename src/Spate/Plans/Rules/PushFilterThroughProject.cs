using Spate.Expressions;

namespace Spate.Plans.Rules;

/// <summary>Moves a filter below a projection (substituting aliases), so rows are dropped before columns are computed.</summary>
internal sealed class PushFilterThroughProject : IOptimizerRule
{
    public string Name => "PushFilterThroughProject";

    public LogicalPlan Apply(LogicalPlan plan) => plan.Transform(p =>
    {
        if (p is not Filter { Child: Project project } filter) return p;
        if (!filter.Condition.Deterministic || project.ProjectList.Any(e => !e.Deterministic || e.Descendants().Any(d => d is Generator))) return p;
        var aliases = project.ProjectList.OfType<Alias>().ToDictionary(a => a.ExprId, a => a.Child);
        // Pushing must not duplicate expensive work: only push when each referenced alias is cheap.
        foreach (var r in filter.Condition.References())
            if (aliases.TryGetValue(r.ExprId, out var def) && !IsCheap(def)) return p;
        var condition = filter.Condition.Transform(e => e is AttributeReference a && aliases.TryGetValue(a.ExprId, out var d) ? d : e);
        return new Project(project.ProjectList, new Filter(condition, project.Child));
    });

    private static bool IsCheap(Expression e) => e.Descendants().All(d => d is AttributeReference or Literal or GetStructField or Cast or BoundReference)
        && !e.Descendants().Any(d => d is GetStructField g && !IsCheap(g.Child));
}
