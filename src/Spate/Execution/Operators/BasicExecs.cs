using Spate.Columnar;
using Spate.Expressions;
using Spate.Sql.Types;

namespace Spate.Execution;

/// <summary>Evaluates the projection list over each batch.</summary>
internal sealed class ProjectExec : UnaryExec
{
    private readonly Expression[] _bound;

    private readonly JsonProjection? _json; // from_json alone: parsed in place and/or with a filter's conditions

    public ProjectExec(IReadOnlyList<NamedExpression> projectList, PhysicalPlan child) : base(child)
    {
        ProjectList = projectList;
        _bound = Binder.Bind(projectList, child.Output);
        _json = JsonProjection.TryCreate(projectList, child);
    }

    private ProjectExec(ProjectExec p, JsonProjection json) : this(p.ProjectList, p.Child)
    {
        _json = json;
    }

    /// <summary>This projection under <c>Filter(condition)</c>: a from_json projection checks the filter's
    /// <c>field = constant</c> conditions while parsing (see <see cref="JsonProjection"/>).</summary>
    public ProjectExec WithFilterAbove(Expression condition) =>
        _json == null ? this : new ProjectExec(this, _json.WithFilterAbove(condition, ProjectList[0].ExprId));

    public IReadOnlyList<NamedExpression> ProjectList { get; }
    public override IReadOnlyList<AttributeReference> Output => ProjectList.Select(p => p.ToAttribute()).ToArray();
    public override string NodeString => $"Project {Attrs(ProjectList)}";

    public override IEnumerable<ColumnBatch> Execute(int partition, TaskContext context)
    {
        if (_json is { Useful: true }) return _json.Execute(Child, partition, context);
        return ExecuteBatches(partition, context);
    }

    private IEnumerable<ColumnBatch> ExecuteBatches(int partition, TaskContext context)
    {
        foreach (var batch in Child.Execute(partition, context))
            yield return Apply(batch);
    }

    public ColumnBatch Apply(ColumnBatch batch)
    {
        var cols = new ColumnVector[_bound.Length];
        for (int i = 0; i < cols.Length; i++) cols[i] = _bound[i].Evaluate(batch);
        return new ColumnBatch(cols, batch.RowCount);
    }
}

/// <summary>Keeps the rows where the condition is true: computes a selection vector, then gathers the columns.</summary>
internal sealed class FilterExec : UnaryExec
{
    private readonly Expression _bound;

    public FilterExec(Expression condition, PhysicalPlan child) : base(child)
    {
        Condition = condition;
        _bound = Binder.Bind(condition, child.Output);
    }

    public Expression Condition { get; }
    public override IReadOnlyList<AttributeReference> Output => Child.Output;
    public override string NodeString => $"Filter {Plans.LogicalPlan.ExplainString(Condition)}";

    public override IEnumerable<ColumnBatch> Execute(int partition, TaskContext context)
    {
        foreach (var batch in Child.Execute(partition, context))
        {
            var result = Apply(_bound, batch);
            if (result.RowCount > 0) yield return result;
        }
    }

    public static ColumnBatch Apply(Expression boundCondition, ColumnBatch batch)
    {
        var mask = (PrimitiveVector<bool>)boundCondition.Evaluate(batch);
        int n = batch.RowCount;
        var selection = new int[n];
        int count = 0;
        var values = mask.Values;
        if (!mask.HasNulls)
        {
            for (int i = 0; i < n; i++) { selection[count] = i; count += values[i] ? 1 : 0; }
        }
        else
        {
            for (int i = 0; i < n; i++) if (values[i] && !mask.IsNull(i)) selection[count++] = i;
        }
        if (count == n) return batch;
        return batch.Take(selection.AsSpan(0, count));
    }
}

/// <summary>Concatenates the partitions of its children.</summary>
internal sealed class UnionExec : PhysicalPlan
{
    private readonly PhysicalPlan[] _children;

    public UnionExec(IReadOnlyList<PhysicalPlan> children, IReadOnlyList<AttributeReference> output)
    {
        _children = children.ToArray();
        Output = output;
    }

    public override IReadOnlyList<PhysicalPlan> Children => _children;
    public override IReadOnlyList<AttributeReference> Output { get; }
    public override int NumPartitions => _children.Sum(c => c.NumPartitions);
    public override string NodeString => "Union";

    public override IEnumerable<ColumnBatch> Execute(int partition, TaskContext context)
    {
        foreach (var c in _children)
        {
            if (partition < c.NumPartitions) return c.Execute(partition, context);
            partition -= c.NumPartitions;
        }
        return Array.Empty<ColumnBatch>();
    }
}

/// <summary>The first n rows, in partition order (one output partition).</summary>
internal sealed class LimitExec : UnaryExec
{
    public LimitExec(int limit, PhysicalPlan child) : base(child) { Limit = limit; }
    public int Limit { get; }
    public override IReadOnlyList<AttributeReference> Output => Child.Output;
    public override int NumPartitions => 1;
    public override string NodeString => $"CollectLimit {Limit}";

