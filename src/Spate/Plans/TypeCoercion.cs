using Spate.Expressions;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Plans;

/// <summary>Spark's implicit casts (non-ANSI): widening numerics, promoting strings in comparisons and arithmetic,
/// unifying branches of CASE/COALESCE/IN, and casting function arguments to their expected types.</summary>
internal static class TypeCoercion
{
    private static int NumericRank(DataType t) => t switch
    {
        ByteType => 1, ShortType => 2, IntegerType => 3, LongType => 4, DecimalType => 5, FloatType => 6, DoubleType => 7, _ => 0,
    };

    /// <summary>The narrowest type both can be cast to without losing range, or null.</summary>
    public static DataType? WiderType(DataType a, DataType b)
    {
        if (a.Equals(b)) return a;
        if (a is NullType) return b;
        if (b is NullType) return a;
        if (a is NumericType && b is NumericType)
        {
            if (a is DecimalType da && b is DecimalType db)
            {
                int scale = Math.Max(da.Scale, db.Scale);
                int intDigits = Math.Max(da.Precision - da.Scale, db.Precision - db.Scale);
                return new DecimalType(Math.Min(38, intDigits + scale), scale);
            }
            if (a is DecimalType d1 && b is IntegralType) return WiderType(d1, IntegralAsDecimal(b));
            if (b is DecimalType d2 && a is IntegralType) return WiderType(IntegralAsDecimal(a), d2);
            if (a is DecimalType || b is DecimalType) return DoubleType.Instance;
            return NumericRank(a) >= NumericRank(b) ? a : b;
        }
        if (a is DateType && b is TimestampType || a is TimestampType && b is DateType) return TimestampType.Instance;
        if (a is ArrayType aa && b is ArrayType ab)
        {
            var e = WiderType(aa.ElementType, ab.ElementType);
            return e == null ? null : new ArrayType(e, aa.ContainsNull || ab.ContainsNull);
        }
        if (a is StructType sa && b is StructType sb && sa.Fields.Count == sb.Fields.Count)
        {
            var fields = new List<StructField>();
            for (int i = 0; i < sa.Fields.Count; i++)
            {
                var t = WiderType(sa.Fields[i].DataType, sb.Fields[i].DataType);
                if (t == null) return null;
                fields.Add(new StructField(sa.Fields[i].Name, t, sa.Fields[i].IsNullable || sb.Fields[i].IsNullable));
            }
            return new StructType(fields);
        }
        return null;
    }

    /// <summary>Like <see cref="WiderType"/>, but strings absorb other atomic types (CASE branches, COALESCE, IN lists).</summary>
    public static DataType? WiderTypeWithStrings(DataType a, DataType b)
    {
        var w = WiderType(a, b);
        if (w != null) return w;
        if ((a is StringType && b is AtomicType) || (b is StringType && a is AtomicType)) return StringType.Instance;
        return null;
    }

    /// <summary>Both operands as decimals, when one is decimal and the other decimal or integral.</summary>
    private static (DecimalType, DecimalType)? DecimalOperands(DataType a, DataType b)
    {
        if (a is not DecimalType && b is not DecimalType) return null;
        DecimalType? Of(DataType t) => t switch { DecimalType d => d, IntegralType => IntegralAsDecimal(t), _ => null };
        return Of(a) is { } x && Of(b) is { } y ? (x, y) : null;
    }

    /// <summary>Spark's decimal result types (DecimalPrecision, with precision loss allowed past 38 digits).</summary>
    public static DecimalType DecimalResultType(ArithmeticOp op, DecimalType a, DecimalType b)
    {
        int p1 = a.Precision, s1 = a.Scale, p2 = b.Precision, s2 = b.Scale;
        var (p, s) = op switch
        {
            ArithmeticOp.Add or ArithmeticOp.Subtract => (Math.Max(p1 - s1, p2 - s2) + Math.Max(s1, s2) + 1, Math.Max(s1, s2)),
            ArithmeticOp.Multiply => (p1 + p2 + 1, s1 + s2),
            ArithmeticOp.Divide => (p1 - s1 + s2 + Math.Max(6, s1 + p2 + 1), Math.Max(6, s1 + p2 + 1)),
            _ => (Math.Min(p1 - s1, p2 - s2) + Math.Max(s1, s2), Math.Max(s1, s2)),
        };
        if (p <= 38) return new DecimalType(Math.Max(1, p), s);
        int intDigits = p - s;
        int minScale = Math.Min(s, 6);
        return new DecimalType(38, Math.Max(38 - intDigits, minScale));
    }

