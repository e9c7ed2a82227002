using System.Text;
using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary>A comparison: <c>=</c>, <c>!=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>. Both sides have one type after analysis.</summary>
internal sealed class Comparison : BinaryExpression
{
    public Comparison(CompareOp op, Expression left, Expression right) : base(left, right) { Op = op; }

    public CompareOp Op { get; }
    public override DataType DataType => BooleanType.Instance;
    protected override Expression WithChildren(Expression left, Expression right) => new Comparison(Op, left, right);
    protected override bool NodeEquals(Expression other) => ((Comparison)other).Op == Op;
    public override string Sql => Op == CompareOp.Neq ? $"(NOT ({Left.Sql} = {Right.Sql}))" : $"({Left.Sql} {Op.Symbol()} {Right.Sql})";

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        int n = batch.RowCount;
        var l = Left.Evaluate(batch);
        if (Right is Literal lit && lit.Value != null)
        {
            if (lit.DataType.Equals(Left.DataType)) return CompareScalar(l, lit, n);
        }
        var r = Right.Evaluate(batch);
        return Left.DataType switch
        {
            IntegerType or DateType => Kernels.Compare<int>(l, r, n, Op),
            LongType or TimestampType => Kernels.Compare<long>(l, r, n, Op),
            DoubleType => Kernels.Compare<double>(l, r, n, Op),
            FloatType => Kernels.Compare<float>(l, r, n, Op),
            ShortType => Kernels.Compare<short>(l, r, n, Op),
            ByteType => Kernels.Compare<sbyte>(l, r, n, Op),
            DecimalType => Kernels.Compare<decimal>(l, r, n, Op),
            BooleanType => Kernels.Compare<bool>(l, r, n, Op),
            StringType or BinaryType => Kernels.CompareStrings(l, r, n, Op),
            _ => CompareGeneric(l, r, n),
        };
    }

    private ColumnVector CompareScalar(ColumnVector l, Literal lit, int n)
    {
        var t = Left.DataType;
        switch (t)
        {
            case IntegerType: return Kernels.CompareScalar(l, (int)lit.Value!, n, Op);
            case LongType: return Kernels.CompareScalar(l, (long)lit.Value!, n, Op);
            case DoubleType: return Kernels.CompareScalar(l, (double)lit.Value!, n, Op);
            case StringType: return Kernels.CompareStringScalar(l, Encoding.UTF8.GetBytes((string)lit.Value!), n, Op);
            default:
                return Evaluate2(l, lit.Evaluate(new ColumnBatch(Array.Empty<ColumnVector>(), n)), n);
        }
    }

    private ColumnVector Evaluate2(ColumnVector l, ColumnVector r, int n) =>
        new Comparison(Op, new BoundVector(l), new BoundVector(r)).Evaluate(new ColumnBatch(Array.Empty<ColumnVector>(), n));

    private ColumnVector CompareGeneric(ColumnVector l, ColumnVector r, int n)
    {
        var result = new PrimitiveVector<bool>(BooleanType.Instance, n);
        for (int i = 0; i < n; i++)
        {
            if (l.IsNull(i) || r.IsNull(i)) { result.AppendNull(); continue; }
            result.Append(Op.Test(GenericCompare.Compare(l.GetValue(i), r.GetValue(i))));
        }
        return result;
    }
}

/// <summary><c>a &lt;=&gt; b</c>: equality where two nulls are equal and never null itself.</summary>
internal sealed class EqualNullSafe : BinaryExpression
{
    public EqualNullSafe(Expression left, Expression right) : base(left, right) { }
    public override DataType DataType => BooleanType.Instance;
    public override bool Nullable => false;
    protected override Expression WithChildren(Expression left, Expression right) => new EqualNullSafe(left, right);
    public override string Sql => $"({Left.Sql} <=> {Right.Sql})";

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        int n = batch.RowCount;
        var l = Left.Evaluate(batch);
        var r = Right.Evaluate(batch);
        var eq = (PrimitiveVector<bool>)new Comparison(CompareOp.Eq, new BoundVector(l), new BoundVector(r)).Evaluate(batch);
        var result = new PrimitiveVector<bool>(BooleanType.Instance, n);
        for (int i = 0; i < n; i++)
        {
            bool ln = l.IsNull(i), rn = r.IsNull(i);
            result.Values[i] = ln || rn ? ln && rn : eq.Values[i];
        }
        result.SetLength(n);
        return result;
    }
}

