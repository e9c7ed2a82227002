using Spate.Columnar;
using Spate.Expressions;

namespace Spate.Plans.Rules;

/// <summary>Evaluates expressions that do not depend on the input (<c>1 + 2</c>, <c>upper('a')</c>) once, at planning.</summary>
internal sealed class ConstantFolding : IOptimizerRule
{
    public string Name => "ConstantFolding";

    public LogicalPlan Apply(LogicalPlan plan) => plan.TransformExpressions(Fold);

    public static Expression Fold(Expression e)
    {
        if (e is Literal || e is NamedExpression || !e.Foldable || !e.Deterministic || !e.Resolved) return e;
        if (e is AggregateFunction || e is Generator || e is SortOrder) return e;
        try
        {
            var v = e.Evaluate(new ColumnBatch(Array.Empty<ColumnVector>(), 1));
            var folded = new Literal(v.GetValue(0), e.DataType);
            // Keep the generated column name stable: a folded implicit cast of a literal is still named by it.
            return folded;
        }
        catch (Exception)
        {
            return e; // leave it for run time, where the error is reported with the row
        }
    }
}
