using Spate.Columnar;
using Spate.Expressions;
using Spate.Sql.Types;

namespace Spate.Execution;

/// <summary>How a hash aggregate treats its input and what it outputs.</summary>
internal enum AggregateMode
{
    /// <summary>Raw rows in, grouping keys + partial buffers out.</summary>
    Partial,
    /// <summary>Grouping keys + partial buffers in, grouping keys + results out.</summary>
    Final,
    /// <summary>Raw rows in, grouping keys + results out (used for distinct aggregates).</summary>
    Complete,
}

/// <summary>
/// Groups rows by key in a <see cref="BytesHashTable"/> and folds them into columnar aggregate buffers.
/// Output layout: grouping attributes, then buffer attributes (Partial) or result attributes (Final, Complete).
/// </summary>
internal sealed class HashAggregateExec : UnaryExec
{
    private const int OutputBatchSize = 4096;
    private readonly Expression[] _boundGrouping;
    private readonly Expression[][] _boundInputs;

    public HashAggregateExec(AggregateMode mode, IReadOnlyList<Expression> grouping, IReadOnlyList<AttributeReference> groupingOutput,
        IReadOnlyList<AggregateFunction> functions, IReadOnlyList<AttributeReference> functionOutput, PhysicalPlan child) : base(child)
    {
        Mode = mode;
        Grouping = grouping;
        GroupingOutput = groupingOutput;
        Functions = functions;
        FunctionOutput = functionOutput;
        if (mode == AggregateMode.Final)
        {
            // Keys are the first columns of the partial output.
            _boundGrouping = groupingOutput.Select((a, i) => (Expression)new BoundReference(i, a.DataType, a.Nullable, a.Name)).ToArray();
            _boundInputs = Array.Empty<Expression[]>();
        }
        else
        {
            _boundGrouping = Binder.Bind(grouping, child.Output);
            _boundInputs = functions.Select(f => Binder.Bind(f.Children, child.Output)).ToArray();
        }
    }

    public AggregateMode Mode { get; }
    public IReadOnlyList<Expression> Grouping { get; }
    public IReadOnlyList<AttributeReference> GroupingOutput { get; }
    public IReadOnlyList<AggregateFunction> Functions { get; }
    /// <summary>Buffer attributes in Partial mode, result attributes otherwise.</summary>
    public IReadOnlyList<AttributeReference> FunctionOutput { get; }
    public override IReadOnlyList<AttributeReference> Output => GroupingOutput.Concat(FunctionOutput).ToArray();
    public override int NumPartitions => Child.NumPartitions;

    public override string NodeString =>
        $"HashAggregate(mode={Mode}, keys={Attrs(GroupingOutput)}, functions=[{string.Join(", ", Functions.Select(f => Plans.LogicalPlan.ExplainString(f)))}])";

    /// <summary>The attributes of each function's buffer fields, for a partial aggregate's output.</summary>
    public static AttributeReference[] BufferAttributes(IEnumerable<AggregateFunction> functions) =>
        functions.SelectMany(f => f.BufferFields.Select(b => AttributeReference.Create(b.Name, b.DataType, b.IsNullable))).ToArray();

    /// <summary>Rows a partial aggregate sees before it may decide that grouping does not pay.</summary>
    internal const int SkipPartialMinRows = 65_536;

    /// <summary>Groups per row above which a partial aggregate stops grouping (Spark's skipPartialAggregate ratio).</summary>
    internal const double SkipPartialRatio = 0.9;