/// <summary>Three-valued <c>AND</c>.</summary>
internal sealed class And : BinaryExpression
{
    public And(Expression left, Expression right) : base(left, right) { }
    public override DataType DataType => BooleanType.Instance;
    protected override Expression WithChildren(Expression left, Expression right) => new And(left, right);
    public override string Sql => $"({Left.Sql} AND {Right.Sql})";

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        int n = batch.RowCount;
        var l = (PrimitiveVector<bool>)Left.Evaluate(batch);
        var r = (PrimitiveVector<bool>)Right.Evaluate(batch);
        var result = new PrimitiveVector<bool>(BooleanType.Instance, n);
        result.SetLength(n);
        bool nulls = l.HasNulls || r.HasNulls;
        for (int i = 0; i < n; i++)
        {
            if (!nulls) { result.Values[i] = l.Values[i] && r.Values[i]; continue; }
            bool ln = l.IsNull(i), rn = r.IsNull(i);
            bool lv = l.Values[i], rv = r.Values[i];
            if ((!ln && !lv) || (!rn && !rv)) result.Values[i] = false;
            else if (ln || rn) result.SetNull(i);
            else result.Values[i] = true;
        }
        return result;
    }
}

/// <summary>Three-valued <c>OR</c>.</summary>
internal sealed class Or : BinaryExpression
{
    public Or(Expression left, Expression right) : base(left, right) { }
    public override DataType DataType => BooleanType.Instance;
    protected override Expression WithChildren(Expression left, Expression right) => new Or(left, right);
    public override string Sql => $"({Left.Sql} OR {Right.Sql})";

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        int n = batch.RowCount;
        var l = (PrimitiveVector<bool>)Left.Evaluate(batch);
        var r = (PrimitiveVector<bool>)Right.Evaluate(batch);
        var result = new PrimitiveVector<bool>(BooleanType.Instance, n);
        result.SetLength(n);
        bool nulls = l.HasNulls || r.HasNulls;
        for (int i = 0; i < n; i++)
        {
            if (!nulls) { result.Values[i] = l.Values[i] || r.Values[i]; continue; }
            bool ln = l.IsNull(i), rn = r.IsNull(i);
            bool lv = l.Values[i], rv = r.Values[i];
            if ((!ln && lv) || (!rn && rv)) result.Values[i] = true;
            else if (ln || rn) result.SetNull(i);
            else result.Values[i] = false;
        }
        return result;
    }
}

/// <summary><c>NOT</c>.</summary>
internal sealed class Not : UnaryExpression
{
    public Not(Expression child) : base(child) { }
    public override DataType DataType => BooleanType.Instance;
    protected override Expression WithChild(Expression child) => new Not(child);
    public override string Sql => $"(NOT {Child.Sql})";

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        var v = (PrimitiveVector<bool>)Child.Evaluate(batch);
        int n = batch.RowCount;
        var result = new PrimitiveVector<bool>(BooleanType.Instance, n);
        for (int i = 0; i < n; i++) result.Values[i] = !v.Values[i];
        result.SetLength(n);
        result.ValidityBits = Kernels.CopyNulls(v, n);
        return result;
    }
}

/// <summary><c>x IS NULL</c>.</summary>
internal sealed class IsNull : UnaryExpression
{
    public IsNull(Expression child) : base(child) { }
    public override DataType DataType => BooleanType.Instance;
    public override bool Nullable => false;
    protected override Expression WithChild(Expression child) => new IsNull(child);
    public override string Sql => $"({Child.Sql} IS NULL)";

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        var v = Child.Evaluate(batch);
        int n = batch.RowCount;
        var result = new PrimitiveVector<bool>(BooleanType.Instance, n);
        for (int i = 0; i < n; i++) result.Values[i] = v.IsNull(i);
        result.SetLength(n);
        return result;
    }
}

