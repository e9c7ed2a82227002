using Spate.Expressions;

namespace Spate.Plans.Rules;

/// <summary>Simplifies <c>true AND x</c>, <c>false OR x</c>, <c>NOT NOT x</c> and the like.</summary>
internal sealed class BooleanSimplification : IOptimizerRule
{
    public string Name => "BooleanSimplification";

    public LogicalPlan Apply(LogicalPlan plan) => plan.TransformExpressions(e => e switch
    {
        And { Left: Literal { Value: true } } a => a.Right,
        And { Right: Literal { Value: true } } a => a.Left,
        And { Left: Literal { Value: false } } => Literal.False,
        And { Right: Literal { Value: false } } => Literal.False,
        Or { Left: Literal { Value: false } } o => o.Right,
        Or { Right: Literal { Value: false } } o => o.Left,
        Or { Left: Literal { Value: true } } => Literal.True,
        Or { Right: Literal { Value: true } } => Literal.True,
        Not { Child: Not inner } => inner.Child,
        Not { Child: Literal { Value: bool b } } => b ? Literal.False : Literal.True,
        _ => e,
    });
}
