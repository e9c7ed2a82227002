using System.Text;
using Spate.Columnar;
using Spate.Plans;
using Spate.Sql;

namespace Spate.Execution;

/// <summary>The stages of running one batch query: analyzed plan, optimized plan, physical plan, result batches.</summary>
internal sealed class QueryExecution
{
    public QueryExecution(SparkSession session, LogicalPlan analyzed, TaskContext? context = null)
    {
        Session = session;
        Analyzed = analyzed;
        Context = context ?? session.NewExecutionContext();
        _optimized = new Lazy<LogicalPlan>(() => Optimizer.Optimize(Analyzed));
        _physical = new Lazy<PhysicalPlan>(() => new Planner(Context).Plan(Optimized));
    }

    private readonly Lazy<LogicalPlan> _optimized;
    private readonly Lazy<PhysicalPlan> _physical;

    public SparkSession Session { get; }
    public LogicalPlan Analyzed { get; }
    public TaskContext Context { get; }
    public LogicalPlan Optimized => _optimized.Value;
    public PhysicalPlan Physical => _physical.Value;

    /// <summary>All result batches, in partition order.</summary>
    public List<ColumnBatch> Collect()
    {
        try
        {
            return Physical.ExecuteAll(Context).SelectMany(b => b).ToList();
        }
        catch (Exception e) when (e is not SparkException and not AnalysisException and not OperationCanceledException)
        {
            throw new SparkException($"Job aborted due to stage failure: {e.GetType().Name}: {e.Message}", e);
        }
    }

    /// <summary>Batches lazily, partition by partition (for take/show, which may stop early).</summary>
    public IEnumerable<ColumnBatch> Iterate()
    {
        var plan = Physical;
        for (int p = 0; p < plan.NumPartitions; p++)
            foreach (var b in plan.Execute(p, Context)) yield return b;
    }

    public string Explain(bool extended)
    {
        var sb = new StringBuilder();
        if (extended)
        {
            sb.Append("== Parsed Logical Plan ==\n").Append(Analyzed.TreeString());
            sb.Append("\n== Analyzed Logical Plan ==\n");
            sb.Append(string.Join(", ", Analyzed.Output.Select(a => $"{a.Name}: {a.DataType.SimpleString}"))).Append('\n');
            sb.Append(Analyzed.TreeString());
            sb.Append("\n== Optimized Logical Plan ==\n").Append(Optimized.TreeString());
            sb.Append("\n== Physical Plan ==\n").Append(Physical.TreeString());
        }
        else
        {
            sb.Append("== Physical Plan ==\n").Append(Physical.TreeString());
        }
        return sb.ToString();
    }
}
