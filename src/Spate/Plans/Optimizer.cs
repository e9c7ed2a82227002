using Spate.Plans.Rules;

namespace Spate.Plans;

/// <summary>A rewrite of a logical plan that keeps its results the same.</summary>
internal interface IOptimizerRule
{
    string Name { get; }
    LogicalPlan Apply(LogicalPlan plan);
}

/// <summary>Runs the rewrite rules to a fixed point (bounded), as Spark's optimizer batches do.</summary>
internal static class Optimizer
{
    public static readonly IOptimizerRule[] Rules =
    {
        new ConstantFolding(),
        new BooleanSimplification(),
        new CombineFilters(),
        new PushFilterThroughProject(),
        new PruneFilters(),
        new CollapseProject(),
        new ColumnPruning(),
        new PruneJsonFields(),
        new PruneFileScanColumns(),
    };

    public static LogicalPlan Optimize(LogicalPlan plan, IEnumerable<IOptimizerRule>? rules = null)
    {
        var list = (rules ?? Rules).ToArray();
        // Rules return the same instance when they change nothing, so reference equality detects the fixed point.
        for (int iteration = 0; iteration < 20; iteration++)
        {
            var before = plan;
            foreach (var rule in list) plan = rule.Apply(plan);
            if (ReferenceEquals(plan, before)) break;
        }
        return plan;
    }
}
