using System.Text;
using Spate.Columnar;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary><c>CASE WHEN c1 THEN v1 ... ELSE e END</c>, built by <c>When(...).When(...).Otherwise(...)</c>.</summary>
internal sealed class CaseWhen : Expression
{
    public CaseWhen(IReadOnlyList<(Expression Condition, Expression Value)> branches, Expression? elseValue)
    {
        Branches = branches;
        Else = elseValue;
    }

    public IReadOnlyList<(Expression Condition, Expression Value)> Branches { get; }
    public Expression? Else { get; }

    public override IReadOnlyList<Expression> Children
    {
        get
        {
            var list = new List<Expression>();
            foreach (var (c, v) in Branches) { list.Add(c); list.Add(v); }
            if (Else != null) list.Add(Else);
            return list;
        }
    }

    public override Expression WithNewChildren(IReadOnlyList<Expression> children)
    {
        var branches = new List<(Expression, Expression)>();
        for (int i = 0; i + 1 < children.Count; i += 2) branches.Add((children[i], children[i + 1]));
        return new CaseWhen(branches, children.Count % 2 == 1 ? children[^1] : null);
    }

    public override DataType DataType
    {
        get
        {
            foreach (var (_, v) in Branches) if (v.DataType is not NullType) return v.DataType;
            return Else?.DataType ?? NullType.Instance;
        }
    }

    public override bool Nullable => Else == null || Else.Nullable || Branches.Any(b => b.Value.Nullable);

    public override string Sql
    {
        get
        {
            var sb = new StringBuilder("CASE");
            foreach (var (c, v) in Branches) sb.Append(" WHEN ").Append(c.Sql).Append(" THEN ").Append(v.Sql);
            if (Else != null) sb.Append(" ELSE ").Append(Else.Sql);
            return sb.Append(" END").ToString();
        }
    }

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        int n = batch.RowCount;
        var conds = Branches.Select(b => (PrimitiveVector<bool>)b.Condition.Evaluate(batch)).ToArray();
        var values = Branches.Select(b => b.Value.Evaluate(batch)).ToArray();
        var otherwise = Else?.Evaluate(batch);
        var result = ColumnVector.Create(DataType, n);
        for (int i = 0; i < n; i++)
        {
            int chosen = -1;
            for (int b = 0; b < conds.Length; b++)
                if (!conds[b].IsNull(i) && conds[b].Values[i]) { chosen = b; break; }
            if (chosen >= 0) AppendFrom(result, values[chosen], i);
            else if (otherwise != null) AppendFrom(result, otherwise, i);
            else result.AppendNull();
        }
        return result;
    }

    private static void AppendFrom(ColumnVector result, ColumnVector source, int i)
    {
        if (source.Type is NullType) result.AppendNull();
        else result.AppendFrom(source, i);
    }
}

/// <summary><c>coalesce(a, b, ...)</c>: the first non-null argument.</summary>
internal sealed class Coalesce : Expression
{
    public Coalesce(IReadOnlyList<Expression> children) { ChildList = children; }
    private IReadOnlyList<Expression> ChildList { get; }
    public override IReadOnlyList<Expression> Children => ChildList;
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => new Coalesce(children);
    public override DataType DataType => ChildList.Select(c => c.DataType).FirstOrDefault(t => t is not NullType) ?? NullType.Instance;
    public override bool Nullable => ChildList.All(c => c.Nullable);
    public override string Sql => $"coalesce({string.Join(", ", ChildList.Select(c => c.Sql))})";

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        int n = batch.RowCount;
        var vs = ChildList.Select(c => c.Evaluate(batch)).ToArray();
        var result = ColumnVector.Create(DataType, n);
        for (int i = 0; i < n; i++)
        {
            var v = vs.FirstOrDefault(x => !x.IsNull(i) && x.Type is not NullType);
            if (v == null) result.AppendNull(); else result.AppendFrom(v, i);
        }
        return result;
    }
}

