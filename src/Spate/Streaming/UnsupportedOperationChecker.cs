using Spate.Expressions;
using Spate.Plans;
using Spate.Sql;
using Spate.Sql.Streaming;

namespace Spate.Streaming;

/// <summary>Spark's checks of a streaming query's shape against its output mode, made at <c>Start()</c>, with Spark's messages.</summary>
internal static class UnsupportedOperationChecker
{
    public static void Check(LogicalPlan plan, OutputMode mode)
    {
        var aggregates = plan.Descendants().OfType<Aggregate>().Where(a => a.IsStreaming).ToList();
        bool hasWatermark = plan.Descendants().OfType<EventTimeWatermark>().Any();

        if (aggregates.Count > 1 && mode != OutputMode.Append)
            throw new AnalysisException("Multiple streaming aggregations are not supported with streaming DataFrames/Datasets;");
        if (aggregates.Count > 1)
            throw new AnalysisException("Multiple streaming aggregations are not supported with streaming DataFrames/Datasets;");

        switch (mode)
        {
            case OutputMode.Append when aggregates.Count > 0 && !(hasWatermark && AggregatesOnEventTime(aggregates[0], plan)):
                throw new AnalysisException("Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark;");
            case OutputMode.Update when aggregates.Count > 0 && GroupsBySessionWindow(aggregates[0]):
                throw new AnalysisException("Update output mode not supported for session window on streaming DataFrames/DataSets;");
            case OutputMode.Complete when aggregates.Count == 0:
                throw new AnalysisException("Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets;");
        }

        foreach (var node in plan.Descendants())
        {
            if (!node.IsStreaming) continue;
            switch (node)
            {
                case Aggregate a when a.Aggregates.SelectMany(e => e.Descendants()).OfType<AggregateFunction>().Any(f => f.IsDistinct):
                    throw new AnalysisException("Distinct aggregations are not supported on streaming DataFrames/Datasets. Consider using approx_count_distinct() instead.;");
                case Sort when !(mode == OutputMode.Complete && node.Descendants().Skip(1).Any(d => d is Aggregate)):
                    throw new AnalysisException("Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode;");
                case Limit when mode == OutputMode.Update:
                    throw new AnalysisException("Limits are not supported on streaming DataFrames/Datasets in Update output mode;");
                case Join j:
                    CheckJoin(j, mode, plan);
                    break;
                case Deduplicate when mode == OutputMode.Complete:
                    break;
            }
        }
    }

    private static bool AggregatesOnEventTime(Aggregate a, LogicalPlan plan) =>
        new EventTimeLineage(plan).KeyOf(a.Grouping.OfType<AttributeReference>().ToArray()) != null;

    // A session-window aggregate groups by the column its Generate makes.
    private static bool GroupsBySessionWindow(Aggregate a)
    {
        var sessions = a.Child.Descendants().OfType<Generate>().Where(g => g.Generator is SessionWindowGenerator).Select(g => g.GeneratorOutput[0].ExprId).ToHashSet();
        return a.Grouping.Any(g => g is AttributeReference r && sessions.Contains(r.ExprId));
    }

    private static void CheckJoin(Join j, OutputMode mode, LogicalPlan plan)
    {
        bool left = j.Left.IsStreaming, right = j.Right.IsStreaming;
        if (left && right && mode != OutputMode.Append)
            throw new AnalysisException($"Join between two streaming DataFrames/Datasets is not supported in {mode} output mode, only in Append output mode;");
        switch (j.JoinType)
        {
            case JoinType.Inner or JoinType.Cross:
                break;
            case JoinType.FullOuter when left && !right:
                throw new AnalysisException("FullOuter joins with streaming DataFrames/Datasets on the left and a static DataFrame/Dataset on the right is not supported;");
            case JoinType.FullOuter when !left && right:
                throw new AnalysisException("FullOuter joins with streaming DataFrames/Datasets on the right and a static DataFrame/Dataset on the left is not supported;");
            case JoinType.LeftAnti when right:
                throw new AnalysisException("LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported;");
            case JoinType.LeftOuter or JoinType.LeftSemi when !left && right:
                throw new AnalysisException($"{Name(j.JoinType)} join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left is not supported;");
            case JoinType.RightOuter when left && !right:
                throw new AnalysisException("RightOuter join with a streaming DataFrame/Dataset on the left and a static DataFrame/DataSet on the right not supported;");
        }
        if (!(left && right)) return;
        var (leftKeys, _, _) = StreamJoinConditions.Split(j);
        if (leftKeys.Count == 0)
            throw new AnalysisException("Stream-stream join without equality predicate is not supported;");
        if (j.JoinType is JoinType.Inner or JoinType.Cross) return;
        // Outer and semi joins must know when a buffered row can no longer match: an event-time join key, or a
        // watermark on the other side with a range condition bounding this side's time (Spark's checkForStreamStreamJoinWatermark).
        var lineage = new EventTimeLineage(plan);
        bool range = j.JoinType switch
        {
            JoinType.LeftOuter or JoinType.LeftSemi => StreamJoinConditions.ValueEviction(j, lineage, forLeft: true) != null,
            JoinType.RightOuter => StreamJoinConditions.ValueEviction(j, lineage, forLeft: false) != null,
            JoinType.FullOuter => StreamJoinConditions.ValueEviction(j, lineage, forLeft: true) != null || StreamJoinConditions.ValueEviction(j, lineage, forLeft: false) != null,
            _ => throw new AnalysisException($"Join type {Name(j.JoinType)} is not supported with streaming DataFrame/Dataset;"),
        };
        if (!StreamJoinConditions.WatermarkInJoinKeys(j, lineage) && !range)
            throw new AnalysisException($"Stream-stream {Name(j.JoinType)} join between two streaming DataFrame/Datasets is not supported without a watermark in the join keys, or a watermark on the nullable side and an appropriate range condition;");
    }

    private static string Name(JoinType t) => t switch
    {
        JoinType.LeftOuter => "LeftOuter", JoinType.LeftSemi => "LeftSemi", JoinType.LeftAnti => "LeftAnti", JoinType.RightOuter => "RightOuter",
        JoinType.FullOuter => "FullOuter", _ => t.ToString(),
    };
}
