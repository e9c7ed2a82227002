using Spate.Expressions;
using Spate.Expressions.Json;
using Spate.Sources;
using Spate.Sql.Types;

namespace Spate.Plans.Rules;

/// <summary>
/// Reads only the columns a query uses from a JSON file scan (Spark's schema pruning for file sources): a projection
/// over the scan, or over a filter over it, narrows the scan's schema to the columns either refers to, so the reader
/// neither converts nor allocates the others. As in Spark, a pruned column's value no longer matters: a record whose
/// unused field has the wrong type is not a partial result. Not when the schema has the corrupt-record column, whose
/// value depends on every field.
/// </summary>
internal sealed class PruneFileScanColumns : IOptimizerRule
{
    public string Name => "PruneFileScanColumns";

    public LogicalPlan Apply(LogicalPlan plan) => plan.Transform(p => p switch
    {
        Project { Child: FileScanRelation scan } project when Narrow(scan, project.ProjectList) is { } narrowed =>
            new Project(project.ProjectList, narrowed),
        Project { Child: Filter { Child: FileScanRelation scan } filter } project
            when Narrow(scan, project.ProjectList.Cast<Expression>().Append(filter.Condition)) is { } narrowed =>
            new Project(project.ProjectList, new Filter(filter.Condition, narrowed)),
        _ => p,
    });

    private static FileScanRelation? Narrow(FileScanRelation scan, IEnumerable<Expression> users)
    {
        if (scan.Format.Name != "json" || scan.Output.Count != scan.FileSchema.Fields.Count) return null;
        var options = new JsonOptions(scan.Options);
        if (scan.FileSchema.Fields.Any(f => f.Name == options.ColumnNameOfCorruptRecord)) return null;
        var used = users.SelectMany(e => e.References()).Select(a => a.ExprId).ToHashSet();
        var keep = new List<int>();
        for (int i = 0; i < scan.Output.Count; i++) if (used.Contains(scan.Output[i].ExprId)) keep.Add(i);
        // Nothing used (a count of rows): keep one column, so records are still read.
        if (keep.Count == 0) keep.Add(0);
        if (keep.Count == scan.Output.Count) return null;
        var schema = new StructType(keep.Select(i => scan.FileSchema.Fields[i]).ToArray());
        return scan.WithSchema(schema, keep.Select(i => scan.Output[i]).ToArray());
    }
}
