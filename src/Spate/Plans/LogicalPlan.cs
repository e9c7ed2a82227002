using System.Text;
using Spate.Expressions;
using Spate.Sql.Types;

namespace Spate.Plans;

/// <summary>
/// A node of a logical query plan. Plans are immutable trees; the DataFrame API builds them node by node, the
/// analyzer resolves each new node against its (already resolved) children, the optimizer rewrites them, and the
/// physical planner turns them into operators.
/// </summary>
internal abstract class LogicalPlan
{
    public abstract IReadOnlyList<LogicalPlan> Children { get; }
    public abstract LogicalPlan WithNewChildren(IReadOnlyList<LogicalPlan> children);

    /// <summary>The columns this node produces.</summary>
    public abstract IReadOnlyList<AttributeReference> Output { get; }

    /// <summary>The expressions this node holds (not its children's).</summary>
    public virtual IReadOnlyList<Expression> Expressions => Array.Empty<Expression>();

    /// <summary>A copy with other expressions, in the order of <see cref="Expressions"/>.</summary>
    public virtual LogicalPlan WithNewExpressions(IReadOnlyList<Expression> expressions) => this;

    /// <summary>True when the plan reads an unbounded (streaming) source.</summary>
    public virtual bool IsStreaming => Children.Any(c => c.IsStreaming);

    public bool Resolved => Expressions.All(e => e.Resolved) && Children.All(c => c.Resolved);

    public StructType Schema => new(Output.Select(a => new StructField(a.Name, a.DataType, a.Nullable)));

    /// <summary>One line describing this node, for <c>Explain</c>.</summary>
    public abstract string NodeString { get; }

    public LogicalPlan Transform(Func<LogicalPlan, LogicalPlan> rule)
    {
        var children = Children;
        LogicalPlan node = this;
        if (children.Count > 0)
        {
            var updated = children.Select(c => c.Transform(rule)).ToArray();
            if (!updated.SequenceEqual(children)) node = WithNewChildren(updated);
        }
        return rule(node);
    }

    public LogicalPlan TransformDown(Func<LogicalPlan, LogicalPlan> rule)
    {
        var node = rule(this);
        var children = node.Children;
        if (children.Count == 0) return node;
        var updated = children.Select(c => c.TransformDown(rule)).ToArray();
        return updated.SequenceEqual(children) ? node : node.WithNewChildren(updated);
    }

    public LogicalPlan TransformExpressions(Func<Expression, Expression> rule) =>
        Transform(p =>
        {
            var exprs = p.Expressions;
            if (exprs.Count == 0) return p;
            var updated = exprs.Select(e => e.Transform(rule)).ToArray();
            return updated.SequenceEqual(exprs) ? p : p.WithNewExpressions(updated);
        });

    public IEnumerable<LogicalPlan> Descendants()
    {
        yield return this;
        foreach (var c in Children)
            foreach (var d in c.Descendants()) yield return d;
    }

    /// <summary>The indented tree Spark's <c>explain(true)</c> prints.</summary>
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

    protected static string Attrs(IEnumerable<Expression> exprs) => "[" + string.Join(", ", exprs.Select(ExplainString)) + "]";

    public static string ExplainString(Expression e) => e switch
    {
        AttributeReference a => a.DebugString,
        Alias al => $"{ExplainString(al.Child)} AS {al.Name}#{al.ExprId}",
        Literal l => l.SqlSource,
        _ => e.Children.Count == 0 ? e.Sql : RenderWithChildren(e),
    };

    private static string RenderWithChildren(Expression e)
    {
        // Re-render the SQL with attribute ids: substitute children by their explain strings.
        var rewritten = e.TransformDown(x => x is AttributeReference a ? new ExplainLabel(a.DebugString, a.DataType) : null);
        return rewritten.Sql;
    }

    private sealed class ExplainLabel : LeafExpression
    {
        private readonly string _text;
        public ExplainLabel(string text, DataType type) { _text = text; DataType = type; }
        public override DataType DataType { get; }
        public override bool Nullable => true;
        public override Columnar.ColumnVector Evaluate(Columnar.ColumnBatch batch) => throw new InvalidOperationException();
        public override string Sql => _text;
    }
}

/// <summary>A plan node with no children.</summary>
internal abstract class LeafNode : LogicalPlan
{
    public override IReadOnlyList<LogicalPlan> Children => Array.Empty<LogicalPlan>();
    public override LogicalPlan WithNewChildren(IReadOnlyList<LogicalPlan> children) => this;
}

/// <summary>A plan node with one child.</summary>
internal abstract class UnaryNode : LogicalPlan
{
    protected UnaryNode(LogicalPlan child) { Child = child; }
    public LogicalPlan Child { get; }
    public override IReadOnlyList<LogicalPlan> Children => new[] { Child };
    public override LogicalPlan WithNewChildren(IReadOnlyList<LogicalPlan> children) => WithChild(children[0]);
    public abstract LogicalPlan WithChild(LogicalPlan child);
}
