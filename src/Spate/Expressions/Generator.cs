using Spate.Columnar;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary>An expression that turns one input row into zero or more output rows (<c>explode</c>, <c>posexplode</c>).</summary>
internal abstract class Generator : Expression
{
    /// <summary>The columns each generated row has.</summary>
    public abstract StructType ElementSchema { get; }

    /// <summary>Generates rows for every input row: <paramref name="sourceRows"/> receives, per output row, the input row it came from.</summary>
    public abstract ColumnVector[] Generate(ColumnBatch batch, List<int> sourceRows, bool outer);

    /// <summary>True for the <c>_outer</c> variants, which keep input rows that generate nothing (with nulls).</summary>
    public virtual bool Outer => false;

    public override DataType DataType => ElementSchema;
    public override bool Nullable => false;
    public override bool Foldable => false;
    public override ColumnVector Evaluate(ColumnBatch batch) => throw new InvalidOperationException($"{Sql} is a generator: use it in Select or WithColumn.");
}

/// <summary><c>explode(array)</c> / <c>explode(map)</c> / <c>posexplode</c>.</summary>
internal sealed class Explode : Generator
{
    public Explode(Expression child, bool withPosition, bool outer = false) { Child = child; WithPosition = withPosition; _outer = outer; }
    private readonly bool _outer;
    public Expression Child { get; }
    public bool WithPosition { get; }
    public override bool Outer => _outer;
    public override IReadOnlyList<Expression> Children => new[] { Child };
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => new Explode(children[0], WithPosition, _outer);
    protected override bool NodeEquals(Expression other) => ((Explode)other).WithPosition == WithPosition && ((Explode)other).Outer == Outer;
    public override string Sql => $"{(WithPosition ? "posexplode" : "explode")}{(_outer ? "_outer" : "")}({Child.Sql})";

    public override StructType ElementSchema
    {
        get
        {
            var fields = new List<StructField>();
            if (WithPosition) fields.Add(new StructField("pos", IntegerType.Instance, false));
            switch (Child.DataType)
            {
                case ArrayType a: fields.Add(new StructField("col", a.ElementType, a.ContainsNull)); break;
                case MapType m:
                    fields.Add(new StructField("key", m.KeyType, false));
                    fields.Add(new StructField("value", m.ValueType, m.ValueContainsNull));
                    break;
                default:
                    throw new Spate.Sql.AnalysisException($"[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{Sql}\" due to data type mismatch: The first parameter requires the (\"ARRAY\" or \"MAP\") type, however \"{Child.Sql}\" has the type \"{Child.DataType.Sql}\".");
            }
            return new StructType(fields);
        }
    }

    public override ColumnVector[] Generate(ColumnBatch batch, List<int> sourceRows, bool outer)
    {
        var v = Child.Evaluate(batch);
        var schema = ElementSchema;
        var outputs = schema.Fields.Select(f => ColumnVector.Create(f.DataType, batch.RowCount)).ToArray();
        int o = 0;
        PrimitiveVector<int>? pos = WithPosition ? (PrimitiveVector<int>)outputs[o++] : null;
        for (int i = 0; i < batch.RowCount; i++)
        {
            int start, end;
            if (v.IsNull(i)) { start = end = 0; }
            else if (v is ArrayVector a) { start = a.Offsets[i]; end = a.Offsets[i + 1]; }
            else { var m = (MapVector)v; start = m.Offsets[i]; end = m.Offsets[i + 1]; }
            if (start == end && outer)
            {
                sourceRows.Add(i);
                foreach (var output in outputs) output.AppendNull();
                continue;
            }
            for (int e = start; e < end; e++)
            {
                sourceRows.Add(i);
                pos?.Append(e - start);
                if (v is ArrayVector av) outputs[o].AppendFrom(av.Elements, e);
                else
                {
                    var mv = (MapVector)v;
                    outputs[o].AppendFrom(mv.Keys, e);
                    outputs[o + 1].AppendFrom(mv.Values, e);
                }
            }
        }
        return outputs;
    }
}
