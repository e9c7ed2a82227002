using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary>Builds a function call from its (possibly unresolved) arguments.</summary>
internal delegate Expression FunctionBuilder(IReadOnlyList<Expression> args, bool isDistinct);

/// <summary>
/// Spark's built-in functions by name. Both <c>Functions.Upper(col)</c> and the SQL expression <c>upper(x)</c> come
/// here, so a function is defined once. Families of functions register themselves from their own files.
/// </summary>
internal static class FunctionRegistry
{
    private static readonly Dictionary<string, FunctionBuilder> Builders = new(StringComparer.OrdinalIgnoreCase);

    static FunctionRegistry()
    {
        RegisterCore();
        foreach (var register in FunctionFamilies.All) register();
    }

    public static void Register(string name, FunctionBuilder builder) => Builders[name] = builder;

    public static bool Exists(string name) => Builders.ContainsKey(name);

    public static IEnumerable<string> Names => Builders.Keys;

    /// <summary>Builds a call of <paramref name="name"/>; arguments may still be unresolved (the analyzer resolves them).</summary>
    public static Expression Create(string name, params Expression[] args) => Build(name, args, false);

    public static Expression Build(string name, IReadOnlyList<Expression> args, bool isDistinct)
    {
        if (!Builders.TryGetValue(name, out var builder))
        {
            var similar = Builders.Keys.Where(k => k.Contains(name, StringComparison.OrdinalIgnoreCase) || name.Contains(k, StringComparison.OrdinalIgnoreCase)).Take(3).ToList();
            throw new AnalysisException($"[UNRESOLVED_ROUTINE] Cannot resolve routine `{name}` on search path [`system`.`builtin`, `system`.`session`]."
                + (similar.Count > 0 ? $" Did you mean {string.Join(", ", similar.Select(s => "`" + s + "`"))}?" : ""));
        }
        return builder(args, isDistinct);
    }

    /// <summary>Resolves a call from a SQL string, once its arguments are resolved.</summary>
    public static Expression Resolve(string name, IReadOnlyList<Expression> args, bool isDistinct) => Build(name, args, isDistinct);

    public static AnalysisException WrongArgs(string name, int given, string expected) =>
        new($"[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `{name}` requires {expected} parameters but the actual number is {given}. Please, refer to 'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix.");

    public static void Arity(string name, IReadOnlyList<Expression> args, int min, int max = -1)
    {
        if (max < 0) max = min;
        if (args.Count < min || args.Count > max)
            throw WrongArgs(name, args.Count, min == max ? min.ToString() : max == int.MaxValue ? $"at least {min}" : $"[{min}, {max}]");
    }

    private static void RegisterCore()
    {
        Register("count", (a, d) =>
        {
            if (a.Count == 0) throw WrongArgs("count", 0, "at least 1");
            if (a.Count == 1 && a[0] is UnresolvedStar) return Count.Star();
            return new Count(a, d);
        });
        Register("sum", (a, d) => { Arity("sum", a, 1); return new Sum(a[0], d); });
        Register("avg", (a, d) => { Arity("avg", a, 1); return new Average(a[0], d); });
        Register("mean", (a, d) => { Arity("mean", a, 1); return new Average(a[0], d); });
        Register("min", (a, d) => { Arity("min", a, 1); return new ValueAggregate(ValueAggregateKind.Min, a[0]); });
        Register("max", (a, d) => { Arity("max", a, 1); return new ValueAggregate(ValueAggregateKind.Max, a[0]); });
        Register("first", (a, d) => { Arity("first", a, 1, 2); return new ValueAggregate(ValueAggregateKind.First, a[0], IgnoreNulls(a)); });
        Register("first_value", (a, d) => { Arity("first_value", a, 1, 2); return new ValueAggregate(ValueAggregateKind.First, a[0], IgnoreNulls(a)); });
        Register("any_value", (a, d) => { Arity("any_value", a, 1, 2); return new ValueAggregate(ValueAggregateKind.First, a[0], IgnoreNulls(a)); });
        Register("last", (a, d) => { Arity("last", a, 1, 2); return new ValueAggregate(ValueAggregateKind.Last, a[0], IgnoreNulls(a)); });
        Register("last_value", (a, d) => { Arity("last_value", a, 1, 2); return new ValueAggregate(ValueAggregateKind.Last, a[0], IgnoreNulls(a)); });
        Register("collect_list", (a, d) => { Arity("collect_list", a, 1); return new Collect(a[0], set: false); });
        Register("array_agg", (a, d) => { Arity("array_agg", a, 1); return new Collect(a[0], set: false); });
        Register("collect_set", (a, d) => { Arity("collect_set", a, 1); return new Collect(a[0], set: true); });
        Register("coalesce", (a, d) => { Arity("coalesce", a, 1, int.MaxValue); return new Coalesce(a); });
        Register("isnull", (a, d) => { Arity("isnull", a, 1); return new IsNull(a[0]); });
        Register("isnotnull", (a, d) => { Arity("isnotnull", a, 1); return new IsNotNull(a[0]); });
        Register("explode", (a, d) => { Arity("explode", a, 1); return new Explode(a[0], false); });
        Register("explode_outer", (a, d) => { Arity("explode_outer", a, 1); return new Explode(a[0], false, outer: true); });
        Register("posexplode", (a, d) => { Arity("posexplode", a, 1); return new Explode(a[0], true); });
        Register("posexplode_outer", (a, d) => { Arity("posexplode_outer", a, 1); return new Explode(a[0], true, outer: true); });
        Register("if", (a, d) => { Arity("if", a, 3); return new CaseWhen(new[] { (a[0], a[1]) }, a[2]); });
        Register("struct", (a, d) => new CreateStruct(a.Select((x, i) => x switch
        {
            NamedExpression n => n.Name,
            UnresolvedAttribute u => u.NameParts[^1],
            _ => "col" + (i + 1),
        }).ToArray(), a.Select(x => x is Alias al ? al.Child : x).ToArray()));
    }

    private static bool IgnoreNulls(IReadOnlyList<Expression> a) => a.Count > 1 && a[1] is Literal { Value: true };
}

