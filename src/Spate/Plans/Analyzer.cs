using Spate.Expressions;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Plans;

/// <summary>
/// Resolves a new plan node against its already-resolved children: column names to attributes (with struct
/// field access and <c>*</c> expansion), function names to functions, implicit casts, and Spark's checks.
/// The DataFrame API analyses each node as it is built, so errors surface where the user wrote them.
/// </summary>
internal static class Analyzer
{
    /// <summary>Resolves the expressions of <paramref name="plan"/> (whose children are resolved) and checks the node.</summary>
    public static LogicalPlan ResolveNode(LogicalPlan plan)
    {
        switch (plan)
        {
            case Project p:
                {
                    var list = ExpandStars(p.ProjectList.Cast<Expression>(), p.Child).Select(e => Named(ResolveExpression(e, p.Child.Output))).ToArray();
                    CheckResolved(list, p.Child.Output);
                    CheckNoAggregates(list, "SELECT");
                    return CheckGenerators(new Project(list, p.Child));
                }
            case Filter f:
                {
                    var cond = ResolveExpression(f.Condition, f.Child.Output);
                    if (cond.DataType is not BooleanType and not NullType)
                        throw new AnalysisException($"[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve \"{cond.Sql}\" due to data type mismatch: Filter expression \"{cond.Sql}\" of type \"{cond.DataType.Sql}\" is not a boolean.");
                    CheckNoAggregates(new[] { cond }, "WHERE");
                    return new Filter(cond, f.Child);
                }
            case Aggregate a:
                {
                    var grouping = ExpandStars(a.Grouping, a.Child).Select(e => ResolveExpression(e, a.Child.Output)).ToArray();
                    var aggs = ExpandStars(a.Aggregates.Cast<Expression>(), a.Child).Select(e => Named(ResolveExpression(e, a.Child.Output))).ToArray();
                    CheckAggregate(grouping, aggs);
                    return ExpandSessionWindows(ExpandTimeWindows(new Aggregate(grouping, aggs, a.Child)));
                }
            case Sort s:
                {
                    var order = s.Order.Select(o => (SortOrder)ResolveExpression(o, s.Child.Output)).ToArray();
                    return new Sort(order, s.Global, s.Child);
                }
            case Join j:
                {
                    if (j.Condition == null) return j;
                    var cond = ResolveExpression(j.Condition, j.Left.Output.Concat(j.Right.Output).ToArray());
                    if (cond.DataType is not BooleanType)
                        throw new AnalysisException($"[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Join condition \"{cond.Sql}\" of type \"{cond.DataType.Sql}\" is not a boolean.");
                    return new Join(j.Left, j.Right, j.JoinType, cond);
                }
            case Repartition r:
                return new Repartition(r.NumPartitions, r.Keys.Select(k => ResolveExpression(k, r.Child.Output)).ToArray(), r.Child);
            case Union u:
                {
                    int n = u.Children[0].Output.Count;
                    foreach (var c in u.Children.Skip(1))
                        if (c.Output.Count != n)
                            throw new AnalysisException($"[NUM_COLUMNS_MISMATCH] UNION can only be performed on inputs with the same number of columns, but the first input has {n} columns and the second input has {c.Output.Count} columns.");
                    // Widen column types where the inputs differ.
                    var types = Enumerable.Range(0, n).Select(i =>
                        u.Children.Select(c => c.Output[i].DataType).Aggregate((x, y) => TypeCoercion.WiderTypeWithStrings(x, y)
                            ?? throw new AnalysisException($"[INCOMPATIBLE_COLUMN_TYPE] UNION can only be performed on tables with compatible column types. The {Ordinal(i + 1)} column of the second table is \"{y.Sql}\" type which is not compatible with \"{x.Sql}\" at the same column of the first table."))).ToArray();
                    var children = u.Children.Select(c =>
                        c.Output.Select((a, i) => a.DataType.Equals(types[i])).All(x => x) ? c
                            : new Project(c.Output.Select((a, i) => a.DataType.Equals(types[i]) ? (NamedExpression)a : new Alias(TypeCoercion.CastTo(a, types[i]), a.Name)).ToArray(), c)).ToArray();
                    return new Union(children);
                }
            default:
                return plan;
        }
    }

    private static void CheckResolved(IEnumerable<Expression> exprs, IReadOnlyList<AttributeReference> input)
    {
        foreach (var e in exprs)
            if (!e.Resolved)
                throw new AnalysisException($"[UNRESOLVED_COLUMN] Cannot resolve \"{e.Sql}\" with input columns [{string.Join(", ", input.Select(a => "`" + a.Name + "`"))}].");
    }

