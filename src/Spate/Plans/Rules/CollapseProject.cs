using Spate.Expressions;

namespace Spate.Plans.Rules;

/// <summary>Merges a projection into the one below it when that duplicates no work: every inner expression the
/// outer one uses more than once must be a plain column or constant.</summary>
internal sealed class CollapseProject : IOptimizerRule
{
    public string Name => "CollapseProject";

    public LogicalPlan Apply(LogicalPlan plan) => plan.Transform(p =>
    {
        if (p is not Project { Child: Project inner } outer) return p;
        if (inner.ProjectList.Any(e => !e.Deterministic || e.Descendants().Any(d => d is Generator))) return p;
        var defs = inner.ProjectList.OfType<Alias>().ToDictionary(a => a.ExprId, a => a.Child);
        var uses = outer.ProjectList.SelectMany(e => e.References()).GroupBy(a => a.ExprId).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (id, count) in uses)
            if (defs.TryGetValue(id, out var def) && count > 1 && !(def is AttributeReference or Literal)) return p;
        var list = outer.ProjectList.Select(e =>
        {
            if (e is AttributeReference a && defs.TryGetValue(a.ExprId, out var d)) return new Alias(d, a.Name, a.ExprId);
            var replaced = e.Transform(x => x is AttributeReference r && defs.TryGetValue(r.ExprId, out var dd) ? dd : x);
            return (NamedExpression)replaced;
        }).ToArray();
        return new Project(list, inner.Child);
    });
}