    public override IEnumerable<ColumnBatch> Execute(int partition, TaskContext context)
    {
        var state = new AggregationTable(Functions);
        int[] offsets = BufferOffsets(Functions, GroupingOutput.Count);
        long rowsSeen = 0;
        bool passThrough = false;
        var input = Child.Execute(partition, context);
        // A final aggregate behind an exchange knows its row count once the exchange has run (it materialises on
        // Execute): at most that many groups, so the table is sized once instead of doubling (rehash, arena copies).
        if (Mode == AggregateMode.Final && Child is ShuffleExchangeExec exchange)
            state.Reserve(exchange.RowCountOf(partition));
        foreach (var batch in input)
        {
            var keys = new ColumnVector[_boundGrouping.Length];
            for (int k = 0; k < keys.Length; k++) keys[k] = _boundGrouping[k].Evaluate(batch);
            if (passThrough)
            {
                yield return PassThrough(keys, batch);
                continue;
            }
            var groups = state.GroupIds(keys, batch.RowCount);
            for (int f = 0; f < Functions.Count; f++)
            {
                if (Mode == AggregateMode.Final)
                    state.Aggregators[f].Merge(groups, batch.Columns, offsets[f], batch.RowCount);
                else
                    state.Aggregators[f].Update(groups, Inputs(f, batch), batch.RowCount);
            }
            rowsSeen += batch.RowCount;
            // Nearly every row its own group (many distinct keys): hashing here only doubles the final step's work, so
            // the rest of the partition goes through as one-row buffers, as Spark's skipPartialAggregate does.
            if (Mode == AggregateMode.Partial && Grouping.Count > 0 && !Functions.Any(f => f.IsDistinct)
                && rowsSeen >= SkipPartialMinRows && state.Table.Count > SkipPartialRatio * rowsSeen)
                passThrough = true;
        }
        // A global aggregate (no keys) yields one row even over no input, in the final step only.
        if (Grouping.Count == 0 && state.Table.Count == 0 && (Mode != AggregateMode.Partial) && partition == 0)
            state.GroupIds(Array.Empty<ColumnVector>(), 1);
        foreach (var b in state.Output(GroupingOutput, FunctionOutput, Mode == AggregateMode.Partial, OutputBatchSize))
            yield return b;
    }

    private ColumnVector[] Inputs(int f, ColumnBatch batch)
    {
        var inputs = new ColumnVector[_boundInputs[f].Length];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = _boundInputs[f][i].Evaluate(batch);
        return inputs;
    }

    /// <summary>One partial buffer per input row: the keys as they are, each row folded into its own buffer.</summary>
    private ColumnBatch PassThrough(ColumnVector[] keys, ColumnBatch batch)
    {
        int n = batch.RowCount;
        var identity = new int[n];
        for (int i = 0; i < n; i++) identity[i] = i;
        var buffers = FunctionOutput.Select(a => ColumnVector.Create(a.DataType, n)).ToArray();
        int o = 0;
        for (int f = 0; f < Functions.Count; f++)
        {
            var aggregator = Functions[f].CreateAggregator();
            aggregator.EnsureGroups(n);
            aggregator.Update(identity, Inputs(f, batch), n);
            for (int g = 0; g < n; g++) aggregator.WriteBuffer(g, buffers, o);
            o += Functions[f].BufferFields.Count;
        }
        return new ColumnBatch(keys.Concat(buffers).ToArray(), n);
    }

    public static int[] BufferOffsets(IReadOnlyList<AggregateFunction> functions, int keyCount)
    {
        var offsets = new int[functions.Count];
        int o = keyCount;
        for (int f = 0; f < functions.Count; f++) { offsets[f] = o; o += functions[f].BufferFields.Count; }
        return offsets;
    }
}

/// <summary>A hash table of groups with one aggregator per function: the working state of an aggregation.</summary>
internal sealed class AggregationTable
{
    private readonly RowEncoder _encoder = new();
    private const int PrefetchDistance = 16;
    private int[] _groups = new int[4096];
    private int[] _ends = new int[4096];
    private ulong[] _hashes = new ulong[4096];

    public AggregationTable(IReadOnlyList<AggregateFunction> functions)
    {
        Functions = functions;
        Aggregators = functions.Select(f => f.CreateAggregator()).ToArray();
    }

    public IReadOnlyList<AggregateFunction> Functions { get; }
    public Aggregator[] Aggregators { get; }
    public BytesHashTable Table { get; } = new();

    // Groups to make room for on the first batch (whose keys give the bytes per key), or 0.
    private int _reserve;

    /// <summary>Sizes the table for up to <paramref name="groups"/> groups when the first keys arrive (a hint: no effect on results).</summary>
    public void Reserve(long groups)
    {
        if (groups > 0) _reserve = (int)Math.Min(groups, MaxReserve);
    }

    /// <summary>The largest <see cref="Reserve"/> honoured: beyond it the table grows as usual.</summary>
    internal const int MaxReserve = 1 << 26;

