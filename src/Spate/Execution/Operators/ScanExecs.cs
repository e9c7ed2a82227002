using Spate.Columnar;
using Spate.Expressions;
using Spate.Sql.Types;

namespace Spate.Execution;

/// <summary>Scans batches held in memory, spreading them over partitions.</summary>
internal sealed class LocalTableScanExec : PhysicalPlan
{
    private readonly IReadOnlyList<ColumnBatch> _data;
    private readonly int _partitions;

    public LocalTableScanExec(IReadOnlyList<AttributeReference> output, IReadOnlyList<ColumnBatch> data, int parallelism)
    {
        Output = output;
        _data = data;
        _partitions = Math.Max(1, Math.Min(parallelism, data.Count));
    }

    public override IReadOnlyList<PhysicalPlan> Children => Array.Empty<PhysicalPlan>();
    public override IReadOnlyList<AttributeReference> Output { get; }
    public override int NumPartitions => _partitions;
    public override string NodeString => $"LocalTableScan {Attrs(Output)}";

    public override IEnumerable<ColumnBatch> Execute(int partition, TaskContext context)
    {
        for (int i = partition; i < _data.Count; i += _partitions)
            if (_data[i].RowCount > 0) yield return _data[i];
    }
}

/// <summary>Generates <c>id</c> values start, start+step, ... below end, in contiguous slices per partition.</summary>
internal sealed class RangeExec : PhysicalPlan
{
    private const int BatchSize = 4096;
    private readonly long _start, _end, _step;
    private readonly int _partitions;

    public RangeExec(long start, long end, long step, int partitions, AttributeReference output)
    {
        _start = start;
        _end = end;
        _step = step;
        _partitions = Math.Max(1, partitions);
        Output = new[] { output };
    }

    public override IReadOnlyList<PhysicalPlan> Children => Array.Empty<PhysicalPlan>();
    public override IReadOnlyList<AttributeReference> Output { get; }
    public override int NumPartitions => _partitions;
    public override string NodeString => $"Range ({_start}, {_end}, step={_step}, splits={_partitions})";

    public long Count => _step > 0 ? Math.Max(0, (_end - _start + _step - 1) / _step) : Math.Max(0, (_start - _end - _step - 1) / -_step);

    public override IEnumerable<ColumnBatch> Execute(int partition, TaskContext context)
    {
        long total = Count;
        long from = total * partition / _partitions, to = total * (partition + 1) / _partitions;
        for (long i = from; i < to; i += BatchSize)
        {
            int n = (int)Math.Min(BatchSize, to - i);
            var v = new PrimitiveVector<long>(LongType.Instance, n);
            for (int k = 0; k < n; k++) v.Values[k] = _start + (i + k) * _step;
            v.SetLength(n);
            yield return new ColumnBatch(new ColumnVector[] { v }, n);
        }
    }
}
