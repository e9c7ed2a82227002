using System.Globalization;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary>Registers this family of Spark's built-in functions.</summary>
internal static class AggregateFunctions
{
    public static void Register()
    {
        foreach (var (name, kind) in new[]
                 {
                     ("stddev", MomentKind.StddevSamp), ("std", MomentKind.StddevSamp), ("stddev_samp", MomentKind.StddevSamp),
                     ("stddev_pop", MomentKind.StddevPop), ("variance", MomentKind.VarSamp), ("var_samp", MomentKind.VarSamp),
                     ("var_pop", MomentKind.VarPop), ("skewness", MomentKind.Skewness), ("kurtosis", MomentKind.Kurtosis),
                 })
            Fx.Builder(name, 1, 1, (a, _) => new CentralMomentAggregate(name, kind, a[0]));
        foreach (var (name, kind) in new[] { ("covar_pop", CovarianceKind.CovarPop), ("covar_samp", CovarianceKind.CovarSamp), ("corr", CovarianceKind.Corr) })
            Fx.Builder(name, 2, 2, (a, _) => new CovarianceAggregate(name, kind, a[0], a[1]));

        Fx.Builder("approx_count_distinct", 1, 2, (a, d) => new DelegateAggregate(ApproxCountDistinct, Fx.Defaults(null, 0.05)(a)));
        Fx.Builder("count_if", 1, 1, (a, d) => new DelegateAggregate(CountIf, a, d));
        foreach (var name in new[] { "bool_and", "every" }) Fx.Builder(name, 1, 1, (a, d) => new DelegateAggregate(BoolAgg(name, and: true), a));
        foreach (var name in new[] { "bool_or", "some", "any" }) Fx.Builder(name, 1, 1, (a, d) => new DelegateAggregate(BoolAgg(name, and: false), a));
        Fx.Builder("max_by", 2, 2, (a, d) => new DelegateAggregate(MaxBy, a));
        Fx.Builder("min_by", 2, 2, (a, d) => new DelegateAggregate(MinBy, a));
        Fx.Builder("product", 1, 1, (a, d) => new DelegateAggregate(Product, a, d));
        Fx.Builder("median", 1, 1, (a, d) => new DelegateAggregate(Median, a));
        Fx.Builder("percentile", 2, 3, (a, d) => new DelegateAggregate(Percentile, Fx.Defaults(null, null, 1L)(a)));
        foreach (var name in new[] { "percentile_approx", "approx_percentile" })
            Fx.Builder(name, 2, 3, (a, d) => new DelegateAggregate(PercentileApprox(name), Fx.Defaults(null, null, 10000)(a)));
        Fx.Builder("sum_distinct", 1, 1, (a, _) => new Sum(a[0], isDistinct: true));
    }

    private static readonly Func<IReadOnlyList<Expression>, DataType> LongT = _ => LongType.Instance, DoubleT = _ => DoubleType.Instance, BoolT = _ => BooleanType.Instance;

    private static Action<Expression, IReadOnlyList<Expression>> RequireBoolean => (f, a) => TypeChecks.Require(f, a, 0, t => t is BooleanType, "\"BOOLEAN\"");

    private static Action<Expression, IReadOnlyList<Expression>> RequireNumeric => (f, a) => TypeChecks.Require(f, a, 0, t => t is NumericType or StringType, "\"NUMERIC\"");