    private static DecimalType IntegralAsDecimal(DataType t) => t switch
    {
        ByteType => new DecimalType(3, 0), ShortType => new DecimalType(5, 0), IntegerType => new DecimalType(10, 0), _ => new DecimalType(20, 0),
    };

    public static Expression CastTo(Expression e, DataType t)
    {
        if (e.DataType.Equals(t)) return e;
        if (e is Literal { Value: null }) return new Literal(null, t);
        // Implicit casts keep the child's SQL, so generated column names do not change; the optimizer folds literals.
        return new Cast(e, t, implicitCast: true);
    }

    /// <summary>Applies the coercion rules to one resolved node (its children are already coerced).</summary>
    public static Expression Coerce(Expression e)
    {
        switch (e)
        {
            case BinaryArithmetic a:
                {
                    var l = a.Left; var r = a.Right;
                    if (l.DataType is StringType) l = CastTo(l, DoubleType.Instance);
                    if (r.DataType is StringType) r = CastTo(r, DoubleType.Instance);
                    if (a.Op == ArithmeticOp.Divide && !(l.DataType is DecimalType && r.DataType is DecimalType or IntegralType) && !(r.DataType is DecimalType && l.DataType is IntegralType))
                    {
                        l = CastTo(l, DoubleType.Instance);
                        r = CastTo(r, DoubleType.Instance);
                    }
                    CheckNumeric(a, l);
                    CheckNumeric(a, r);
                    if (DecimalOperands(l.DataType, r.DataType) is var (d1, d2) && a.Op != ArithmeticOp.IntegralDivide)
                    {
                        var wide = WiderType(d1, d2)!;
                        return new BinaryArithmetic(a.Op, CastTo(l, wide), CastTo(r, wide), DecimalResultType(a.Op, d1, d2));
                    }
                    var t = WiderType(l.DataType, r.DataType) ?? throw BinaryMismatch(a, a.Symbol, l, r);
                    if (t is NullType) t = a.Op == ArithmeticOp.Divide ? DoubleType.Instance : IntegerType.Instance;
                    l = CastTo(l, t); r = CastTo(r, t);
                    return ReferenceEquals(l, a.Left) && ReferenceEquals(r, a.Right) ? a : new BinaryArithmetic(a.Op, l, r);
                }
            case Comparison c:
                {
                    var (l, r) = CoerceComparable(c, c.Op.Symbol(), c.Left, c.Right);
                    return ReferenceEquals(l, c.Left) && ReferenceEquals(r, c.Right) ? c : new Comparison(c.Op, l, r);
                }
            case EqualNullSafe c:
                {
                    var (l, r) = CoerceComparable(c, "<=>", c.Left, c.Right);
                    return ReferenceEquals(l, c.Left) && ReferenceEquals(r, c.Right) ? c : new EqualNullSafe(l, r);
                }
            case And or Or:
                {
                    var b = (BinaryExpression)e;
                    var l = RequireBoolean(e, b.Left);
                    var r = RequireBoolean(e, b.Right);
                    if (ReferenceEquals(l, b.Left) && ReferenceEquals(r, b.Right)) return e;
                    return e is And ? new And(l, r) : new Or(l, r);
                }
            case Not n:
                {
                    var c = RequireBoolean(e, n.Child);
                    return ReferenceEquals(c, n.Child) ? n : new Not(c);
                }
            case UnaryMinus m:
                {
                    if (m.Child.DataType is StringType) return new UnaryMinus(CastTo(m.Child, DoubleType.Instance));
                    CheckNumeric(m, m.Child);
                    return m;
                }
            case CaseWhen cw:
                {
                    foreach (var (cond, _) in cw.Branches)
                        if (cond.DataType is not BooleanType and not NullType)
                            throw new AnalysisException($"[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{cw.Sql}\" due to data type mismatch: Parameter 1 requires the \"BOOLEAN\" type, however \"{cond.Sql}\" has the type \"{cond.DataType.Sql}\".");
                    var types = cw.Branches.Select(b => b.Value.DataType).Concat(cw.Else != null ? new[] { cw.Else.DataType } : Array.Empty<DataType>());
                    var t = Common(cw, types);
                    var branches = cw.Branches.Select(b => (CastTo(b.Condition, BooleanType.Instance), CastTo(b.Value, t))).ToList();
                    return new CaseWhen(branches, cw.Else == null ? null : CastTo(cw.Else, t));
                }
            case Coalesce co:
                {
                    var t = Common(co, co.Children.Select(c => c.DataType));
                    return new Coalesce(co.Children.Select(c => CastTo(c, t)).ToArray());
                }
            case In i:
                {
                    var t = Common(i, i.Children.Select(c => c.DataType));
                    return new In(CastTo(i.Value, t), i.List.Select(x => CastTo(x, t)).ToArray());
                }
            case ScalarFunction f when f.ExpectedInputTypes is { } expected:
                return CoerceArguments(f, expected);
            case AggregateFunction f when f.ExpectedInputTypes is { } expected:
                return CoerceArguments(f, expected);
        }
        return e;
    }

