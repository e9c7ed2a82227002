using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Expressions;

internal enum ArithmeticOp { Add, Subtract, Multiply, Divide, Remainder, IntegralDivide }

/// <summary><c>a + b</c>, <c>a - b</c>, <c>a * b</c>, <c>a / b</c>, <c>a % b</c>, <c>a div b</c>. The analyzer casts
/// both sides to one type first; <c>/</c> works on doubles (or decimals), as in Spark.</summary>
internal sealed class BinaryArithmetic : BinaryExpression
{
    public BinaryArithmetic(ArithmeticOp op, Expression left, Expression right, DecimalType? decimalResult = null) : base(left, right)
    {
        Op = op;
        DecimalResult = decimalResult;
    }

    public ArithmeticOp Op { get; }

    /// <summary>For decimal operands, the result type by Spark's precision rules (set by type coercion).</summary>
    public DecimalType? DecimalResult { get; }

    public override DataType DataType => Op == ArithmeticOp.IntegralDivide ? LongType.Instance : (DataType?)DecimalResult ?? Left.DataType;
    public override bool Nullable => true;
    protected override Expression WithChildren(Expression left, Expression right) => new BinaryArithmetic(Op, left, right, DecimalResult);
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
            DecimalType => RunDecimal(l, r, n),
            _ => throw new AnalysisException($"Cannot apply {Symbol} to {t.Sql}"),
        };
    }

    private ColumnVector RunDecimal(ColumnVector l, ColumnVector r, int n)
    {
        var raw = (PrimitiveVector<decimal>)Run<decimal>(Left.DataType, l, r, n);
        if (DecimalResult is not { } result || Op == ArithmeticOp.IntegralDivide) return raw;
        // Round to the result's scale and null what overflows its precision, as Spark's non-ANSI decimal arithmetic.
        var v = new PrimitiveVector<decimal>(result, n);
        decimal limit = result.Precision - result.Scale >= 29 ? decimal.MaxValue : Pow10(result.Precision - result.Scale);
        for (int i = 0; i < n; i++)
        {
            if (raw.IsNull(i)) { v.AppendNull(); continue; }
            var x = Cast.Rescale(raw.Values[i], result.Scale);
            if (Math.Abs(x) >= limit) v.AppendNull(); else v.Append(x);
        }
        return v;
    }

    private static decimal Pow10(int digits)
    {
        decimal p = 1;
        for (int i = 0; i < digits; i++) p *= 10;
        return p;
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