    private static readonly AggregateDef ApproxCountDistinct = new()
    {
        Name = "approx_count_distinct",
        ResultType = LongT,
        BufferType = _ => BinaryType.Instance,
        Nullable = false,
        SqlText = a => $"approx_count_distinct({a[0].Sql})",
        Check = (f, a) =>
        {
            if (a[1] is not Literal { Value: double or float or decimal or int or long })
                throw new AnalysisException($"[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve \"{f.Sql}\" due to data type mismatch: the input rsd should be a foldable \"DOUBLE\" expression; however, got \"{a[1].Sql}\".");
            HyperLogLogPlusPlus.Precision(Fx.ToDouble(((Literal)a[1]).Value!));
        },
        Update = (s, v, inputs) =>
        {
            int p = HyperLogLogPlusPlus.Precision(Fx.ToDouble(v[1]!));
            var registers = (byte[]?)s ?? new byte[1 << p];
            if (v[0] != null) HyperLogLogPlusPlus.Add(registers, p, SparkHashes.Hash(v[0], inputs[0].DataType, 42, xx: true));
            return registers;
        },
        Merge = (s, partial) =>
        {
            var other = (byte[])partial;
            if (s == null) return other.ToArray();
            HyperLogLogPlusPlus.Merge((byte[])s, other);
            return s;
        },
        Finish = (s, inputs) =>
        {
            int p = HyperLogLogPlusPlus.Precision(Fx.ToDouble(((Literal)inputs[1]).Value!));
            return s == null ? 0L : HyperLogLogPlusPlus.Estimate((byte[])s, p);
        },
    };

    private static readonly AggregateDef CountIf = new()
    {
        Name = "count_if",
        ResultType = LongT,
        BufferType = LongT,
        Nullable = false,
        Check = RequireBoolean,
        Update = (s, v, _) => (long)(s ?? 0L) + (v[0] is true ? 1L : 0L),
        Merge = (s, p) => (long)(s ?? 0L) + (long)p,
        Finish = (s, _) => s ?? 0L,
    };

    private static AggregateDef BoolAgg(string name, bool and) => new()
    {
        Name = name,
        ResultType = BoolT,
        BufferType = BoolT,
        Check = RequireBoolean,
        Update = (s, v, _) => v[0] is not bool b ? s : s is bool cur ? (and ? cur && b : cur || b) : b,
        Merge = (s, p) => s is bool cur ? (and ? cur && (bool)p : cur || (bool)p) : p,
    };

    private static AggregateDef ByOrdering(string name, int sign) => new()
    {
        Name = name,
        ResultType = a => a[0].DataType,
        BufferType = a => new StructType(new[] { new StructField("value", a[0].DataType), new StructField("ordering", a[1].DataType) }),
        Update = (s, v, _) => v[1] == null ? s : s == null || GenericCompare.Compare(v[1], Values(s)[1]) * sign > 0 ? new object?[] { v[0], v[1] } : s,
        Merge = (s, p) => s == null || GenericCompare.Compare(Values(p)[1], Values(s)[1]) * sign > 0 ? Values(p) : s,
        Finish = (s, _) => s == null ? null : Values(s)[0],
    };

    private static object?[] Values(object state) => state is Row r ? r.Values : (object?[])state;

    private static readonly AggregateDef MaxBy = ByOrdering("max_by", 1), MinBy = ByOrdering("min_by", -1);

    private static readonly AggregateDef Product = new()
    {
        Name = "product",
        ResultType = DoubleT,
        BufferType = DoubleT,
        InputTypes = _ => new DataType?[] { DoubleType.Instance },
        Check = RequireNumeric,
        Update = (s, v, _) => v[0] is double d ? (s is double cur ? cur * d : d) : s,
        Merge = (s, p) => s is double cur ? cur * (double)p : p,
    };

    /// <summary>States that collect values: a list (appendable as an array buffer).</summary>
    private static object? Collect(object? s, object? value)
    {
        if (value == null) return s;
        var list = s as List<object?> ?? (s is object?[] arr ? new List<object?>(arr) : new List<object?>());
        list.Add(value);
        return list;
    }

    private static object? MergeCollected(object? s, object partial)
    {
        var list = s as List<object?> ?? new List<object?>();
        list.AddRange((object?[])partial);
        return list;
    }

    private static List<object?> Sorted(object? s)
    {
        var list = ((IEnumerable<object?>?)s ?? System.Array.Empty<object?>()).Where(x => x != null).ToList();
        list.Sort(GenericCompare.Compare);
        return list;
    }

    /// <summary>The exact percentile by linear interpolation between the closest ranks.</summary>
    private static double Interpolate(List<object?> sorted, double p)
    {
        double pos = (sorted.Count - 1) * p;
        int lower = (int)Math.Floor(pos), upper = (int)Math.Ceiling(pos);
        double lo = Fx.ToDouble(sorted[lower]!), hi = Fx.ToDouble(sorted[upper]!);
        return lo + (pos - lower) * (hi - lo);
    }

