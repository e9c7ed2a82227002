using Spate.Expressions;
using Spate.Expressions.Json;
using Spate.Sql.Types;

namespace Spate.Plans.Rules;

/// <summary>
/// Narrows a <c>from_json</c> struct schema to the fields the query reads, so the parser skips the others (Spark's
/// OptimizeCsvJsonExprs). Two shapes: <c>from_json(...).field</c> directly, and a projection
/// <c>from_json(...) AS data</c> whose attribute is read only as <c>data.field</c> by the nodes above it (through
/// filters, sorts, limits and projections that pass <c>data</c> on), up to the nodes that stop outputting it. Field
/// ordinals are rewritten to the narrowed struct. Only for PERMISSIVE parsing without a corrupt-record field:
/// there a field's value does not depend on the other fields, so the narrowed parse gives the same values.
/// </summary>
internal sealed class PruneJsonFields : IOptimizerRule
{
    public string Name => "PruneJsonFields";

    public LogicalPlan Apply(LogicalPlan plan)
    {
        plan = PruneDirectFieldAccess(plan);
        foreach (var (exprId, jts) in Candidates(plan).ToList())
            plan = TryNarrowAttribute(plan, exprId, jts);
        return plan;
    }

    private static bool Prunable(JsonToStructs j, out StructType schema)
    {
        schema = (j.Schema as StructType)!;
        if (schema == null || schema.Fields.Count < 2) return false;
        var options = new JsonOptions(j.Options);
        return options.Mode == JsonParseMode.Permissive && schema.Fields.All(f => f.Name != options.ColumnNameOfCorruptRecord);
    }

    // from_json(x).f: parse only f.
    private static LogicalPlan PruneDirectFieldAccess(LogicalPlan plan) => plan.TransformExpressions(e =>
        e is GetStructField { Child: JsonToStructs j } g && Prunable(j, out var s)
            ? new GetStructField(new JsonToStructs(j.Child, new StructType(new[] { s.Fields[g.Ordinal] }), j.Options), 0)
            : e);

    private static IEnumerable<(ExprId, JsonToStructs)> Candidates(LogicalPlan plan) =>
        new[] { plan }.Concat(plan.Descendants()).OfType<Project>()
            .SelectMany(p => p.ProjectList.OfType<Alias>())
            .Where(a => a.Child is JsonToStructs j && Prunable(j, out _))
            .Select(a => (a.ExprId, (JsonToStructs)a.Child));

    private static LogicalPlan TryNarrowAttribute(LogicalPlan plan, ExprId id, JsonToStructs jts)
    {
        var schema = (StructType)jts.Schema;
        if (plan.Output.Any(a => a.ExprId == id)) return plan; // the query returns the whole struct
        var used = new SortedSet<int>();
        foreach (var node in new[] { plan }.Concat(plan.Descendants()))
        {
            bool defines = node is Project dp && dp.ProjectList.Any(e => e is Alias a && a.ExprId == id);
            // Only nodes whose output is explicit or passed on unchanged may carry the struct.
            if (!defines && node.Output.Any(a => a.ExprId == id) && node is not (Project or Filter or Sort or Limit or Repartition or SubqueryAlias))
                return plan;
            foreach (var e in node.Expressions)
            {
                bool passThrough = node is Project && e is AttributeReference r && r.ExprId == id;
                if (!passThrough && !CollectFieldUses(e, id, used)) return plan;
            }
        }
        if (used.Count == 0 || used.Count == schema.Fields.Count) return plan;

        var ordinals = used.ToArray();
        var remap = new Dictionary<int, int>();
        for (int i = 0; i < ordinals.Length; i++) remap[ordinals[i]] = i;
        var narrowed = new JsonToStructs(jts.Child, new StructType(ordinals.Select(o => schema.Fields[o])), jts.Options);
        var type = narrowed.DataType;
        Expression? Rewrite(Expression x) => x switch
        {
            Alias a when a.ExprId == id && a.Child is JsonToStructs => new Alias(narrowed, a.Name, a.ExprId, a.ExplicitName),
            GetStructField { Child: AttributeReference r } g when r.ExprId == id =>
                new GetStructField(new AttributeReference(r.Name, type, r.Nullable, r.ExprId, r.Qualifier), remap[g.Ordinal]),
            AttributeReference r when r.ExprId == id => new AttributeReference(r.Name, type, r.Nullable, r.ExprId, r.Qualifier),
            _ => null,
        };
        // Top-down, once per expression: a rewritten field access is not visited again.
        return plan.Transform(p =>
        {
            var exprs = p.Expressions;
            if (exprs.Count == 0) return p;
            var updated = exprs.Select(e => e.TransformDown(Rewrite)).ToArray();
            return updated.Where((e, i) => !ReferenceEquals(e, exprs[i])).Any() ? p.WithNewExpressions(updated) : p;
        });
    }

    // Adds the ordinals read through data.field; false when the attribute is used in any other way.
    private static bool CollectFieldUses(Expression e, ExprId id, SortedSet<int> used)
    {
        if (e is GetStructField { Child: AttributeReference r } g && r.ExprId == id)
        {
            used.Add(g.Ordinal);
            return true;
        }
        if (e is AttributeReference a) return a.ExprId != id;
        foreach (var c in e.Children) if (!CollectFieldUses(c, id, used)) return false;
        return true;
    }
}
