using Spate.Columnar;
using Spate.Plans;
using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;

namespace Spate.Sinks;

/// <summary>
/// The <c>memory</c> sink: keeps the result rows in memory as a table named by the query name, readable with
/// <c>spark.Table(name)</c>. Append and update add rows; complete replaces them. A batch id it already has is skipped.
/// </summary>
internal sealed class MemorySink : ISink, IRowKeepingSink
{
    private readonly string _name;
    private readonly List<(long BatchId, IReadOnlyList<ColumnBatch> Data)> _batches = new();
    private readonly object _lock = new();
    private long _lastBatchId = -1;
    private StructType? _schema;

    public MemorySink(string name) { _name = name; }

    public string Description => $"MemorySink";

    public void AddBatch(long batchId, IReadOnlyList<ColumnBatch> data, StructType schema, OutputMode mode, SparkSession session)
    {
        lock (_lock)
        {
            if (batchId <= _lastBatchId) return;
            _schema = schema;
            if (mode == OutputMode.Complete) _batches.Clear();
            _batches.Add((batchId, data));
            _lastBatchId = batchId;
            Publish(session);
        }
    }

    /// <summary>Registers the current rows as the table, so each <c>spark.Table(name)</c> reads the latest data.</summary>
    public void Publish(SparkSession session)
    {
        lock (_lock)
        {
            var schema = _schema ?? new StructType();
            session.RegisterView(_name, new LocalRelation(SparkSession.ToAttributes(schema), _batches.SelectMany(b => b.Data).ToList()), replace: true);
        }
    }

    public void Register(SparkSession session, StructType schema)
    {
        lock (_lock) _schema ??= schema;
        Publish(session);
    }

    public (long BatchId, List<Row> Rows)? LatestBatch()
    {
        var all = AllBatches();
        return all.Count == 0 ? null : all[^1];
    }

    /// <summary>Rows of every batch kept, by batch id.</summary>
    public IReadOnlyList<(long BatchId, List<Row> Rows)> AllBatches()
    {
        lock (_lock)
        {
            return _batches.Select(b => (b.BatchId, b.Data.SelectMany(d => Enumerable.Range(0, d.RowCount).Select(i => (Row)new GenericRow(d.GetRowValues(i), _schema))).ToList())).ToList();
        }
    }
}
