using Spate.Columnar;
using Spate.Sources;
using Spate.Sql.Types;

namespace Spate.Sql.Streaming;

/// <summary>
/// A stream whose data the program adds: <c>var input = new MemoryStream&lt;int&gt;(spark); var df = input.ToDF();
/// input.AddData(1, 2, 3);</c>. Each <c>AddData</c> call is one offset. Replayable, so it suits tests of streaming
/// queries (including stop and restart on a checkpoint within the same process).
/// Values of type string, int, long, double, bool or DateTime give one column <c>value</c>; <see cref="Row"/> or
/// <c>object?[]</c> values need a schema.
/// </summary>
public sealed class MemoryStream<T>
{
    private readonly SparkSession _spark;
    private readonly List<ColumnBatch> _added = new();
    private readonly object _lock = new();

    public MemoryStream(SparkSession spark, StructType? schema = null)
    {
        _spark = spark;
        Schema = schema ?? DefaultSchema();
    }

    /// <summary>The schema of the stream's rows.</summary>
    public StructType Schema { get; }

    private static StructType DefaultSchema()
    {
        DataType t = typeof(T) switch
        {
            var x when x == typeof(string) => StringType.Instance,
            var x when x == typeof(int) => IntegerType.Instance,
            var x when x == typeof(long) => LongType.Instance,
            var x when x == typeof(double) => DoubleType.Instance,
            var x when x == typeof(bool) => BooleanType.Instance,
            var x when x == typeof(DateTime) => TimestampType.Instance,
            _ => throw new ArgumentException($"MemoryStream<{typeof(T).Name}> needs a schema: pass a StructType to the constructor."),
        };
        return new StructType(new[] { new StructField("value", t, typeof(T) == typeof(string)) });
    }

    /// <summary>The streaming DataFrame of this stream.</summary>
    public DataFrame ToDF()
    {
        var descriptor = new SourceDescriptor("memory", new Dictionary<string, string>(), Schema, ctx => new Source(this, ctx.DataArrived));
        return _spark.Wrap(new Spate.Plans.StreamingRelation(descriptor, SparkSession.ToAttributes(Schema)));
    }

    /// <summary>Adds rows as one new offset; returns that offset.</summary>
    public long AddData(params T[] data) => AddData((IEnumerable<T>)data);

    /// <summary>Adds rows as one new offset; returns that offset.</summary>
    public long AddData(IEnumerable<T> data)
    {
        var rows = data.Select(d => d switch
        {
            Row r => r.Values,
            object?[] a => a,
            _ => new object?[] { d },
        });
        var batches = SparkSession.BuildBatches(rows, Schema, int.MaxValue);
        var batch = batches.Count == 0 ? ColumnBatch.Empty(Schema.Fields.Select(f => f.DataType).ToArray()) : batches[0];
        long offset;
        lock (_lock)
        {
            _added.Add(batch);
            offset = _added.Count - 1;
        }
        DataAdded?.Invoke();
        return offset;
    }

    private event Action? DataAdded;

    /// <summary>The newest offset (-1 before any data).</summary>
    public long LatestOffset { get { lock (_lock) return _added.Count - 1; } }

    private sealed class Source : IMicroBatchSource
    {
        private readonly MemoryStream<T> _stream;
        private readonly Action _dataArrived;

        public Source(MemoryStream<T> stream, Action dataArrived)
        {
            _stream = stream;
            _dataArrived = dataArrived;
            _stream.DataAdded += _dataArrived;
        }
        public StructType Schema => _stream.Schema;
        public bool IsReplayable => true;
        public string Description => $"MemoryStream[{string.Join(",", _stream.Schema.FieldNames())}]";
        // As Spark's MemoryStream: no offset before the first AddData, so no batch runs until there is data.
        public string? LatestOffset(string? start) => _stream.LatestOffset < 0 ? null : _stream.LatestOffset.ToString();

        public IReadOnlyList<ColumnBatch> GetBatch(string? start, string end)
        {
            int from = start == null ? 0 : int.Parse(start) + 1, to = int.Parse(end);
            lock (_stream._lock)
            {
                var list = new List<ColumnBatch>();
                for (int i = Math.Max(0, from); i <= to && i < _stream._added.Count; i++)
                    if (_stream._added[i].RowCount > 0) list.Add(_stream._added[i]);
                return list;
            }
        }

        public void Commit(string end) { }
        public void Dispose() => _stream.DataAdded -= _dataArrived;
    }
}