/// <summary>Reads one field of a struct: <c>data.name</c>.</summary>
internal sealed class GetStructField : UnaryExpression
{
    public GetStructField(Expression child, int ordinal) : base(child) { Ordinal = ordinal; }
    public int Ordinal { get; }
    public StructField Field => ((StructType)Child.DataType).Fields[Ordinal];
    public override DataType DataType => Field.DataType;
    public override bool Nullable => Child.Nullable || Field.IsNullable;
    protected override Expression WithChild(Expression child) => new GetStructField(child, Ordinal);
    protected override bool NodeEquals(Expression other) => ((GetStructField)other).Ordinal == Ordinal;
    public override string Sql => $"{Child.Sql}.{Field.Name}";

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        var s = (StructVector)Child.Evaluate(batch);
        var field = s.Children[Ordinal];
        if (!s.HasNulls) return field;
        // A null struct makes its fields null.
        int n = batch.RowCount;
        var result = ColumnVector.Create(field.Type, n);
        for (int i = 0; i < n; i++) { if (s.IsNull(i)) result.AppendNull(); else result.AppendFrom(field, i); }
        return result;
    }
}

/// <summary><c>struct(a, b, ...)</c>: builds a struct from named expressions.</summary>
internal sealed class CreateStruct : Expression
{
    public CreateStruct(IReadOnlyList<string> names, IReadOnlyList<Expression> values) { Names = names; Values = values; }
    public IReadOnlyList<string> Names { get; }
    public IReadOnlyList<Expression> Values { get; }
    public override IReadOnlyList<Expression> Children => Values;
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => new CreateStruct(Names, children);
    public override DataType DataType => new StructType(Names.Zip(Values).Select(p => new StructField(p.First, p.Second.DataType, p.Second.Nullable)));
    public override bool Nullable => false;
    public override string Sql => $"struct({string.Join(", ", Values.Select(v => v.Sql))})";
    protected override bool NodeEquals(Expression other) => ((CreateStruct)other).Names.SequenceEqual(Names);

    public override ColumnVector Evaluate(ColumnBatch batch) =>
        new StructVector((StructType)DataType, Values.Select(v => v.Evaluate(batch)).ToArray(), batch.RowCount);
}

/// <summary>An ordering key for sorts: direction and where nulls go.</summary>
internal sealed class SortOrder : UnaryExpression
{
    public SortOrder(Expression child, bool ascending, bool? nullsFirst = null) : base(child)
    {
        Ascending = ascending;
        NullsFirst = nullsFirst ?? ascending; // Spark: ASC NULLS FIRST, DESC NULLS LAST
    }

    public bool Ascending { get; }
    public bool NullsFirst { get; }
    public override DataType DataType => Child.DataType;
    protected override Expression WithChild(Expression child) => new SortOrder(child, Ascending, NullsFirst);
    protected override bool NodeEquals(Expression other) => ((SortOrder)other).Ascending == Ascending && ((SortOrder)other).NullsFirst == NullsFirst;
    public override string Sql => $"{Child.Sql} {(Ascending ? "ASC" : "DESC")} NULLS {(NullsFirst ? "FIRST" : "LAST")}";
    public override ColumnVector Evaluate(ColumnBatch batch) => Child.Evaluate(batch);
}

/// <summary>Reads one field from every struct of an array: <c>items.price</c> on <c>array&lt;struct&lt;price&gt;&gt;</c>.</summary>
internal sealed class GetArrayStructFields : UnaryExpression
{
    public GetArrayStructFields(Expression child, int ordinal) : base(child) { Ordinal = ordinal; }
    public int Ordinal { get; }
    private StructField Field => ((StructType)((ArrayType)Child.DataType).ElementType).Fields[Ordinal];
    public override DataType DataType => new ArrayType(Field.DataType, ((ArrayType)Child.DataType).ContainsNull || Field.IsNullable);
    protected override Expression WithChild(Expression child) => new GetArrayStructFields(child, Ordinal);
    protected override bool NodeEquals(Expression other) => ((GetArrayStructFields)other).Ordinal == Ordinal;
    public override string Sql => $"{Child.Sql}.{Field.Name}";

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        var a = (ArrayVector)Child.Evaluate(batch);
        var structs = (StructVector)a.Elements;
        var result = new ArrayVector((ArrayType)DataType, batch.RowCount);
        for (int i = 0; i < batch.RowCount; i++)
        {
            if (a.IsNull(i)) { result.AppendNull(); continue; }
            for (int e = a.Offsets[i]; e < a.Offsets[i + 1]; e++)
            {
                if (structs.IsNull(e)) result.Elements.AppendNull();
                else result.Elements.AppendFrom(structs.Children[Ordinal], e);
            }
            result.EndArray();
        }
        return result;
    }
}
