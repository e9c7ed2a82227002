using Spate.Expressions;
using Spate.Sql;

namespace Spate.Plans.Sql;

/// <summary>One parsed <c>SELECT</c> block, before it is built into a DataFrame.</summary>
internal sealed class SelectSpec
{
    public SelectSpec(SparkSession session) { Session = session; }
    public SparkSession Session { get; }
    public bool Distinct { get; set; }
    public List<Expression> Items { get; } = new();
    public DataFrame? From { get; set; }
    public Expression? Where { get; set; }
    public List<Expression>? GroupBy { get; set; }
    public Expression? Having { get; set; }
}

/// <summary>
/// Builds a <see cref="SelectSpec"/> with the DataFrame API: FROM, WHERE, then either a projection or an aggregate
/// (GROUP BY, or aggregate functions in the select list), HAVING as a filter over the aggregate's output, DISTINCT,
/// ORDER BY and LIMIT. HAVING and ORDER BY may use select aliases, ordinals, aggregates and columns that are not
/// selected: those become hidden columns of the aggregate (or projection), dropped again after the filter or sort.
/// </summary>
internal static class SelectBuilder
{
    public static DataFrame Build(SparkSession session, SelectSpec spec, IReadOnlyList<SortOrder> order, int? limit)
    {
        var child = spec.From ?? QueryParser.OneRow(session);
        if (spec.Where != null) child = child.Where(new Column(spec.Where));
        bool aggregate = spec.GroupBy != null || spec.Having != null || spec.Items.Any(ContainsAggregate);
        var df = aggregate ? BuildAggregate(session, spec, child, order) : BuildProject(session, spec, child, order);
        return limit is int n ? df.Limit(n) : df;
    }

    /// <summary>Sorts <paramref name="df"/> by expressions over its own output (after a UNION, or with DISTINCT).</summary>
    public static DataFrame SortByOutput(DataFrame df, IReadOnlyList<SortOrder> order)
    {
        var output = df.Plan.Output;
        var sorted = order.Select(o => new Column(WithChild(o, Analyzer.ResolveExpression(SubstituteOutput(Ordinal(o.Child, output), output), output)))).ToArray();
        return df.OrderBy(sorted);
    }

    private static DataFrame BuildProject(SparkSession session, SelectSpec spec, DataFrame child, IReadOnlyList<SortOrder> order)
    {
        var projected = child.Select(spec.Items.Select(i => new Column(i)).ToArray());
        if (spec.Distinct) projected = projected.Distinct();
        if (order.Count == 0) return projected;
        if (spec.Distinct) return SortByOutput(projected, order);

        // ORDER BY may name select aliases, or input columns that were not selected.
        var visible = projected.Plan.Output;
        var resolved = order.Select(o => WithChild(o, Analyzer.ResolveExpression(SubstituteOutput(Ordinal(o.Child, visible), visible), child.Plan.Output))).ToArray();
        var visibleIds = visible.Select(a => a.ExprId).ToHashSet();
        var missing = resolved.SelectMany(o => o.References()).Where(a => !visibleIds.Contains(a.ExprId)).DistinctBy(a => a.ExprId).ToArray();
        if (missing.Length == 0) return projected.OrderBy(resolved.Select(o => new Column(o)).ToArray());
        var project = (Project)projected.Plan;
        var widened = session.Wrap(Analyzer.ResolveNode(new Project(project.ProjectList.Concat(missing).ToArray(), project.Child)));
        return widened.OrderBy(resolved.Select(o => new Column(o)).ToArray()).Select(visible.Select(a => new Column(a)).ToArray());
    }

