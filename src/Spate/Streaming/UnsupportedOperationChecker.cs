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
                    CheckJoin(j);
                    break;
                case Deduplicate when mode == OutputMode.Complete:
                    break;
            }
        }
    }

    private static bool AggregatesOnEventTime(Aggregate a, LogicalPlan plan) =>
        new EventTimeLineage(plan).KeyOf(a.Grouping.OfType<AttributeReference>().ToArray()) != null;

    private static void CheckJoin(Join j)
    {
        bool left = j.Left.IsStreaming, right = j.Right.IsStreaming;
        if (left && right)
            throw new AnalysisException($"Join between two streaming DataFrames/Datasets is not supported yet in Spate ({j.JoinType} join): join a stream with a static DataFrame instead.;");
        switch (j.JoinType)
        {
            case JoinType.LeftOuter or JoinType.LeftSemi or JoinType.LeftAnti when right:
                throw new AnalysisException($"{Name(j.JoinType)} join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left is not supported;");
            case JoinType.RightOuter when left:
                throw new AnalysisException("RightOuter join with a streaming DataFrame/Dataset on the left and a static DataFrame/DataSet on the right not supported;");
            case JoinType.FullOuter:
                throw new AnalysisException("FullOuter joins with streaming DataFrames/Datasets are not supported;");
        }
    }

    private static string Name(JoinType t) => t switch
    {
        JoinType.LeftOuter => "LeftOuter", JoinType.LeftSemi => "LeftSemi", JoinType.LeftAnti => "LeftAnti", _ => t.ToString(),
    };
}
