using System.Text;
using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;

namespace Spate.Sinks;

/// <summary>The <c>console</c> sink: prints each batch as Spark does (a <c>Batch: N</c> header, then <c>Show</c>'s table).
/// Options <c>numRows</c> (20) and <c>truncate</c> (true). Not idempotent: a replayed batch prints again, as in Spark.</summary>
internal sealed class ConsoleSink : ISink, IRowKeepingSink
{
    private (long BatchId, List<Row> Rows)? _latest;
    private const int KeptRows = 1000;

    private static readonly object PrintLock = new();
    private readonly int _numRows;
    private readonly bool _truncate;

    public ConsoleSink(IReadOnlyDictionary<string, string> options)
    {
        _numRows = (int)Spate.Sources.SourceOptions.GetLong(options, "numRows", 20, min: 0);
        _truncate = Spate.Sources.SourceOptions.GetBool(options, "truncate", true);
    }

    public (long BatchId, List<Row> Rows)? LatestBatch() { lock (PrintLock) return _latest; }

    public string Description => $"org.apache.spark.sql.execution.streaming.ConsoleTable$@spate";

    /// <summary>The text printed for one batch.</summary>
    public string Render(long batchId, IReadOnlyList<ColumnBatch> data, StructType schema)
    {
        var sb = new StringBuilder();
        sb.Append("-------------------------------------------\n");
        sb.Append("Batch: ").Append(batchId).Append('\n');
        sb.Append("-------------------------------------------\n");
        var rows = ShowString.Rows(data, _numRows + 1);
        sb.Append(ShowString.Format(schema.FieldNames(), rows, _numRows, _truncate ? 20 : 0, false));
        sb.Append('\n');
        return sb.ToString();
    }

    public void AddBatch(long batchId, IReadOnlyList<ColumnBatch> data, StructType schema, OutputMode mode, SparkSession session)
    {
        var text = Render(batchId, data, schema);
        var rows = ShowString.Rows(data, KeptRows).Select(v => (Row)new GenericRow(v, schema)).ToList();
        lock (PrintLock) _latest = (batchId, rows);
        lock (PrintLock)
        {
            Console.Out.Write(text);
            Console.Out.Flush();
        }
    }
}