    /// <summary>The group id of each row's key, adding new groups (and their empty buffers) as needed.</summary>
    public ReadOnlySpan<int> GroupIds(ColumnVector[] keys, int rowCount)
    {
        if (_groups.Length < rowCount)
        {
            _groups = new int[rowCount];
            _ends = new int[rowCount];
            _hashes = new ulong[rowCount];
        }
        // Encode and hash the whole batch first, then probe with the slots of rows a few ahead already on their way
        // into the cache: with many groups the table is far larger than the cache and each probe is a miss.
        var encoded = _encoder.EncodeAll(keys, rowCount, _ends);
        if (_reserve > 0 && rowCount > 0)
        {
            // Bytes per key as in this batch, with a little room: an underestimate only means the arena grows later.
            long keyBytes = (long)_reserve * (encoded.Length / rowCount + 1);
            Table.EnsureCapacity(_reserve, keyBytes);
            foreach (var a in Aggregators) a.EnsureGroups(_reserve);
            _reserve = 0;
        }
        var ends = _ends;
        var hashes = _hashes;
        int start = 0;
        for (int i = 0; i < rowCount; i++)
        {
            hashes[i] = BytesHashTable.Hash(encoded[start..ends[i]]);
            start = ends[i];
        }
        var table = Table;
        var groups = _groups;
        // Two steps ahead: the slot of row i + 16, then the key entry of row i + 8 (its slot is in cache by then).
        for (int i = 0; i < PrefetchDistance && i < rowCount; i++) table.Prefetch(hashes[i]);
        start = 0;
        for (int i = 0; i < rowCount; i++)
        {
            if (i + PrefetchDistance < rowCount) table.Prefetch(hashes[i + PrefetchDistance]);
            if (i + PrefetchDistance / 2 < rowCount) table.PrefetchKey(hashes[i + PrefetchDistance / 2]);
            groups[i] = table.FindOrAdd(encoded[start..ends[i]], hashes[i], out _);
            start = ends[i];
        }
        foreach (var a in Aggregators) a.EnsureGroups(table.Count);
        return groups.AsSpan(0, rowCount);
    }

    /// <summary>The group id of an encoded key, adding it when new.</summary>
    public int GroupOf(ReadOnlySpan<byte> key, out bool added)
    {
        int g = Table.FindOrAdd(key, BytesHashTable.Hash(key), out added);
        if (added) foreach (var a in Aggregators) a.EnsureGroups(Table.Count);
        return g;
    }

    // Columns for n keys from group index start on; a single string key gets its whole data buffer up front, which
    // spares the copies of growing it row by row.
    private ColumnVector[] KeyColumns(IReadOnlyList<AttributeReference> keyAttrs, int n, int start, IReadOnlyList<int>? onlyGroups)
    {
        var cols = new ColumnVector[keyAttrs.Count];
        for (int k = 0; k < cols.Length; k++) cols[k] = ColumnVector.Create(keyAttrs[k].DataType, n);
        if (cols.Length == 1 && cols[0] is StringVector)
        {
            long bytes = 0;
            for (int i = start; i < start + n; i++) bytes += Table.GetKey(onlyGroups?[i] ?? i).Length;
            cols[0] = new StringVector(keyAttrs[0].DataType, n, (int)Math.Min(bytes, Array.MaxLength));
        }
        return cols;
    }

    /// <summary>Emits groups as batches: decoded keys, then buffers or results.</summary>
    public IEnumerable<ColumnBatch> Output(IReadOnlyList<AttributeReference> keyAttrs, IReadOnlyList<AttributeReference> valueAttrs, bool buffers, int batchSize, IReadOnlyList<int>? onlyGroups = null)
    {
        int total = onlyGroups?.Count ?? Table.Count;
        for (int start = 0; start < total; start += batchSize)
        {
            int n = Math.Min(batchSize, total - start);
            var keyCols = KeyColumns(keyAttrs, n, start, onlyGroups);
            var valueCols = valueAttrs.Select(a => ColumnVector.Create(a.DataType, n)).ToArray();
            for (int i = start; i < start + n; i++)
            {
                int g = onlyGroups?[i] ?? i;
                RowEncoder.Decode(Table.GetKey(g), keyCols);
                int o = 0;
                for (int f = 0; f < Aggregators.Length; f++)
                {
                    if (buffers)
                    {
                        Aggregators[f].WriteBuffer(g, valueCols, o);
                        o += Functions[f].BufferFields.Count;
                    }
                    else Aggregators[f].WriteResult(g, valueCols[o++]);
                }
            }
            yield return new ColumnBatch(keyCols.Concat(valueCols).ToArray(), n);
        }
    }
}
