using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary>A unique id for an attribute: two attributes with the same name from different sides of a join differ by id.</summary>
internal readonly record struct ExprId(long Id)
{
    private static long _next;
    public static ExprId New() => new(Interlocked.Increment(ref _next));
    public override string ToString() => Id.ToString();
}

/// <summary>An expression that has a name in a plan's output: an attribute or an alias.</summary>
internal abstract class NamedExpression : Expression
{
    public abstract string Name { get; }
    public abstract ExprId ExprId { get; }
    /// <summary>The attribute that refers to this expression's output.</summary>
    public abstract AttributeReference ToAttribute();
}

/// <summary>A resolved column of a plan's output, identified by <see cref="ExprId"/>.</summary>
internal sealed class AttributeReference : NamedExpression
{
    public AttributeReference(string name, DataType dataType, bool nullable, ExprId exprId, string? qualifier = null)
    {
        Name = name;
        DataType = dataType;
        Nullable = nullable;
        ExprId = exprId;
        Qualifier = qualifier;
    }

    public static AttributeReference Create(string name, DataType type, bool nullable = true) => new(name, type, nullable, ExprId.New());

    public override string Name { get; }
    public override DataType DataType { get; }
    public override bool Nullable { get; }
    public override ExprId ExprId { get; }
    /// <summary>The table or DataFrame alias this column belongs to (<c>t.col</c>).</summary>
    public string? Qualifier { get; }
    public override IReadOnlyList<Expression> Children => Array.Empty<Expression>();
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => this;
    public override bool Foldable => false;
    public override AttributeReference ToAttribute() => this;
    public AttributeReference WithName(string name) => new(name, DataType, Nullable, ExprId, Qualifier);
    public AttributeReference WithQualifier(string? q) => new(Name, DataType, Nullable, ExprId, q);
    public AttributeReference WithNullability(bool nullable) => new(Name, DataType, nullable, ExprId, Qualifier);
    public AttributeReference NewInstance() => new(Name, DataType, Nullable, ExprId.New(), Qualifier);
    public override string Sql => Name.Contains('.') || Name.Contains(' ') ? "`" + Name + "`" : Name;
    public string DebugString => $"{Name}#{ExprId}";
    public override ColumnVector Evaluate(ColumnBatch batch) =>
        throw new InvalidOperationException($"Attribute {DebugString} was not bound to an input column.");
    protected override bool NodeEquals(Expression other) => ((AttributeReference)other).ExprId == ExprId;
}

/// <summary>Gives a name to an expression: <c>expr AS name</c>.</summary>
internal sealed class Alias : NamedExpression
{
    public Alias(Expression child, string name, ExprId? exprId = null, bool explicitName = true)
    {
        Child = child;
        Name = name;
        ExprId = exprId ?? ExprId.New();
        ExplicitName = explicitName;
    }

    public Expression Child { get; }
    public override string Name { get; }
    public override ExprId ExprId { get; }
    /// <summary>False for names Spark generated from the expression's SQL.</summary>
    public bool ExplicitName { get; }
    public override IReadOnlyList<Expression> Children => new[] { Child };
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => new Alias(children[0], Name, ExprId, ExplicitName);
    public override DataType DataType => Child.DataType;
    public override bool Nullable => Child.Nullable;
    public override AttributeReference ToAttribute() => new(Name, Child.DataType, Child.Nullable, ExprId);
    public override ColumnVector Evaluate(ColumnBatch batch) => Child.Evaluate(batch);
    public override string Sql => $"{Child.Sql} AS {Name}";
    protected override bool NodeEquals(Expression other) => ((Alias)other).Name == Name;
}

/// <summary>A column read from the input batch by position: what attributes become once bound.</summary>
internal sealed class BoundReference : LeafExpression
{
    public BoundReference(int ordinal, DataType dataType, bool nullable, string name)
    {
        Ordinal = ordinal;
        DataType = dataType;
        Nullable = nullable;
        Name = name;
    }

    public int Ordinal { get; }
    public string Name { get; }
    public override DataType DataType { get; }
    public override bool Nullable { get; }
    public override bool Foldable => false;
    public override ColumnVector Evaluate(ColumnBatch batch) => batch.Columns[Ordinal];
    public override string Sql => Name;
    protected override bool NodeEquals(Expression other) => ((BoundReference)other).Ordinal == Ordinal;
}

/// <summary>A column named in user code, not yet looked up: <c>Col("data.name")</c>.</summary>
internal sealed class UnresolvedAttribute : LeafExpression
{
    public UnresolvedAttribute(IReadOnlyList<string> nameParts) { NameParts = nameParts; }

    /// <summary>Parses Spark's column name syntax: dots separate parts, backticks quote a part.</summary>
    public static UnresolvedAttribute Parse(string name) => new(ParseNameParts(name));

