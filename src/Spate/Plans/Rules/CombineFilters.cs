using Spate.Expressions;

namespace Spate.Plans.Rules;

/// <summary>Merges adjacent filters into one: <c>Filter(a, Filter(b, x))</c> becomes <c>Filter(b AND a, x)</c>.</summary>
internal sealed class CombineFilters : IOptimizerRule
{
    public string Name => "CombineFilters";

    public LogicalPlan Apply(LogicalPlan plan) => plan.Transform(p =>
        p is Filter { Child: Filter inner } outer && outer.Condition.Deterministic && inner.Condition.Deterministic
            ? new Filter(new And(inner.Condition, outer.Condition), inner.Child)
            : p);
}