    /// <summary>Grouping by <c>window(...)</c>: every row is expanded into the windows that contain it (a Generate under
    /// the aggregate), and the window becomes a column named <c>window</c>, as Spark's TimeWindowing rule does.</summary>
    private static LogicalPlan ExpandTimeWindows(Aggregate a)
    {
        var window = a.Grouping.SelectMany(g => g.Descendants()).OfType<TimeWindow>().FirstOrDefault();
        if (window == null) return a;
        if (a.Grouping.SelectMany(g => g.Descendants()).OfType<TimeWindow>().Any(w => !w.SemanticEquals(window)))
            throw new AnalysisException("[MULTIPLE_TIME_TRAVEL_SPEC] Multiple time window expressions would result in a cartesian product of rows, therefore they are currently not supported.");
        var attr = AttributeReference.Create("window", TimeWindow.WindowType, false);
        var generate = new Generate(new WindowGenerator(window), outer: false, new[] { attr }, a.Child);
        Expression Replace(Expression e) => e.TransformDown(x => x is TimeWindow w && w.SemanticEquals(window) ? attr : null);
        return new Aggregate(a.Grouping.Select(Replace).ToArray(), a.Aggregates.Select(e => (NamedExpression)Replace(e)).ToArray(), generate);
    }

    /// <summary>Grouping by <c>session_window(...)</c>: each row gets its own session <c>[time, time + gap)</c> (a Generate
    /// under the aggregate, dropping rows without one) in a column named <c>session_window</c>; the planner merges the
    /// overlapping sessions of each key before aggregating, as Spark's SessionWindowing rule and MergingSessionsExec do.</summary>
    private static LogicalPlan ExpandSessionWindows(LogicalPlan plan)
    {
        if (plan is not Aggregate a) return plan;
        var session = a.Grouping.SelectMany(g => g.Descendants()).OfType<SessionWindow>().FirstOrDefault();
        if (session == null) return a;
        if (a.Grouping.SelectMany(g => g.Descendants()).OfType<SessionWindow>().Any(w => !w.SemanticEquals(session))
            || a.Child is Generate { Generator: WindowGenerator })
            throw new AnalysisException("Multiple time/session window expressions would result in a cartesian product of rows, therefore they are currently not supported.");
        var attr = AttributeReference.Create("session_window", TimeWindow.WindowType, false);
        var generate = new Generate(new SessionWindowGenerator(session), outer: false, new[] { attr }, a.Child);
        Expression Replace(Expression e) => e.TransformDown(x => x is SessionWindow w && w.SemanticEquals(session) ? attr : null);
        return new Aggregate(a.Grouping.Select(Replace).ToArray(), a.Aggregates.Select(e => (NamedExpression)Replace(e)).ToArray(), generate);
    }

    private static string Ordinal(int i) => i switch { 1 => "first", 2 => "second", 3 => "third", _ => i + "th" };

    /// <summary>Resolves names, functions and types in <paramref name="e"/> against <paramref name="input"/>.</summary>
    public static Expression ResolveExpression(Expression e, IReadOnlyList<AttributeReference> input)
    {
        e = ExpandStarArguments(e, input);
        var resolved = e.Transform(node => node switch
        {
            UnresolvedAttribute u => ResolveAttribute(u, input),
            UnresolvedFunction f => TypeCoercion.Coerce(FunctionRegistry.Resolve(f.Name, f.Arguments, f.IsDistinct)),
            UnresolvedAlias ua when ua.Child.Resolved => Named(ua.Child),
            UnresolvedExtractValue x when x.Left.Resolved && x.Right.Resolved => ResolveExtract(x),
            UnresolvedStar s => throw new AnalysisException($"[INVALID_USAGE_OF_STAR_OR_REGEX] Invalid usage of '{s.Sql}' in this expression."),
            Cast c when c.Child.Resolved && !Cast.CanCast(c.Child.DataType, c.Target) =>
                throw new AnalysisException($"[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] Cannot resolve \"{c.Sql}\" due to data type mismatch: cannot cast \"{c.Child.DataType.Sql}\" to \"{c.Target.Sql}\"."),
            _ => node.Resolved ? TypeCoercion.Coerce(StripInnerAlias(node)) : node,
        });
        return resolved;
    }

