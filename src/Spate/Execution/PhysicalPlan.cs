using System.Text;
using Spate.Columnar;
using Spate.Expressions;

namespace Spate.Execution;

/// <summary>
/// A physical operator: produces the batches of each of its partitions. Partitions run in parallel on the
/// thread pool; an operator that needs all its input (exchange, sort, join build side) materialises it once.
/// Batches passed downstream belong to the receiver.
/// </summary>
internal abstract class PhysicalPlan
{
    public abstract IReadOnlyList<PhysicalPlan> Children { get; }
    public abstract IReadOnlyList<AttributeReference> Output { get; }
    public abstract int NumPartitions { get; }

    /// <summary>Runs partition <paramref name="partition"/>.</summary>
    public abstract IEnumerable<ColumnBatch> Execute(int partition, TaskContext context);

    /// <summary>One line for <c>Explain</c>.</summary>
    public abstract string NodeString { get; }

    public IReadOnlyList<Columnar.ColumnVector> EmptyColumns() => Output.Select(a => ColumnVector.Create(a.DataType, 0)).ToArray();

    public string TreeString()
    {
        var sb = new StringBuilder();
        Append(sb, "", true, true);
        return sb.ToString();
    }

    private void Append(StringBuilder sb, string indent, bool last, bool root)
    {
        sb.Append(root ? "" : indent + "+- ").Append(NodeString).Append('\n');
        var childIndent = root ? "" : indent + (last ? "   " : ":  ");
        for (int i = 0; i < Children.Count; i++) Children[i].Append(sb, childIndent, i == Children.Count - 1, false);
    }

    public IEnumerable<PhysicalPlan> Descendants()
    {
        yield return this;
        foreach (var c in Children)
            foreach (var d in c.Descendants()) yield return d;
    }

    /// <summary>Runs every partition in parallel and returns their batches, by partition.</summary>
    public List<ColumnBatch>[] ExecuteAll(TaskContext context)
    {
        var results = new List<ColumnBatch>[NumPartitions];
        if (NumPartitions == 1)
        {
            results[0] = Execute(0, context).ToList();
            return results;
        }
        var options = new ParallelOptions { MaxDegreeOfParallelism = context.Parallelism, CancellationToken = context.Cancellation };
        try
        {
            Parallel.For(0, NumPartitions, options, p => results[p] = Execute(p, context).ToList());
        }
        catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return results;
    }

    protected static string Attrs(IEnumerable<Expression> exprs) => "[" + string.Join(", ", exprs.Select(Plans.LogicalPlan.ExplainString)) + "]";
}

/// <summary>A physical operator with one child.</summary>
internal abstract class UnaryExec : PhysicalPlan
{
    protected UnaryExec(PhysicalPlan child) { Child = child; }
    public PhysicalPlan Child { get; }
    public override IReadOnlyList<PhysicalPlan> Children => new[] { Child };
    public override int NumPartitions => Child.NumPartitions;
}

/// <summary>Binds attribute references to input ordinals so expressions can be evaluated over batches.</summary>
internal static class Binder
{
    public static Expression Bind(Expression e, IReadOnlyList<AttributeReference> input)
    {
        Dictionary<ExprId, int>? index = null;
        return e.Transform(node =>
        {
            if (node is not AttributeReference a) return node;
            index ??= BuildIndex(input);
            if (!index.TryGetValue(a.ExprId, out int ordinal))
                throw new InvalidOperationException($"Binding attribute failed: {a.DebugString} is not among [{string.Join(", ", input.Select(i => i.DebugString))}].");
            return new BoundReference(ordinal, a.DataType, a.Nullable, a.Name);
        });
    }

    public static Expression[] Bind(IEnumerable<Expression> exprs, IReadOnlyList<AttributeReference> input) =>
        exprs.Select(e => Bind(e, input)).ToArray();

    private static Dictionary<ExprId, int> BuildIndex(IReadOnlyList<AttributeReference> input)
    {
        var d = new Dictionary<ExprId, int>();
        for (int i = 0; i < input.Count; i++) d.TryAdd(input[i].ExprId, i);
        return d;
    }
}