    private static Expression CoerceArguments(Expression f, IReadOnlyList<DataType?> expected)
    {
        var args = f.Children.ToArray();
        bool changed = false;
        for (int i = 0; i < args.Length && i < expected.Count; i++)
        {
            var t = expected[i];
            if (t == null || args[i].DataType.Equals(t)) continue;
            if (!Cast.CanCast(args[i].DataType, t) || (args[i].DataType is not AtomicType and not NullType && t is not StringType))
                throw new AnalysisException(
                    $"[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{f.Sql}\" due to data type mismatch: Parameter {i + 1} requires the \"{t.Sql}\" type, however \"{args[i].Sql}\" has the type \"{args[i].DataType.Sql}\".");
            args[i] = CastTo(args[i], t);
            changed = true;
        }
        return changed ? f.WithNewChildren(args) : f;
    }

    private static DataType Common(Expression e, IEnumerable<DataType> types)
    {
        DataType? t = NullType.Instance;
        foreach (var x in types)
        {
            t = WiderTypeWithStrings(t!, x);
            if (t == null)
                throw new AnalysisException($"[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve \"{e.Sql}\" due to data type mismatch: Input to `{FunctionName(e)}` should all be the same type, but it's [{string.Join(", ", types.Select(y => "\"" + y.Sql + "\""))}].");
        }
        return t!;
    }

    private static string FunctionName(Expression e) => e switch { CaseWhen => "casewhen", Coalesce => "coalesce", In => "in", _ => e.GetType().Name.ToLowerInvariant() };

    private static (Expression, Expression) CoerceComparable(Expression node, string symbol, Expression l, Expression r)
    {
        var lt = l.DataType; var rt = r.DataType;
        if (lt.Equals(rt)) return (l, r);
        if (lt is StringType && rt is AtomicType && rt is not BinaryType) return (CastTo(l, rt is DecimalType ? DoubleType.Instance : rt), rt is DecimalType ? CastTo(r, DoubleType.Instance) : r);
        if (rt is StringType && lt is AtomicType && lt is not BinaryType) return (lt is DecimalType ? CastTo(l, DoubleType.Instance) : l, CastTo(r, lt is DecimalType ? DoubleType.Instance : lt));
        var t = WiderType(lt, rt);
        if (t == null) throw BinaryMismatch(node, symbol, l, r);
        if (t is NullType) t = BooleanType.Instance;
        return (CastTo(l, t), CastTo(r, t));
    }

    private static Expression RequireBoolean(Expression node, Expression child)
    {
        if (child.DataType is BooleanType) return child;
        if (child.DataType is NullType) return new Literal(null, BooleanType.Instance);
        throw new AnalysisException(
            $"[DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE] Cannot resolve \"{node.Sql}\" due to data type mismatch: the binary operator requires the input type \"BOOLEAN\", not \"{child.DataType.Sql}\".");
    }

    private static void CheckNumeric(Expression node, Expression child)
    {
        if (child.DataType is NumericType or NullType) return;
        throw new AnalysisException(
            $"[DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE] Cannot resolve \"{node.Sql}\" due to data type mismatch: the binary operator requires the input type (\"NUMERIC\" or \"INTERVAL DAY TO SECOND\" or \"INTERVAL YEAR TO MONTH\" or \"INTERVAL\"), not \"{child.DataType.Sql}\".");
    }

    private static AnalysisException BinaryMismatch(Expression node, string symbol, Expression l, Expression r) =>
        new($"[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve \"{node.Sql}\" due to data type mismatch: the left and right operands of the binary operator have incompatible types (\"{l.DataType.Sql}\" and \"{r.DataType.Sql}\").");
}
