using Spate.Expressions;

namespace Spate.Plans.Rules;

/// <summary>Removes filters that are always true and empties plans whose filter is always false or null.</summary>
internal sealed class PruneFilters : IOptimizerRule
{
    public string Name => "PruneFilters";

    public LogicalPlan Apply(LogicalPlan plan) => plan.Transform(p => p switch
    {
        Filter { Condition: Literal { Value: true } } f => f.Child,
        Filter { Condition: Literal { Value: false or null } } f when !f.IsStreaming => new LocalRelation(f.Output, Array.Empty<Columnar.ColumnBatch>()),
        _ => p,
    });
}
