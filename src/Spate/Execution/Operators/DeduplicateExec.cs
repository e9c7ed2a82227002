using Spate.Columnar;
using Spate.Expressions;

namespace Spate.Execution;

/// <summary>Keeps the first row of each key within a partition (the planner shuffles by key first).</summary>
internal sealed class DeduplicateExec : UnaryExec
{
    private readonly Expression[] _keys;

    public DeduplicateExec(IReadOnlyList<AttributeReference> keys, PhysicalPlan child) : base(child)
    {
        Keys = keys;
        _keys = Binder.Bind(keys, child.Output);
    }

    public IReadOnlyList<AttributeReference> Keys { get; }
    public override IReadOnlyList<AttributeReference> Output => Child.Output;
    public override string NodeString => $"Deduplicate {Attrs(Keys)}";

    public override IEnumerable<ColumnBatch> Execute(int partition, TaskContext context)
    {
        var seen = new BytesHashTable();
        var encoder = new RowEncoder();
        foreach (var batch in Child.Execute(partition, context))
        {
            var keys = _keys.Select(k => k.Evaluate(batch)).ToArray();
            var keep = new List<int>();
            for (int i = 0; i < batch.RowCount; i++)
            {
                var key = encoder.Encode(keys, i);
                seen.FindOrAdd(key, BytesHashTable.Hash(key), out bool added);
                if (added) keep.Add(i);
            }
            if (keep.Count == batch.RowCount) yield return batch;
            else if (keep.Count > 0) yield return batch.Take(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(keep));
        }
    }
}