    /// <summary><c>struct(*)</c>, <c>concat(data.*)</c>: a star among a function's arguments stands for the columns (or
    /// struct fields) it names, as Spark expands it; <c>count(*)</c> keeps its meaning.</summary>
    private static Expression ExpandStarArguments(Expression e, IReadOnlyList<AttributeReference> input) => e.TransformDown(node =>
    {
        switch (node)
        {
            case CreateStruct cs when cs.Values.Any(v => v is UnresolvedStar):
                {
                    var names = new List<string>();
                    var values = new List<Expression>();
                    for (int i = 0; i < cs.Values.Count; i++)
                    {
                        if (cs.Values[i] is not UnresolvedStar star) { names.Add(cs.Names[i]); values.Add(ExpandStarArguments(cs.Values[i], input)); continue; }
                        foreach (var x in ExpandStar(star, input)) { names.Add(x is NamedExpression n ? n.Name : x.Sql); values.Add(x is Alias a ? a.Child : x); }
                    }
                    return new CreateStruct(names, values);
                }
            case UnresolvedFunction f when f.Arguments.Any(a => a is UnresolvedStar) && !(f.Arguments.Count == 1 && f.Name.Equals("count", StringComparison.OrdinalIgnoreCase)):
                return new UnresolvedFunction(f.Name, f.Arguments.SelectMany(a => a is UnresolvedStar s ? ExpandStar(s, input).Select(x => x is Alias al ? al.Child : x) : new[] { ExpandStarArguments(a, input) }).ToArray(), f.IsDistinct);
            default:
                return null;
        }
    });

    private static IEnumerable<Expression> ExpandStar(UnresolvedStar star, IReadOnlyList<AttributeReference> input)
    {
        if (star.Target == null) return input;
        var qualified = input.Where(a => a.Qualifier != null && star.Target.Count == 1 && Eq(a.Qualifier, star.Target[0])).ToList();
        if (qualified.Count > 0) return qualified;
        var target = ResolveExpression(new UnresolvedAttribute(star.Target), input);
        if (target is Alias al) target = al.Child;
        if (target.DataType is not StructType st)
            throw new AnalysisException($"[CANNOT_RESOLVE_STAR_EXPAND] Cannot resolve `{string.Join(".", star.Target)}`.* given input columns {string.Join(", ", input.Select(a => "`" + a.Name + "`"))}.");
        return st.Fields.Select((f, i) => (Expression)new Alias(new GetStructField(target, i), f.Name, explicitName: false));
    }

    // Nested aliases (from Col("data.name") inside an expression) only name top-level columns.
    private static Expression StripInnerAlias(Expression node)
    {
        if (node.Children.All(c => c is not Alias)) return node;
        return node.WithNewChildren(node.Children.Select(c => c is Alias a ? a.Child : c).ToArray());
    }

    private static NamedExpression Named(Expression e) => e switch
    {
        NamedExpression n => n,
        _ => new Alias(e, AutoName(e), explicitName: false),
    };

    /// <summary>The column name Spark generates for an unaliased expression.</summary>
    public static string AutoName(Expression e) => e switch
    {
        NamedExpression n => n.Name,
        Cast { Implicit: true } c => AutoName(c.Child),
        _ => e.Sql,
    };

    /// <summary>Resolves <c>a</c>, <c>t.a</c>, <c>a.b.c</c> (struct fields) against the input attributes.</summary>
    public static Expression ResolveAttribute(UnresolvedAttribute u, IReadOnlyList<AttributeReference> input)
    {
        var parts = u.NameParts;
        var candidates = new List<(AttributeReference Attr, int Used)>();
        if (parts.Count >= 2)
            foreach (var a in input)
                if (a.Qualifier != null && Eq(a.Qualifier, parts[0]) && Eq(a.Name, parts[1])) candidates.Add((a, 2));
        if (candidates.Count == 0)
            foreach (var a in input)
                if (Eq(a.Name, parts[0])) candidates.Add((a, 1));
        // A column named with dots ("a.b") matches the whole name.
        if (candidates.Count == 0 && parts.Count > 1)
            foreach (var a in input)
                if (Eq(a.Name, string.Join(".", parts))) candidates.Add((a, parts.Count));
        var distinct = candidates.DistinctBy(c => c.Attr.ExprId).ToList();
        if (distinct.Count > 1)
            throw new AnalysisException(
                $"[AMBIGUOUS_REFERENCE] Reference `{u.Name}` is ambiguous, could be: [{string.Join(", ", distinct.Select(c => QuotedName(c.Attr)))}].");
        if (distinct.Count == 0) throw UnresolvedColumn(u.Name, input);
        var (attr, used) = distinct[0];
        Expression result = attr;
        for (int i = used; i < parts.Count; i++) result = ExtractField(result, parts[i], u.Name);
        return used < parts.Count ? new Alias(result, parts[^1], explicitName: false) : result;
    }

