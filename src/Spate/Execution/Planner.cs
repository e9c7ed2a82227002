using Spate.Expressions;
using Spate.Plans;
using Spate.Sql;

namespace Spate.Execution;

/// <summary>Turns an optimized logical plan into physical operators.</summary>
internal sealed class Planner
{
    private readonly TaskContext _context;

    public Planner(TaskContext context) { _context = context; }

    public PhysicalPlan Plan(LogicalPlan plan)
    {
        switch (plan)
        {
            case LocalRelation r:
                return new LocalTableScanExec(r.Output, r.Data, _context.Parallelism);
            case RangeRelation r:
                return new RangeExec(r.Start, r.End, r.Step, r.NumPartitions ?? _context.Parallelism, r.Output[0]);
            case Sources.FileScanRelation f:
                return new Sources.FileScanExec(f, _context.Parallelism, _context.MaxPartitionBytes, _context.OpenCostInBytes);
            case StreamingRelation s:
                throw new AnalysisException("Queries with streaming sources must be executed with writeStream.start();");
            case Project p:
                return new ProjectExec(p.ProjectList, Plan(p.Child));
            case Filter f:
            {
                var child = Plan(f.Child);
                if (child is ProjectExec project) child = project.WithFilterAbove(f.Condition);
                else if (child is Sources.FileScanExec scan) child = scan.WithFilterAbove(f.Condition);
                return new FilterExec(f.Condition, child);
            }
            case SubqueryAlias a:
                return Plan(a.Child);
            case EventTimeWatermark w:
                return _context.Streaming != null ? _context.Streaming.PlanWatermark(w, Plan(w.Child)) : Plan(w.Child);
            case Aggregate a:
                return PlanAggregate(a);
            case Deduplicate d:
                {
                    var child = Plan(d.Child);
                    if (_context.Streaming != null) return _context.Streaming.PlanDeduplicate(d, child, _context.ShufflePartitions);
                    return new DeduplicateExec(d.Keys, new ShuffleExchangeExec(d.Keys, _context.ShufflePartitions, child));
                }
            case Sort s:
                return new SortExec(s.Order, s.Global, Plan(s.Child));
            case Limit l:
                return new LimitExec(l.Count, Plan(l.Child));
            case Union u:
                return new UnionExec(u.Children.Select(Plan).ToArray(), u.Output);
            case Generate g:
                return new GenerateExec(g.Generator, g.Outer, g.GeneratorOutput, Plan(g.Child));
            case Repartition r:
                return new ShuffleExchangeExec(r.Keys, r.NumPartitions, Plan(r.Child));
            case Join j:
                return PlanJoin(j);
            default:
                throw new NotSupportedException($"No physical plan for {plan.NodeString}");
        }
    }