    public IReadOnlyList<string> NameParts { get; }
    public string Name => string.Join(".", NameParts.Select(p => p.Contains('.') ? "`" + p + "`" : p));
    public override bool Resolved => false;
    public override bool Foldable => false;
    public override DataType DataType => throw new InvalidOperationException($"Unresolved column {Name} has no type yet.");
    public override bool Nullable => true;
    public override ColumnVector Evaluate(ColumnBatch batch) => throw new InvalidOperationException($"Unresolved column {Name}.");
    public override string Sql => Name;
    protected override bool NodeEquals(Expression other) => ((UnresolvedAttribute)other).Name == Name;

    public static List<string> ParseNameParts(string name)
    {
        var parts = new List<string>();
        var cur = new System.Text.StringBuilder();
        bool inQuotes = false;
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (c == '`')
            {
                if (inQuotes && i + 1 < name.Length && name[i + 1] == '`') { cur.Append('`'); i++; continue; }
                inQuotes = !inQuotes;
                continue;
            }
            if (c == '.' && !inQuotes) { parts.Add(cur.ToString()); cur.Clear(); continue; }
            cur.Append(c);
        }
        if (inQuotes) throw new ParseException($"[PARSE_SYNTAX_ERROR] Syntax error in the column name {name}: unclosed backtick.", name);
        parts.Add(cur.ToString());
        return parts;
    }
}

/// <summary><c>*</c> or <c>data.*</c>: every column, or every field of a struct, expanded by the analyzer.</summary>
internal sealed class UnresolvedStar : LeafExpression
{
    public UnresolvedStar(IReadOnlyList<string>? target) { Target = target; }
    public IReadOnlyList<string>? Target { get; }
    public override bool Resolved => false;
    public override bool Foldable => false;
    public override DataType DataType => throw new InvalidOperationException("* has no type.");
    public override bool Nullable => true;
    public override ColumnVector Evaluate(ColumnBatch batch) => throw new InvalidOperationException("Unexpanded *.");
    public override string Sql => Target == null ? "*" : string.Join(".", Target) + ".*";
}

/// <summary>A function call by name, from a SQL expression string, looked up by the analyzer.</summary>
internal sealed class UnresolvedFunction : Expression
{
    public UnresolvedFunction(string name, IReadOnlyList<Expression> arguments, bool isDistinct)
    {
        Name = name;
        Arguments = arguments;
        IsDistinct = isDistinct;
    }

    public string Name { get; }
    public IReadOnlyList<Expression> Arguments { get; }
    public bool IsDistinct { get; }
    public override IReadOnlyList<Expression> Children => Arguments;
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => new UnresolvedFunction(Name, children, IsDistinct);
    public override bool Resolved => false;
    public override bool Foldable => false;
    public override DataType DataType => throw new InvalidOperationException($"Unresolved function {Name}.");
    public override bool Nullable => true;
    public override ColumnVector Evaluate(ColumnBatch batch) => throw new InvalidOperationException($"Unresolved function {Name}.");
    public override string Sql => $"{Name}({(IsDistinct ? "DISTINCT " : "")}{string.Join(", ", Arguments.Select(a => a.Sql))})";
}

/// <summary><c>col.GetField(name)</c> / <c>col.GetItem(key)</c> before the analyzer knows the column's type.</summary>
internal sealed class UnresolvedExtractValue : BinaryExpression
{
    public UnresolvedExtractValue(Expression child, Expression extraction) : base(child, extraction) { }
    public override bool Resolved => false;
    public override bool Foldable => false;
    public override DataType DataType => throw new InvalidOperationException("Unresolved extraction has no type yet.");
    protected override Expression WithChildren(Expression left, Expression right) => new UnresolvedExtractValue(left, right);
    public override string Sql => Right is Literal { Value: string s } ? $"{Left.Sql}.{s}" : $"{Left.Sql}[{Right.Sql}]";
    public override ColumnVector Evaluate(ColumnBatch batch) => throw new InvalidOperationException("Unresolved extraction.");
}

/// <summary>An expression in a select list that the analyzer will name (Spark's generated column name) once resolved.</summary>
internal sealed class UnresolvedAlias : NamedExpression
{
    public UnresolvedAlias(Expression child) { Child = child; }
    public Expression Child { get; }
    public override string Name => Child.Sql;
    public override ExprId ExprId => throw new InvalidOperationException("Unresolved alias has no id.");
    public override IReadOnlyList<Expression> Children => new[] { Child };
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => new UnresolvedAlias(children[0]);
    public override bool Resolved => false;
    public override DataType DataType => Child.DataType;
    public override bool Nullable => Child.Nullable;
    public override AttributeReference ToAttribute() => throw new InvalidOperationException($"Unresolved column {Child.Sql}.");
    public override ColumnVector Evaluate(ColumnBatch batch) => Child.Evaluate(batch);
    public override string Sql => Child.Sql;
}