    private static DataFrame BuildAggregate(SparkSession session, SelectSpec spec, DataFrame child, IReadOnlyList<SortOrder> order)
    {
        var input = child.Plan.Output;
        var grouping = (spec.GroupBy ?? new List<Expression>()).Select(g => GroupingExpression(g, spec.Items, input)).ToArray();
        var agg = (Aggregate)Analyzer.ResolveNode(new Aggregate(grouping, spec.Items.Select(DataFrame.AsNamed).ToArray(), child.Plan));
        var visible = agg.Output;
        var hidden = new List<NamedExpression>();

        // Rewrites a HAVING / ORDER BY expression over the aggregate's output, adding what it lacks as hidden columns.
        Expression OverAggregate(Expression e)
        {
            var resolved = Analyzer.ResolveExpression(SubstituteOutput(e, visible), input);
            return resolved.TransformDown(node =>
            {
                var known = agg.Aggregates.Concat(hidden);
                if (node is AttributeReference a && known.Any(k => k.ExprId == a.ExprId)) return a;
                bool grouped = node is not Literal && agg.Grouping.Any(g => g.SemanticEquals(node));
                if (node is not (AggregateFunction or AttributeReference) && !grouped) return null;
                var existing = known.FirstOrDefault(k => (k is Alias al ? al.Child : k).SemanticEquals(node));
                if (existing != null) return existing.ToAttribute();
                NamedExpression extra = node as AttributeReference ?? (NamedExpression)new Alias(node, node.Sql, explicitName: false);
                hidden.Add(extra);
                return extra.ToAttribute();
            });
        }

        var having = spec.Having != null ? OverAggregate(spec.Having) : null;
        var sort = spec.Distinct ? null : order.Select(o => WithChild(o, OverAggregate(Ordinal(o.Child, visible)))).ToArray();
        if (hidden.Count > 0)
            agg = (Aggregate)Analyzer.ResolveNode(new Aggregate(agg.Grouping, agg.Aggregates.Concat(hidden).ToArray(), agg.Child));
        var df = session.Wrap(agg);
        if (having != null) df = df.Where(new Column(having));
        var visibleColumns = visible.Select(a => new Column(a)).ToArray();
        if (spec.Distinct)
        {
            if (hidden.Count > 0) df = df.Select(visibleColumns);
            df = df.Distinct();
            return order.Count > 0 ? SortByOutput(df, order) : df;
        }
        if (sort!.Length > 0) df = df.OrderBy(sort.Select(o => new Column(o)).ToArray());
        return hidden.Count > 0 ? df.Select(visibleColumns) : df;
    }

    /// <summary>GROUP BY 1 (a select-list position) and GROUP BY alias (a select alias that is not an input column).</summary>
    private static Expression GroupingExpression(Expression g, List<Expression> items, IReadOnlyList<AttributeReference> input)
    {
        if (g is Literal { Value: int k })
        {
            if (k < 1 || k > items.Count)
                throw new AnalysisException($"[GROUP_BY_POS_OUT_OF_RANGE] GROUP BY position {k} is not in select list (valid range is [1, {items.Count}]).");
            var item = items[k - 1];
            var e = item is Alias a ? a.Child : item;
            if (ContainsAggregate(e))
                throw new AnalysisException($"[GROUP_BY_POS_AGGREGATE] GROUP BY {k} refers to an expression {e.Sql} that contains an aggregate function. Aggregate functions are not allowed in GROUP BY.");
            return e;
        }
        if (g is UnresolvedAttribute { NameParts.Count: 1 } u && !input.Any(x => Eq(x.Name, u.NameParts[0])))
        {
            var aliased = items.OfType<Alias>().FirstOrDefault(x => Eq(x.Name, u.NameParts[0]));
            if (aliased != null) return aliased.Child;
        }
        return g;
    }

    /// <summary>ORDER BY 2: the second output column.</summary>
    private static Expression Ordinal(Expression e, IReadOnlyList<AttributeReference> output)
    {
        if (e is not Literal { Value: int k }) return e;
        if (k < 1 || k > output.Count)
            throw new AnalysisException($"[ORDER_BY_POS_OUT_OF_RANGE] ORDER BY position {k} is not in select list (valid range is [1, {output.Count}]).");
        return output[k - 1];
    }

    /// <summary>Replaces single-part names that match an output column (a select alias) by that column, outside aggregate calls.</summary>
    private static Expression SubstituteOutput(Expression e, IReadOnlyList<AttributeReference> output) =>
        e.TransformDown(node =>
        {
            if (node is AggregateFunction || (node is UnresolvedFunction f && IsAggregateCall(f))) return node;
            if (node is UnresolvedAttribute { NameParts.Count: 1 } u)
            {
                var matches = output.Where(a => Eq(a.Name, u.NameParts[0])).DistinctBy(a => a.ExprId).ToList();
                if (matches.Count == 1) return matches[0];
            }
            return null;
        });

    private static SortOrder WithChild(SortOrder o, Expression child) => new(child, o.Ascending, o.NullsFirst);

    private static bool Eq(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="e"/> calls an aggregate function (so the SELECT is an aggregation).</summary>
    public static bool ContainsAggregate(Expression e) =>
        e.Descendants().Any(d => d is AggregateFunction || (d is UnresolvedFunction f && IsAggregateCall(f)));

    // Builders accept unresolved arguments, so building tells whether the name is an aggregate.
    private static bool IsAggregateCall(UnresolvedFunction f)
    {
        if (!FunctionRegistry.Exists(f.Name)) return false;
        try
        {
            return FunctionRegistry.Build(f.Name, f.Arguments, f.IsDistinct) is AggregateFunction;
        }
        catch (Exception ex) when (ex is AnalysisException or InvalidOperationException or ArgumentException)
        {
            return false;
        }
    }
}
