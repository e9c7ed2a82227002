using Spate.Columnar;
using Spate.Plans;
using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;

namespace Spate.Sinks;

/// <summary><c>ForeachBatch((df, batchId) => ...)</c>: hands each batch to user code as a static DataFrame. The batch id
/// lets the code write idempotently (see docs/streaming.md): a batch replayed after a failure has the same id and rows.</summary>
internal sealed class ForeachBatchSink : ISink
{
    private readonly Action<DataFrame, long> _function;

    public ForeachBatchSink(Action<DataFrame, long> function) { _function = function; }

    public string Description => "ForeachBatchSink";

    public void AddBatch(long batchId, IReadOnlyList<ColumnBatch> data, StructType schema, OutputMode mode, SparkSession session)
    {
        var df = session.Wrap(new LocalRelation(SparkSession.ToAttributes(schema), data));
        _function(df, batchId);
    }
}

/// <summary><c>Foreach(writer)</c>: calls <see cref="IForeachWriter.Open"/>, <see cref="IForeachWriter.Process"/> for each row,
/// and <see cref="IForeachWriter.Close"/> per partition of each batch.</summary>
internal sealed class ForeachWriterSink : ISink
{
    private readonly IForeachWriter _writer;

    public ForeachWriterSink(IForeachWriter writer) { _writer = writer; }

    public string Description => "ForeachSink";

    public void AddBatch(long batchId, IReadOnlyList<ColumnBatch> data, StructType schema, OutputMode mode, SparkSession session)
    {
        Exception? error = null;
        bool open = _writer.Open(0, batchId);
        try
        {
            if (open)
                foreach (var b in data)
                    for (int i = 0; i < b.RowCount; i++) _writer.Process(new GenericRow(b.GetRowValues(i), schema));
        }
        catch (Exception e)
        {
            error = e;
            throw;
        }
        finally
        {
            _writer.Close(error);
        }
    }
}