    public override IEnumerable<ColumnBatch> Execute(int partition, TaskContext context)
    {
        int remaining = Limit;
        for (int p = 0; p < Child.NumPartitions && remaining > 0; p++)
        {
            foreach (var batch in Child.Execute(p, context))
            {
                if (remaining <= 0) yield break;
                if (batch.RowCount <= remaining) { remaining -= batch.RowCount; yield return batch; }
                else { yield return batch.Slice(0, remaining); remaining = 0; }
            }
        }
    }
}

/// <summary>Sorts all rows (global sort: one output partition) or each partition's rows.</summary>
internal sealed class SortExec : UnaryExec
{
    private readonly Expression[] _keys;

    public SortExec(IReadOnlyList<SortOrder> order, bool global, PhysicalPlan child) : base(child)
    {
        Order = order;
        Global = global;
        _keys = Binder.Bind(order.Select(o => o.Child), child.Output);
    }

    public IReadOnlyList<SortOrder> Order { get; }
    public bool Global { get; }
    public override IReadOnlyList<AttributeReference> Output => Child.Output;
    public override int NumPartitions => Global ? 1 : Child.NumPartitions;
    public override string NodeString => $"Sort {Attrs(Order)}, {(Global ? "true" : "false")}";

    public override IEnumerable<ColumnBatch> Execute(int partition, TaskContext context)
    {
        var batches = Global ? Child.ExecuteAll(context).SelectMany(b => b).ToList() : Child.Execute(partition, context).ToList();
        var types = Output.Select(a => a.DataType).ToArray();
        if (batches.Count == 0) yield break;
        var all = ColumnBatch.Concat(batches, types);
        var keys = _keys.Select(k => k.Evaluate(all)).ToArray();
        var perm = Enumerable.Range(0, all.RowCount).ToArray();
        var comparer = new RowComparer(keys, Order);
        // Stable, as Spark's sort is for equal keys within a partition.
        var sorted = perm.OrderBy(i => i, comparer).ToArray();
        yield return all.Take(sorted);
    }
}

/// <summary>Orders rows by sort keys with each key's direction and null placement.</summary>
internal sealed class RowComparer : IComparer<int>
{
    private readonly ColumnVector[] _keys;
    private readonly IReadOnlyList<SortOrder> _order;

    public RowComparer(ColumnVector[] keys, IReadOnlyList<SortOrder> order)
    {
        _keys = keys;
        _order = order;
    }

    public int Compare(int x, int y)
    {
        for (int k = 0; k < _keys.Length; k++)
        {
            var v = _keys[k];
            bool xn = v.IsNull(x), yn = v.IsNull(y);
            int c;
            if (xn || yn)
            {
                if (xn && yn) continue;
                c = xn ? -1 : 1;
                if (!_order[k].NullsFirst) c = -c;
                return c;
            }
            c = CompareValues(v, x, y);
            if (c != 0) return _order[k].Ascending ? c : -c;
        }
        return 0;
    }

    private static int CompareValues(ColumnVector v, int x, int y) => v switch
    {
        PrimitiveVector<int> p => p.Values[x].CompareTo(p.Values[y]),
        PrimitiveVector<long> p => p.Values[x].CompareTo(p.Values[y]),
        PrimitiveVector<double> p => ValueCompare.Compare(p.Values[x], p.Values[y]),
        StringVector s => s.GetSpan(x).SequenceCompareTo(s.GetSpan(y)),
        _ => GenericCompare.Compare(v.GetValue(x), v.GetValue(y)),
    };
}

/// <summary>Runs a generator (explode) over each batch, repeating the child's columns per generated row.</summary>
internal sealed class GenerateExec : UnaryExec
{
    private readonly Generator _bound;

    public GenerateExec(Generator generator, bool outer, IReadOnlyList<AttributeReference> generatorOutput, PhysicalPlan child) : base(child)
    {
        Generator = generator;
        Outer = outer;
        GeneratorOutput = generatorOutput;
        _bound = (Generator)Binder.Bind(generator, child.Output);
    }

    public Generator Generator { get; }
    public bool Outer { get; }
    public IReadOnlyList<AttributeReference> GeneratorOutput { get; }
    public override IReadOnlyList<AttributeReference> Output => Child.Output.Concat(GeneratorOutput).ToArray();
    public override string NodeString => $"Generate {Generator.Sql}, {Attrs(GeneratorOutput)}";

    public override IEnumerable<ColumnBatch> Execute(int partition, TaskContext context)
    {
        foreach (var batch in Child.Execute(partition, context))
        {
            var rows = new List<int>(batch.RowCount);
            var generated = _bound.Generate(batch, rows, Outer);
            if (rows.Count == 0) continue;
            var indices = rows.ToArray();
            var cols = batch.Columns.Select(c => c.Take(indices)).Concat(generated).ToArray();
            yield return new ColumnBatch(cols, rows.Count);
        }
    }
}