/// <summary><c>x IS NOT NULL</c>.</summary>
internal sealed class IsNotNull : UnaryExpression
{
    public IsNotNull(Expression child) : base(child) { }
    public override DataType DataType => BooleanType.Instance;
    public override bool Nullable => false;
    protected override Expression WithChild(Expression child) => new IsNotNull(child);
    public override string Sql => $"({Child.Sql} IS NOT NULL)";

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        var v = Child.Evaluate(batch);
        int n = batch.RowCount;
        var result = new PrimitiveVector<bool>(BooleanType.Instance, n);
        for (int i = 0; i < n; i++) result.Values[i] = !v.IsNull(i);
        result.SetLength(n);
        return result;
    }
}

/// <summary><c>x IN (a, b, ...)</c> with SQL null semantics.</summary>
internal sealed class In : Expression
{
    public In(Expression value, IReadOnlyList<Expression> list) { Value = value; List = list; }
    public Expression Value { get; }
    public IReadOnlyList<Expression> List { get; }
    public override IReadOnlyList<Expression> Children => new[] { Value }.Concat(List).ToArray();
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => new In(children[0], children.Skip(1).ToArray());
    public override DataType DataType => BooleanType.Instance;
    public override bool Nullable => true;
    public override string Sql => $"({Value.Sql} IN ({string.Join(", ", List.Select(e => e.Sql))}))";

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        int n = batch.RowCount;
        var v = Value.Evaluate(batch);
        var result = new PrimitiveVector<bool>(BooleanType.Instance, n);
        result.SetLength(n);
        if (List.All(e => e is Literal))
        {
            var set = new HashSet<object>(List.Select(e => ((Literal)e).Value).Where(x => x != null)!);
            bool hasNull = List.Any(e => ((Literal)e).Value == null);
            for (int i = 0; i < n; i++)
            {
                if (v.IsNull(i)) { result.SetNull(i); continue; }
                bool found = set.Contains(v.GetValue(i)!);
                if (found) result.Values[i] = true;
                else if (hasNull) result.SetNull(i);
            }
            return result;
        }
        var items = List.Select(e => e.Evaluate(batch)).ToArray();
        for (int i = 0; i < n; i++)
        {
            if (v.IsNull(i)) { result.SetNull(i); continue; }
            var x = v.GetValue(i);
            bool sawNull = false, found = false;
            foreach (var item in items)
            {
                if (item.IsNull(i)) { sawNull = true; continue; }
                if (GenericCompare.Compare(x, item.GetValue(i)) == 0) { found = true; break; }
            }
            if (found) result.Values[i] = true;
            else if (sawNull) result.SetNull(i);
        }
        return result;
    }
}

/// <summary>Ordering of external values of the same type, for the generic (non-vectorized) paths.</summary>
internal static class GenericCompare
{
    public static int Compare(object? a, object? b)
    {
        if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
        switch (a)
        {
            case double x when b is double y: return ValueCompare.Compare(x, y);
            case float x when b is float y: return ValueCompare.Compare(x, y);
            case string x when b is string y: return CompareUtf8(x, y);
            case byte[] x when b is byte[] y: return x.AsSpan().SequenceCompareTo(y);
            case Row x when b is Row y:
                for (int i = 0; i < Math.Min(x.Values.Length, y.Values.Length); i++)
                {
                    int c = Compare(x.Values[i], y.Values[i]);
                    if (c != 0) return c;
                }
                return x.Values.Length.CompareTo(y.Values.Length);
            case object?[] x when b is object?[] y:
                for (int i = 0; i < Math.Min(x.Length, y.Length); i++)
                {
                    int c = Compare(x[i], y[i]);
                    if (c != 0) return c;
                }
                return x.Length.CompareTo(y.Length);
            case IComparable c when a.GetType() == b.GetType(): return c.CompareTo(b);
        }
        return string.CompareOrdinal(a.ToString(), b.ToString());
    }

    /// <summary>Compares as UTF-8 bytes (code point order), as Spark compares strings.</summary>
    public static int CompareUtf8(string x, string y)
    {
        int n = Math.Min(x.Length, y.Length);
        for (int i = 0; i < n; i++)
        {
            char a = x[i], b = y[i];
            if (a == b) continue;
            // Surrogates sort after the BMP in code point order.
            bool sa = char.IsSurrogate(a), sb = char.IsSurrogate(b);
            if (sa != sb) return sa ? 1 : -1;
            return a.CompareTo(b);
        }
        return x.Length.CompareTo(y.Length);
    }
}