    private PhysicalPlan PlanAggregate(Aggregate a)
    {
        // Functions used by the aggregate list, each once.
        var functions = new List<AggregateFunction>();
        foreach (var f in a.Aggregates.SelectMany(e => e.Descendants().OfType<AggregateFunction>()))
            if (!functions.Any(x => x.SemanticEquals(f))) functions.Add(f);
        // Grouping keys become attributes; results reference them.
        var groupingAttrs = a.Grouping.Select(g => g switch
        {
            AttributeReference attr => attr,
            Alias al => al.ToAttribute(),
            _ => AttributeReference.Create(Analyzer.AutoName(g), g.DataType, g.Nullable),
        }).ToArray();
        var groupingExprs = a.Grouping.Select(g => g is Alias al ? al.Child : g).ToArray();
        var resultAttrs = functions.Select(f => AttributeReference.Create(f.Sql, f.DataType, f.Nullable)).ToArray();
        var resultList = a.Aggregates.Select(e => (NamedExpression)e.TransformDown(x =>
        {
            if (x is AggregateFunction af) return resultAttrs[functions.FindIndex(f => f.SemanticEquals(af))];
            for (int i = 0; i < groupingExprs.Length; i++)
                if (x is not Alias && x.SemanticEquals(groupingExprs[i])) return groupingAttrs[i];
            return null;
        })).ToArray();

        var child = Plan(a.Child);
        PhysicalPlan aggregated;
        int partitions = groupingExprs.Length == 0 ? 1 : _context.ShufflePartitions;
        int sessionIndex = Spate.Streaming.EventTimePlanning.SessionKeyIndex(a, groupingAttrs);
        if (sessionIndex >= 0)
        {
            // Session windows: merge each key's overlapping sessions, then aggregate per merged session.
            aggregated = _context.Streaming != null && a.IsStreamingInput()
                ? Spate.Streaming.EventTimePlanning.PlanSessionAggregate(_context.Streaming, groupingExprs, groupingAttrs, sessionIndex, functions, resultAttrs, child, _context.ShufflePartitions)
                : Spate.Streaming.EventTimePlanning.PlanBatchSessionAggregate(groupingExprs, groupingAttrs, sessionIndex, functions, resultAttrs, child, _context.ShufflePartitions);
        }
        else if (_context.Streaming != null && a.IsStreamingInput())
        {
            aggregated = _context.Streaming.PlanStatefulAggregate(groupingExprs, groupingAttrs, functions, resultAttrs, child, partitions);
        }
        else if (functions.Any(f => f.IsDistinct))
        {
            var shuffled = new ShuffleExchangeExec(groupingExprs, partitions, child);
            aggregated = new HashAggregateExec(AggregateMode.Complete, groupingExprs, groupingAttrs, functions, resultAttrs, shuffled);
        }
        else
        {
            var bufferAttrs = HashAggregateExec.BufferAttributes(functions);
            var partial = new HashAggregateExec(AggregateMode.Partial, groupingExprs, groupingAttrs, functions, bufferAttrs, child);
            var shuffled = new ShuffleExchangeExec(groupingAttrs, partitions, partial);
            aggregated = new HashAggregateExec(AggregateMode.Final, groupingExprs, groupingAttrs, functions, resultAttrs, shuffled);
        }
        return new ProjectExec(resultList, aggregated);
    }

    private PhysicalPlan PlanJoin(Join j)
    {
        var left = Plan(j.Left);
        var right = Plan(j.Right);
        if (_context.Streaming != null && j.Left.IsStreamingInput() && j.Right.IsStreamingInput())
            return Spate.Streaming.EventTimePlanning.PlanStreamStreamJoin(_context.Streaming, j, left, right, _context.ShufflePartitions);
        var leftIds = j.Left.Output.Select(a => a.ExprId).ToHashSet();
        var rightIds = j.Right.Output.Select(a => a.ExprId).ToHashSet();
        var leftKeys = new List<Expression>();
        var rightKeys = new List<Expression>();
        var residual = new List<Expression>();
        foreach (var c in SplitConjuncts(j.Condition))
        {
            if (c is Comparison { Op: CompareOp.Eq } eq)
            {
                bool lr = Within(eq.Left, leftIds) && Within(eq.Right, rightIds);
                bool rl = Within(eq.Left, rightIds) && Within(eq.Right, leftIds);
                if (lr) { leftKeys.Add(eq.Left); rightKeys.Add(eq.Right); continue; }
                if (rl) { leftKeys.Add(eq.Right); rightKeys.Add(eq.Left); continue; }
            }
            residual.Add(c);
        }
        Expression? rest = residual.Count == 0 ? null : residual.Aggregate((x, y) => new And(x, y));
        return new HashJoinExec(left, right, j.JoinType, leftKeys, rightKeys, rest, j.Output);
    }

    private static bool Within(Expression e, HashSet<ExprId> ids) =>
        e.References().Any() && e.References().All(r => ids.Contains(r.ExprId));

    public static IEnumerable<Expression> SplitConjuncts(Expression? e)
    {
        if (e == null) yield break;
        if (e is And a)
        {
            foreach (var x in SplitConjuncts(a.Left)) yield return x;
            foreach (var x in SplitConjuncts(a.Right)) yield return x;
        }
        else yield return e;
    }
}

internal static class LogicalPlanStreamingExtensions
{
    /// <summary>True when the plan under this node reads a stream's micro-batch.</summary>
    public static bool IsStreamingInput(this LogicalPlan plan) =>
        plan.Descendants().Any(p => p is LocalRelation { IsStreamingBatch: true } or Sources.FileScanRelation { IsStreamingBatch: true } or StreamingRelation);
}