    private static Expression ResolveExtract(UnresolvedExtractValue x)
    {
        var target = x.Left is Alias { ExplicitName: false } a ? a.Child : x.Left;
        switch (target.DataType)
        {
            case StructType when x.Right is Literal { Value: string name }:
                return ExtractField(target, name, name);
            case ArrayType { ElementType: StructType } when x.Right is Literal { Value: string name }:
                return ExtractField(target, name, name);
            case ArrayType:
                return FunctionRegistry.Resolve("get", new[] { target, x.Right }, false);
            case MapType:
                return FunctionRegistry.Resolve("element_at", new[] { target, x.Right }, false);
            default:
                throw new AnalysisException(
                    $"[INVALID_EXTRACT_BASE_FIELD_TYPE] Can't extract a value from \"{target.Sql}\". Need a complex type [STRUCT, ARRAY, MAP] but got \"{target.DataType.Sql}\".");
        }
    }

    private static Expression ExtractField(Expression e, string field, string fullName)
    {
        switch (e.DataType)
        {
            case StructType s:
                int idx = s.FieldIndex(field);
                if (idx < 0)
                    throw new AnalysisException(
                        $"[FIELD_NOT_FOUND] No such struct field `{field}` in {string.Join(", ", s.Fields.Select(f => "`" + f.Name + "`"))}.");
                return new GetStructField(e, idx);
            case MapType { KeyType: StringType }:
                return FunctionRegistry.Resolve("element_at", new Expression[] { e, new Literal(field, StringType.Instance) }, false);
            case ArrayType { ElementType: StructType es } at:
                {
                    int i = es.FieldIndex(field);
                    if (i < 0) throw new AnalysisException($"[FIELD_NOT_FOUND] No such struct field `{field}` in {string.Join(", ", es.Fields.Select(f => "`" + f.Name + "`"))}.");
                    return new GetArrayStructFields(e, i);
                }
            default:
                throw new AnalysisException(
                    $"[INVALID_EXTRACT_BASE_FIELD_TYPE] Can't extract a value from \"{e.Sql}\". Need a complex type [STRUCT, ARRAY, MAP] but got \"{e.DataType.Sql}\".");
        }
    }

