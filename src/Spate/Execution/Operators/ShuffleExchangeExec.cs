using Spate.Columnar;
using Spate.Expressions;

namespace Spate.Execution;

/// <summary>
/// Redistributes rows into <see cref="NumPartitions"/> partitions by the hash of key expressions (all rows with equal
/// keys land in one partition), or round-robin without keys. The child is materialised once, all its partitions
/// in parallel (by the readers of the outputs and helpers, see <see cref="ExchangeMaterialization"/>), the first time
/// any output partition is read.
/// </summary>
internal sealed class ShuffleExchangeExec : UnaryExec
{
    private readonly Expression[] _keys;
    private readonly int _partitions;
    private readonly object _lock = new();
    private ExchangeMaterialization? _materialization;

    public ShuffleExchangeExec(IReadOnlyList<Expression> keys, int partitions, PhysicalPlan child) : base(child)
    {
        Keys = keys;
        _keys = Binder.Bind(keys, child.Output);
        _partitions = Math.Max(1, partitions);
    }

    public IReadOnlyList<Expression> Keys { get; }
    public override IReadOnlyList<AttributeReference> Output => Child.Output;
    public override int NumPartitions => _partitions;
    public override string NodeString => Keys.Count == 0 && _partitions == 1
        ? "Exchange SinglePartition"
        : Keys.Count == 0 ? $"Exchange RoundRobinPartitioning({_partitions})" : $"Exchange hashpartitioning({string.Join(", ", Keys.Select(Plans.LogicalPlan.ExplainString))}, {_partitions})";

    public override IEnumerable<ColumnBatch> Execute(int partition, TaskContext context)
    {
        // One partition in, one out: every row stays where it is, so batches flow through as a narrow operator's would
        // (re-reading runs the child again, like any narrow operator). Holding them all would keep a whole
        // micro-batch alive across young collections, which then copy it (long gen0/gen1 pauses with large batches).
        if (_partitions == 1 && Child.NumPartitions == 1) return Child.Execute(0, context);
        ExchangeMaterialization m;
        lock (_lock)
        {
            m = _materialization ??= new ExchangeMaterialization(Child.NumPartitions, _partitions, PartitionInput, context);
        }
        return m.Result(partition);
    }

    /// <summary>Rows in output <paramref name="partition"/> once materialised (an upper bound on its distinct keys); -1 when streamed.</summary>
    public long RowCountOf(int partition) => _materialization is { } m && m.IsComplete ? m.RowCounts[partition] : -1;

    /// <summary>The partition of an encoded key: stable across runs and processes, so state stays with its key.</summary>
    public static int PartitionOf(ulong hash, int partitions) => (int)((hash >> 16) % (ulong)partitions);

    // Splits input partition p into one list of batches per output partition.
    private List<ColumnBatch>[] PartitionInput(int p, TaskContext context)
    {
        var local = new List<ColumnBatch>[_partitions];
        for (int i = 0; i < _partitions; i++) local[i] = new List<ColumnBatch>();
        var encoder = new RowEncoder();
        int roundRobin = p;
        var targets = new int[4096];
        var ends = new int[4096];
        foreach (var batch in Child.Execute(p, context))
        {
            context.Cancellation.ThrowIfCancellationRequested();
            if (_partitions == 1) { local[0].Add(batch); continue; }
            int n = batch.RowCount;
            if (targets.Length < n) targets = new int[n];
            if (_keys.Length == 0)
            {
                for (int i = 0; i < n; i++) targets[i] = roundRobin++ % _partitions;
            }
            else
            {
                var keyCols = new ColumnVector[_keys.Length];
                for (int k = 0; k < keyCols.Length; k++) keyCols[k] = _keys[k].Evaluate(batch);
                // The whole batch's keys in one block (no per-row type dispatch), then hashed row by row.
                if (ends.Length < n) ends = new int[n];
                var encoded = encoder.EncodeAll(keyCols, n, ends);
                int start = 0;
                for (int i = 0; i < n; i++)
                {
                    targets[i] = PartitionOf(BytesHashTable.Hash(encoded[start..ends[i]]), _partitions);
                    start = ends[i];
                }
            }
            Split(batch, targets, local);
        }
        return local;
    }

    private void Split(ColumnBatch batch, int[] targets, List<ColumnBatch>[] local)
    {
        int n = batch.RowCount;
        var counts = new int[_partitions];
        for (int i = 0; i < n; i++) counts[targets[i]]++;
        var starts = new int[_partitions];
        for (int t = 1; t < _partitions; t++) starts[t] = starts[t - 1] + counts[t - 1];
        var order = new int[n];
        var fill = (int[])starts.Clone();
        for (int i = 0; i < n; i++) order[fill[targets[i]]++] = i;
        for (int t = 0; t < _partitions; t++)
        {
            if (counts[t] == 0) continue;
            if (counts[t] == n) { local[t].Add(batch); return; }
            local[t].Add(batch.Take(order.AsSpan(starts[t], counts[t])));
        }
    }
}
