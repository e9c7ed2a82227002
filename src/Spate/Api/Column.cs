using Spate.Expressions;
using Spate.Sql.Types;

namespace Spate.Sql;

/// <summary>
/// A column expression of a DataFrame: <c>Col("amount") * 2</c>, <c>Col("flag") == 1</c>. Operators build new
/// columns; nothing is computed until a query runs. <c>==</c> and <c>!=</c> build comparisons, as in .NET for
/// Apache Spark, so use <c>ReferenceEquals</c> to compare Column objects themselves.
/// </summary>
public sealed class Column
{
    internal Column(Expression expr) { Expr = expr; }

    internal Expression Expr { get; }

    internal static Column Of(object? value) => value is Column c ? c : new Column(Literal.Create(value));

    private static Expression E(object? value) => value is Column c ? c.Expr : Literal.Create(value);

    public static Column operator ==(Column lhs, object? rhs) => lhs.EqualTo(rhs);
    public static Column operator !=(Column lhs, object? rhs) => lhs.NotEqual(rhs);
    public static Column operator >(Column lhs, object? rhs) => lhs.Gt(rhs);
    public static Column operator <(Column lhs, object? rhs) => lhs.Lt(rhs);
    public static Column operator >=(Column lhs, object? rhs) => lhs.Geq(rhs);
    public static Column operator <=(Column lhs, object? rhs) => lhs.Leq(rhs);
    public static Column operator +(Column lhs, object? rhs) => lhs.Plus(rhs);
    public static Column operator -(Column lhs, object? rhs) => lhs.Minus(rhs);
    public static Column operator *(Column lhs, object? rhs) => lhs.Multiply(rhs);
    public static Column operator /(Column lhs, object? rhs) => lhs.Divide(rhs);
    public static Column operator %(Column lhs, object? rhs) => lhs.Mod(rhs);
    public static Column operator &(Column lhs, Column rhs) => lhs.And(rhs);
    public static Column operator |(Column lhs, Column rhs) => lhs.Or(rhs);
    public static Column operator !(Column col) => new(new Not(col.Expr));
    public static Column operator -(Column col) => new(new UnaryMinus(col.Expr));

    public Column EqualTo(object? other) => new(new Comparison(CompareOp.Eq, Expr, E(other)));
    public Column NotEqual(object? other) => new(new Not(new Comparison(CompareOp.Eq, Expr, E(other))));
    public Column Gt(object? other) => new(new Comparison(CompareOp.Gt, Expr, E(other)));
    public Column Lt(object? other) => new(new Comparison(CompareOp.Lt, Expr, E(other)));
    public Column Geq(object? other) => new(new Comparison(CompareOp.Ge, Expr, E(other)));
    public Column Leq(object? other) => new(new Comparison(CompareOp.Le, Expr, E(other)));
    public Column Plus(object? other) => new(new BinaryArithmetic(ArithmeticOp.Add, Expr, E(other)));
    public Column Minus(object? other) => new(new BinaryArithmetic(ArithmeticOp.Subtract, Expr, E(other)));
    public Column Multiply(object? other) => new(new BinaryArithmetic(ArithmeticOp.Multiply, Expr, E(other)));
    public Column Divide(object? other) => new(new BinaryArithmetic(ArithmeticOp.Divide, Expr, E(other)));
    public Column Mod(object? other) => new(new BinaryArithmetic(ArithmeticOp.Remainder, Expr, E(other)));
    public Column And(Column other) => new(new And(Expr, other.Expr));
    public Column Or(Column other) => new(new Or(Expr, other.Expr));

    /// <summary>Equality where null equals null: <c>a &lt;=&gt; b</c>.</summary>
    public Column EqNullSafe(object? other) => new(new EqualNullSafe(Expr, E(other)));

    /// <summary>Equality where null equals null: <c>a &lt;=&gt; b</c>.</summary>
    public Column EqualNullSafe(object? other) => EqNullSafe(other);

    /// <summary>Names the column: <c>expr AS alias</c>.</summary>
    public Column Alias(string alias) => new(new Alias(Expr is Alias a ? a.Child : Expr, alias));