    private static bool Eq(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string QuotedName(AttributeReference a) => a.Qualifier != null ? $"`{a.Qualifier}`.`{a.Name}`" : $"`{a.Name}`";

    public static AnalysisException UnresolvedColumn(string name, IReadOnlyList<AttributeReference> input)
    {
        var suggestions = input.Select(QuotedName).Distinct()
            .OrderBy(s => Levenshtein(s.Replace("`", "").ToLowerInvariant(), name.ToLowerInvariant())).Take(5).ToList();
        return new AnalysisException(suggestions.Count == 0
            ? $"[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] A column or function parameter with name `{name}` cannot be resolved."
            : $"[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name `{name}` cannot be resolved. Did you mean one of the following? [{string.Join(", ", suggestions)}].");
    }

    private static int Levenshtein(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }

    /// <summary>Expands <c>*</c> and <c>data.*</c> into the columns (or struct fields) they stand for.</summary>
    private static IEnumerable<Expression> ExpandStars(IEnumerable<Expression> exprs, LogicalPlan child)
    {
        foreach (var e in exprs)
        {
            var star = e as UnresolvedStar ?? (e is Alias { Child: UnresolvedStar s2 } ? s2 : e is UnresolvedAlias { Child: UnresolvedStar s3 } ? s3 : null);
            if (star == null) { yield return e; continue; }
            if (star.Target == null)
            {
                foreach (var a in child.Output) yield return a;
                continue;
            }
            // t.* for a qualified plan, else a struct column's fields.
            var qualified = child.Output.Where(a => a.Qualifier != null && star.Target.Count == 1 && Eq(a.Qualifier, star.Target[0])).ToList();
            if (qualified.Count > 0)
            {
                foreach (var a in qualified) yield return a;
                continue;
            }
            var target = ResolveExpression(new UnresolvedAttribute(star.Target), child.Output);
            if (target is Alias al) target = al.Child;
            if (target.DataType is not StructType st)
                throw new AnalysisException($"[CANNOT_RESOLVE_STAR_EXPAND] Cannot resolve `{string.Join(".", star.Target)}`.* given input columns {string.Join(", ", child.Output.Select(a => "`" + a.Name + "`"))}. Please check that the specified table or struct exists and is accessible in the input columns.");
            for (int i = 0; i < st.Fields.Count; i++) yield return new Alias(new GetStructField(target, i), st.Fields[i].Name, explicitName: false);
        }
    }

    private static void CheckNoAggregates(IEnumerable<Expression> exprs, string clause)
    {
        foreach (var e in exprs)
        {
            var agg = e.Descendants().OfType<AggregateFunction>().FirstOrDefault();
            if (agg != null)
                throw new AnalysisException(clause == "WHERE"
                    ? $"[INVALID_WHERE_CONDITION] The WHERE condition \"{e.Sql}\" contains invalid expressions: {agg.Sql}. Rewrite the query to avoid window functions, aggregate functions, and generator functions in the WHERE clause."
                    : $"[MISSING_GROUP_BY] The query does not include a GROUP BY clause. Add GROUP BY or turn it into the window functions using OVER clauses. The aggregate function {agg.Sql} is used without GroupBy; use Agg() or GroupBy().Agg().");
        }
    }

    private static LogicalPlan CheckGenerators(Project p)
    {
        var generators = p.ProjectList.SelectMany(e => e.Descendants().OfType<Generator>()).ToList();
        if (generators.Count == 0) return p;
        if (generators.Count > 1)
            throw new AnalysisException($"[UNSUPPORTED_GENERATOR.MULTI_GENERATOR] The generator is not supported: only one generator allowed per SELECT clause but found {generators.Count}: {string.Join(", ", generators.Select(g => "\"" + g.Sql + "\""))}.");
        // Rewrite SELECT a, explode(x) AS c into Generate + Project, as Spark's ExtractGenerator does.
        var gen = generators[0];
        var owner = p.ProjectList.First(e => e.Descendants().Contains(gen));
        var inner = owner is Alias a ? a.Child : owner;
        if (!ReferenceEquals(inner, gen))
            throw new AnalysisException($"[UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS] The generator is not supported: nested in expressions \"{owner.Sql}\".");
        var schema = gen.ElementSchema;
        var names = owner is Alias { ExplicitName: true } al && schema.Fields.Count == 1 ? new[] { al.Name } : schema.FieldNames();
        var genOutput = schema.Fields.Select((f, i) => AttributeReference.Create(names[i], f.DataType, f.IsNullable)).ToArray();
        var generate = new Generate(gen, outer: gen.Outer, genOutput, p.Child);
        var list = new List<NamedExpression>();
        foreach (var e in p.ProjectList)
        {
            if (ReferenceEquals(e, owner)) list.AddRange(genOutput);
            else list.Add(e);
        }
        return new Project(list, generate);
    }

    private static void CheckAggregate(Expression[] grouping, NamedExpression[] aggs)
    {
        foreach (var agg in aggs)
        {
            foreach (var bad in NonAggregatedReferences(agg, grouping))
                throw new AnalysisException(
                    $"[MISSING_AGGREGATION] The non-aggregating expression \"{bad.Name}\" is based on columns which are not participating in the GROUP BY clause. Add the columns or the expression to the GROUP BY, aggregate the expression, or use \"any_value({bad.Name})\" if you do not care which of the values within a group is returned.");
            foreach (var f in agg.Descendants().OfType<AggregateFunction>())
                if (f.Children.Any(c => c.Descendants().OfType<AggregateFunction>().Any()))
                    throw new AnalysisException($"[NESTED_AGGREGATE_FUNCTION] It is not allowed to use an aggregate function in the argument of another aggregate function. Please use the inner aggregate function in a sub-query.");
        }
    }

    private static IEnumerable<AttributeReference> NonAggregatedReferences(Expression e, Expression[] grouping)
    {
        if (grouping.Any(g => g.SemanticEquals(e) || (g is Alias ga && ga.Child.SemanticEquals(e)))) yield break;
        if (e is AggregateFunction) yield break;
        if (e is AttributeReference a) { yield return a; yield break; }
        foreach (var c in e.Children)
            foreach (var r in NonAggregatedReferences(c, grouping)) yield return r;
    }
}