    private static readonly AggregateDef Median = new()
    {
        Name = "median",
        ResultType = DoubleT,
        BufferType = _ => new ArrayType(DoubleType.Instance),
        InputTypes = _ => new DataType?[] { DoubleType.Instance },
        Check = RequireNumeric,
        Update = (s, v, _) => Collect(s, v[0]),
        Merge = MergeCollected,
        Finish = (s, _) => Sorted(s) is { Count: > 0 } sorted ? Interpolate(sorted, 0.5) : null,
    };

    private static void CheckPercentages(Expression f, Expression p)
    {
        if (!p.Foldable) throw TypeChecks.NonFoldable(f, "percentage", p);
        var values = p is Literal { Value: object?[] arr } ? arr : p is Literal { Value: { } one } ? new[] { one } : System.Array.Empty<object?>();
        foreach (var v in values)
        {
            double d = Fx.ToDouble(v!);
            if (d < 0 || d > 1)
                throw new AnalysisException($"[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] Cannot resolve \"{f.Sql}\" due to data type mismatch: The percentage must be between [0.0, 1.0], but got {ValueConverter.ToDisplayString(v)}.");
        }
    }

    private static IReadOnlyList<double>? Percentages(Expression p) => p switch
    {
        Literal { Value: object?[] arr } => arr.Select(x => Fx.ToDouble(x!)).ToArray(),
        Literal { Value: { } one } => new[] { Fx.ToDouble(one) },
        _ => null,
    };

    private static readonly AggregateDef Percentile = new()
    {
        Name = "percentile",
        ResultType = a => a[1].DataType is ArrayType ? new ArrayType(DoubleType.Instance, false) : DoubleType.Instance,
        BufferType = _ => new ArrayType(DoubleType.Instance),
        InputTypes = _ => new DataType?[] { DoubleType.Instance },
        Check = (f, a) => { RequireNumeric(f, a); CheckPercentages(f, a[1]); },
        Update = (s, v, _) => v[2] is long or int && Fx.ToLong(v[2]!) > 1
            ? Enumerable.Range(0, (int)Fx.ToLong(v[2]!)).Aggregate(s, (acc, _) => Collect(acc, v[0]))
            : Collect(s, v[0]),
        Merge = MergeCollected,
        Finish = (s, inputs) =>
        {
            var sorted = Sorted(s);
            if (sorted.Count == 0) return null;
            var ps = Percentages(inputs[1])!;
            if (inputs[1].DataType is ArrayType) return ps.Select(p => (object?)Interpolate(sorted, p)).ToArray();
            return Interpolate(sorted, ps[0]);
        },
    };

    private static AggregateDef PercentileApprox(string name) => new()
    {
        Name = name,
        ResultType = a => a[1].DataType is ArrayType ? new ArrayType(a[0].DataType, false) : a[0].DataType,
        BufferType = a => new ArrayType(a[0].DataType),
        Check = (f, a) =>
        {
            TypeChecks.Require(f, a, 0, t => t is NumericType or DateType or TimestampType, "(\"NUMERIC\" or \"DATE\" or \"TIMESTAMP\")");
            CheckPercentages(f, a[1]);
            if (a[2] is Literal { Value: int acc } && acc <= 0)
                throw new AnalysisException($"[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] Cannot resolve \"{f.Sql}\" due to data type mismatch: The accuracy must be between [1, 2147483647], but got {acc}.");
        },
        Update = (s, v, _) => Collect(s, v[0]),
        Merge = MergeCollected,
        Finish = (s, inputs) =>
        {
            // Exact: the smallest value whose rank reaches p * n, which is what the sketch approximates.
            var sorted = Sorted(s);
            if (sorted.Count == 0) return null;
            object? At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
            var ps = Percentages(inputs[1])!;
            return inputs[1].DataType is ArrayType ? ps.Select(At).ToArray() : At(ps[0]);
        },
    };
}