    /// <summary>Same as <see cref="Alias"/>.</summary>
    public Column As(string alias) => Alias(alias);

    /// <summary>Same as <see cref="Alias"/>.</summary>
    public Column Name(string alias) => Alias(alias);

    /// <summary>Casts to a type given by name (<c>"int"</c>, <c>"double"</c>, <c>"string"</c>, any DDL type).</summary>
    public Column Cast(string to) => Cast(DataType.FromDDL(to));

    /// <summary>Casts to <paramref name="to"/>.</summary>
    public Column Cast(DataType to) => new(new Cast(Expr, to));

    public Column IsNull() => new(new IsNull(Expr));
    public Column IsNotNull() => new(new IsNotNull(Expr));
    public Column IsNaN() => new(FunctionRegistry.Create("isnan", Expr));

    /// <summary><c>x IN (values)</c>.</summary>
    public Column IsIn(params object?[] values)
    {
        var list = values.Length == 1 && values[0] is System.Collections.IEnumerable e && values[0] is not string
            ? e.Cast<object?>().ToArray() : values;
        return new(new In(Expr, list.Select(E).ToArray()));
    }

    /// <summary><c>lower &lt;= x AND x &lt;= upper</c>.</summary>
    public Column Between(object? lower, object? upper) => Geq(lower).And(Leq(upper));

    /// <summary>Adds a branch to a <c>When(...)</c> chain.</summary>
    public Column When(Column condition, object? value)
    {
        if (Expr is not CaseWhen cw || cw.Else != null)
            throw new ArgumentException("When() can only be applied on a Column previously generated by When() function, and cannot be applied once Otherwise() is applied.");
        return new(new CaseWhen(cw.Branches.Append((condition.Expr, E(value))).ToArray(), null));
    }

    /// <summary>The value when no <c>When</c> branch matched.</summary>
    public Column Otherwise(object? value)
    {
        if (Expr is not CaseWhen cw)
            throw new ArgumentException("Otherwise() can only be applied on a Column previously generated by When() function.");
        if (cw.Else != null) throw new ArgumentException("Otherwise() can only be applied once on a Column previously generated by When().");
        return new(new CaseWhen(cw.Branches, E(value)));
    }

    /// <summary>A field of a struct column.</summary>
    public Column GetField(string fieldName) => new(new UnresolvedExtractValue(Expr, Literal.Create(fieldName)));

    /// <summary>An element of an array (by 0-based index) or a value of a map (by key).</summary>
    public Column GetItem(object key) => new(new UnresolvedExtractValue(Expr, E(key)));

    public Column this[string fieldName] => GetField(fieldName);

    public Column Asc() => new(new SortOrder(Expr, true));
    public Column AscNullsFirst() => new(new SortOrder(Expr, true, true));
    public Column AscNullsLast() => new(new SortOrder(Expr, true, false));
    public Column Desc() => new(new SortOrder(Expr, false));
    public Column DescNullsFirst() => new(new SortOrder(Expr, false, true));
    public Column DescNullsLast() => new(new SortOrder(Expr, false, false));

    public Column Like(string pattern) => new(FunctionRegistry.Create("like", Expr, Literal.Create(pattern)));
    public Column RLike(string pattern) => new(FunctionRegistry.Create("rlike", Expr, Literal.Create(pattern)));
    public Column Contains(object other) => new(FunctionRegistry.Create("contains", Expr, E(other)));
    public Column StartsWith(object other) => new(FunctionRegistry.Create("startswith", Expr, E(other)));
    public Column EndsWith(object other) => new(FunctionRegistry.Create("endswith", Expr, E(other)));
    public Column Substr(int startPos, int length) => new(FunctionRegistry.Create("substring", Expr, Literal.Create(startPos), Literal.Create(length)));
    public Column Substr(Column startPos, Column length) => new(FunctionRegistry.Create("substring", Expr, startPos.Expr, length.Expr));

    public override string ToString() => Expr.Sql;
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);
    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}
