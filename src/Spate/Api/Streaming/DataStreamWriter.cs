using System.Globalization;
using Spate.Sinks;
using Spate.Streaming;

namespace Spate.Sql.Streaming;

/// <summary>Starts a streaming query: <c>df.WriteStream().OutputMode("update").Format("console").Trigger(...).Start()</c>.</summary>
public sealed class DataStreamWriter
{
    private readonly DataFrame _df;
    private string _format = "console";
    private Spate.Sql.Streaming.OutputMode _outputMode = Spate.Sql.Streaming.OutputMode.Append;
    private Spate.Sql.Streaming.Trigger _trigger = Spate.Sql.Streaming.Trigger.ProcessingTime(0);
    private string? _queryName;
    private Action<DataFrame, long>? _foreachBatch;
    private IForeachWriter? _foreach;
    private System.TimeProvider _time = System.TimeProvider.System;
    private string[] _partitionBy = Array.Empty<string>();
    private readonly Dictionary<string, string> _options = new(StringComparer.OrdinalIgnoreCase);
    private bool _formatSet;

    internal DataStreamWriter(DataFrame df) { _df = df; }

    /// <summary><c>append</c> (default), <c>update</c> or <c>complete</c>.</summary>
    public DataStreamWriter OutputMode(string outputMode) { _outputMode = OutputModes.Parse(outputMode); return this; }
    public DataStreamWriter OutputMode(Spate.Sql.Streaming.OutputMode outputMode) { _outputMode = outputMode; return this; }
    public DataStreamWriter Format(string source) { _format = source; _formatSet = true; return this; }
    public DataStreamWriter Option(string key, string value) { _options[key] = value; return this; }
    public DataStreamWriter Option(string key, bool value) => Option(key, value ? "true" : "false");
    public DataStreamWriter Option(string key, long value) => Option(key, value.ToString(CultureInfo.InvariantCulture));
    public DataStreamWriter Option(string key, double value) => Option(key, value.ToString(CultureInfo.InvariantCulture));
    public DataStreamWriter Options(IDictionary<string, string> options) { foreach (var kv in options) _options[kv.Key] = kv.Value; return this; }
    public DataStreamWriter Trigger(Spate.Sql.Streaming.Trigger trigger) { _trigger = trigger ?? throw new ArgumentNullException(nameof(trigger)); return this; }
    /// <summary>Names the query; the memory sink's table takes this name.</summary>
    public DataStreamWriter QueryName(string queryName) { _queryName = queryName; return this; }
    public DataStreamWriter PartitionBy(params string[] colNames) { _partitionBy = colNames; return this; }

    /// <summary>Calls <paramref name="func"/> with each batch's rows as a static DataFrame and the batch id.</summary>
    public DataStreamWriter ForeachBatch(Action<DataFrame, long> func) { _foreachBatch = func; _format = "foreachBatch"; _formatSet = true; return this; }

    /// <summary>Hands each row to <paramref name="writer"/>.</summary>
    public DataStreamWriter Foreach(IForeachWriter writer) { _foreach = writer; _format = "foreach"; _formatSet = true; return this; }

    /// <summary>The clock the query's triggers use (tests pass a manual one).</summary>
    public DataStreamWriter TimeProvider(System.TimeProvider timeProvider) { _time = timeProvider; return this; }

    /// <summary>Starts the query, writing to files at <paramref name="path"/> for file sinks.</summary>
    public StreamingQuery Start(string path) => Option("path", path).Start();

    /// <summary>Starts the query.</summary>
    public StreamingQuery Start()
    {
        var session = _df.Session;
        if (!_formatSet) _format = session.Configuration.Get("spark.sql.sources.default", "console");
        UnsupportedOperationChecker.Check(_df.Plan, _outputMode);
        var sink = CreateSink(session);
        var (checkpoint, temp) = ResolveCheckpoint(session);
        var id = Spate.Checkpoints.StreamMetadata.ReadOrCreate(checkpoint, Guid.NewGuid());
        var execution = new MicroBatchExecution(session, _df.Plan, sink, _outputMode, _trigger, checkpoint, temp, _queryName, _time, id);
        if (sink is MemorySink memory) memory.Register(session, _df.Schema());
        return session.StreamManager.StartQuery(execution);
    }

    private ISink CreateSink(SparkSession session)
    {
        switch (_format.ToLowerInvariant())
        {
            case "console": return new ConsoleSink(_options);
            case "memory":
                if (_queryName == null) throw new AnalysisException("queryName must be specified for memory sink");
                return new MemorySink(_queryName);
            case "foreachbatch": return new ForeachBatchSink(_foreachBatch ?? throw new ArgumentException("foreachBatch function cannot be null"));
            case "foreach": return new ForeachWriterSink(_foreach ?? throw new ArgumentException("foreach writer cannot be null"));
            case "noop": return new NoopSink();
            default:
                return StreamingSinks.Create(_format, _options, _outputMode, _partitionBy, session, _df.Schema());
        }
    }

    private (string Dir, bool Temp) ResolveCheckpoint(SparkSession session)
    {
        if (_options.TryGetValue("checkpointLocation", out var dir)) return (Path.GetFullPath(dir), false);
        var root = session.Configuration.GetOption("spark.sql.streaming.checkpointLocation");
        if (root != null)
            return (Path.GetFullPath(Path.Combine(root, _queryName ?? Guid.NewGuid().ToString())), false);
        if (StreamingSinks.RequiresCheckpoint(_format))
            throw new AnalysisException("checkpointLocation must be specified either through option(\"checkpointLocation\", ...) or SparkSession.conf.set(\"spark.sql.streaming.checkpointLocation\", ...)");
        var temp = Path.Combine(Path.GetTempPath(), "temporary-" + Guid.NewGuid());
        SparkLog.Warn("ResolveWriteToStream", $"Temporary checkpoint location created which is deleted normally when the query didn't fail: {temp}. If it's required to delete it under any circumstances, please set spark.sql.streaming.forceDeleteTempCheckpointLocation to true. Important to know deleting temp checkpoint folder is best effort.");
        return (temp, true);
    }
}
