using Spate.Columnar;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary>
/// A node of an expression tree. Expressions are immutable; rules rewrite them with <see cref="Transform"/>.
/// An expression is first built unresolved (names), resolved by the analyzer against a plan's output
/// (attributes with ids), and bound to input ordinals by the physical planner before it is evaluated
/// over whole columns with <see cref="Evaluate"/>.
/// </summary>
internal abstract class Expression
{
    public abstract IReadOnlyList<Expression> Children { get; }

    /// <summary>A copy of this node with other children (same count and order).</summary>
    public abstract Expression WithNewChildren(IReadOnlyList<Expression> children);

    public abstract DataType DataType { get; }
    public abstract bool Nullable { get; }

    /// <summary>True when every name in the tree is resolved and types are known.</summary>
    public virtual bool Resolved => ChildrenResolved;
    protected bool ChildrenResolved { get { foreach (var c in Children) if (!c.Resolved) return false; return true; } }

    /// <summary>True when the value does not depend on the input row (so constant folding may evaluate it).</summary>
    public virtual bool Foldable => Children.Count > 0 && Children.All(c => c.Foldable);

    /// <summary>False for functions whose result changes between calls with the same input (rand, current time).</summary>
    public virtual bool Deterministic => Children.All(c => c.Deterministic);

    /// <summary>Evaluates this bound expression over every row of <paramref name="batch"/>.</summary>
    public abstract ColumnVector Evaluate(ColumnBatch batch);

    /// <summary>The SQL text Spark shows for this expression, which also names unaliased columns.</summary>
    public abstract string Sql { get; }

    public override string ToString() => Sql;

    /// <summary>Rewrites the tree bottom-up: <paramref name="rule"/> sees each node after its children were rewritten.</summary>
    public Expression Transform(Func<Expression, Expression> rule)
    {
        var children = Children;
        Expression node = this;
        if (children.Count > 0)
        {
            Expression[]? updated = null;
            for (int i = 0; i < children.Count; i++)
            {
                var c = children[i].Transform(rule);
                if (!ReferenceEquals(c, children[i]))
                {
                    updated ??= children.ToArray();
                    updated[i] = c;
                }
            }
            if (updated != null) node = WithNewChildren(updated);
        }
        return rule(node);
    }

    /// <summary>Rewrites top-down: a node <paramref name="rule"/> replaces is not descended into.</summary>
    public Expression TransformDown(Func<Expression, Expression?> rule)
    {
        var replaced = rule(this);
        if (replaced != null) return replaced;
        var children = Children;
        if (children.Count == 0) return this;
        Expression[]? updated = null;
        for (int i = 0; i < children.Count; i++)
        {
            var c = children[i].TransformDown(rule);
            if (!ReferenceEquals(c, children[i]))
            {
                updated ??= children.ToArray();
                updated[i] = c;
            }
        }
        return updated != null ? WithNewChildren(updated) : this;
    }

    /// <summary>All nodes of the tree, pre-order.</summary>
    public IEnumerable<Expression> Descendants()
    {
        yield return this;
        foreach (var c in Children)
            foreach (var d in c.Descendants()) yield return d;
    }

    /// <summary>Attributes this expression reads.</summary>
    public IEnumerable<AttributeReference> References() => Descendants().OfType<AttributeReference>();

    /// <summary>Structural equality, used to match grouping expressions and common sub-expressions.</summary>
    public virtual bool SemanticEquals(Expression other)
    {
        if (other.GetType() != GetType() || other.Children.Count != Children.Count) return false;
        if (!NodeEquals(other)) return false;
        for (int i = 0; i < Children.Count; i++) if (!Children[i].SemanticEquals(other.Children[i])) return false;
        return true;
    }

    /// <summary>Equality of this node's own fields, children aside. Nodes with fields override it.</summary>
    protected virtual bool NodeEquals(Expression other) => true;
}

/// <summary>An expression with no children.</summary>
internal abstract class LeafExpression : Expression
{
    public override IReadOnlyList<Expression> Children => Array.Empty<Expression>();
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => this;
}

/// <summary>An expression with one child.</summary>
internal abstract class UnaryExpression : Expression
{
    protected UnaryExpression(Expression child) { Child = child; }
    public Expression Child { get; }
    public override IReadOnlyList<Expression> Children => new[] { Child };
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => WithChild(children[0]);
    protected abstract Expression WithChild(Expression child);
    public override bool Nullable => Child.Nullable;
}

/// <summary>An expression with two children.</summary>
internal abstract class BinaryExpression : Expression
{
    protected BinaryExpression(Expression left, Expression right) { Left = left; Right = right; }
    public Expression Left { get; }
    public Expression Right { get; }
    public override IReadOnlyList<Expression> Children => new[] { Left, Right };
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => WithChildren(children[0], children[1]);
    protected abstract Expression WithChildren(Expression left, Expression right);
    public override bool Nullable => Left.Nullable || Right.Nullable;
}
