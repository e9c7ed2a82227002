using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Expressions;

internal enum ArithmeticOp { Add, Subtract, Multiply, Divide, Remainder, IntegralDivide }

/// <summary><c>a + b</c>, <c>a - b</c>, <c>a * b</c>, <c>a / b</c>, <c>a % b</c>, <c>a div b</c>. The analyzer casts
/// both sides to one type first; <c>/</c> works on doubles (or decimals), as in Spark.</summary>
internal sealed class BinaryArithmetic : BinaryExpression
{
    public BinaryArithmetic(ArithmeticOp op, Expression left, Expression right) : base(left, right) { Op = op; }

    public ArithmeticOp Op { get; }

    public override DataType DataType => Op == ArithmeticOp.IntegralDivide ? LongType.Instance : Left.DataType;
    public override bool Nullable => true;
    protected override Expression WithChildren(Expression left, Expression right) => new BinaryArithmetic(Op, left, right);
    protected override bool NodeEquals(Expression other) => ((BinaryArithmetic)other).Op == Op;

    public string Symbol => Op switch
    {
        ArithmeticOp.Add => "+",
        ArithmeticOp.Subtract => "-",
        ArithmeticOp.Multiply => "*",
        ArithmeticOp.Divide => "/",
        ArithmeticOp.Remainder => "%",
        _ => "div",
    };

    public override string Sql => $"({Left.Sql} {Symbol} {Right.Sql})";

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        var l = Left.Evaluate(batch);
        var r = Right.Evaluate(batch);
        int n = batch.RowCount;
        var t = Left.DataType;
        return t switch
        {
            IntegerType => Run<int>(t, l, r, n),
            LongType => Run<long>(t, l, r, n),
            DoubleType => Run<double>(t, l, r, n),
            FloatType => Run<float>(t, l, r, n),
            ShortType => Run<short>(t, l, r, n),
            ByteType => Run<sbyte>(t, l, r, n),
            DecimalType => Run<decimal>(t, l, r, n),
            _ => throw new AnalysisException($"Cannot apply {Symbol} to {t.Sql}"),
        };
    }

    private ColumnVector Run<T>(DataType t, ColumnVector l, ColumnVector r, int n) where T : unmanaged, System.Numerics.INumber<T>
    {
        switch (Op)
        {
            case ArithmeticOp.Add: return Kernels.Arithmetic<T, AddOp<T>>(t, l, r, n);
            case ArithmeticOp.Subtract: return Kernels.Arithmetic<T, SubtractOp<T>>(t, l, r, n);
            case ArithmeticOp.Multiply: return Kernels.Arithmetic<T, MultiplyOp<T>>(t, l, r, n);
            case ArithmeticOp.Divide: return Kernels.DivideLike<T>(t, l, r, n, remainder: false);
            case ArithmeticOp.Remainder: return Kernels.DivideLike<T>(t, l, r, n, remainder: true);
            default:
                {
                    var q = Kernels.DivideLike<T>(t, l, r, n, remainder: false);
                    var result = new PrimitiveVector<long>(LongType.Instance, n);
                    for (int i = 0; i < n; i++) result.Values[i] = long.CreateTruncating(q.Values[i]);
                    result.SetLength(n);
                    result.ValidityBits = q.ValidityBits;
                    return result;
                }
        }
    }
}

/// <summary>Unary minus.</summary>
internal sealed class UnaryMinus : UnaryExpression
{
    public UnaryMinus(Expression child) : base(child) { }
    public override DataType DataType => Child.DataType;
    protected override Expression WithChild(Expression child) => new UnaryMinus(child);
    public override string Sql => $"(- {Child.Sql})";

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        var v = Child.Evaluate(batch);
        var zero = ColumnVector.Constant(DataType, Convert.ChangeType(0, ValueKind(DataType)), batch.RowCount);
        return new BinaryArithmetic(ArithmeticOp.Subtract, new BoundVector(zero), new BoundVector(v)).Evaluate(batch);
    }

    private static Type ValueKind(DataType t) => t switch
    {
        IntegerType => typeof(int), LongType => typeof(long), DoubleType => typeof(double), FloatType => typeof(float),
        ShortType => typeof(short), ByteType => typeof(sbyte), DecimalType => typeof(decimal),
        _ => throw new AnalysisException($"Cannot negate a value of type {t.Sql}"),
    };
}

/// <summary>A vector already computed, wrapped as an expression so kernels can be reused.</summary>
internal sealed class BoundVector : LeafExpression
{
    private readonly ColumnVector _vector;
    public BoundVector(ColumnVector vector) { _vector = vector; }
    public override DataType DataType => _vector.Type;
    public override bool Nullable => _vector.HasNulls;
    public override bool Foldable => false;
    public override ColumnVector Evaluate(ColumnBatch batch) => _vector;
    public override string Sql => "<vector>";
}
