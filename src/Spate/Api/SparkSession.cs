using System.Text.RegularExpressions;
using Spate.Columnar;
using Spate.Expressions;
using Spate.Plans;
using Spate.Sql.Streaming;
using Spate.Sql.Types;

namespace Spate.Sql;

/// <summary>
/// The entry point: creates DataFrames, reads data, and runs streaming queries. Build one with
/// <c>SparkSession.Builder().Master("local[*]").AppName("app").GetOrCreate()</c>.
/// </summary>
public sealed class SparkSession : IDisposable
{
    private static readonly object ActiveLock = new();
    private static SparkSession? _active;
    private readonly Dictionary<string, LogicalPlan> _views = new(StringComparer.OrdinalIgnoreCase);

    internal SparkSession(IEnumerable<KeyValuePair<string, string>> confs)
    {
        Configuration = new RuntimeConfig(confs);
        Master = Configuration.Get("spark.master", "local[*]");
        AppName = Configuration.Get("spark.app.name", "Spate");
        Parallelism = ParseMaster(Master);
        SparkContext = new SparkContext(this);
        StreamManager = new StreamingQueryManager(this);
        ApplyTimeZone(Configuration.GetOption("spark.sql.session.timeZone"));
        Configuration.Changed += (k, v) => { if (k == "spark.sql.session.timeZone") ApplyTimeZone(v); };
    }

    /// <summary>A builder for a session (or the running one).</summary>
    public static Builder Builder() => new();

    /// <summary>The active session, or null.</summary>
    public static SparkSession? GetActiveSession() { lock (ActiveLock) return _active; }

    internal static SparkSession GetOrCreate(Dictionary<string, string> confs)
    {
        lock (ActiveLock)
        {
            if (_active != null && !_active.IsStopped)
            {
                foreach (var kv in confs) if (_active.Configuration.IsModifiable(kv.Key)) _active.Configuration.Set(kv.Key, kv.Value);
                return _active;
            }
            _active = new SparkSession(confs);
            // The web UI lives in its own package: start it when deployed and enabled.
            if (_active.Configuration.GetBool("spark.ui.enabled", true)) ConnectorLoader.TryLoad("ui");
            SessionStarted?.Invoke(_active);
            return _active;
        }
    }

    /// <summary>Raised when a session starts (the web UI package attaches here).</summary>
    internal static event Action<SparkSession>? SessionStarted;

    /// <summary>Raised when a session stops.</summary>
    internal static event Action<SparkSession>? SessionStopped;

    internal RuntimeConfig Configuration { get; }
    internal string Master { get; }
    internal string AppName { get; }
    /// <summary>How many partitions run at once: the N of <c>local[N]</c>, or the processor count for <c>local[*]</c>.</summary>
    internal int Parallelism { get; }
    internal bool IsStopped { get; private set; }
    internal StreamingQueryManager StreamManager { get; }

    /// <summary>The session's configuration.</summary>
    public RuntimeConfig Conf() => Configuration;

    /// <summary>The streaming queries of this session.</summary>
    public StreamingQueryManager Streams() => StreamManager;

    /// <summary>Spark's SparkContext, for <c>SetLogLevel</c> and the like.</summary>
    public SparkContext SparkContext { get; }

    /// <summary>The engine version.</summary>
    public string Version() => typeof(SparkSession).Assembly.GetName().Version?.ToString(3) ?? "0.1.0";

    private static int ParseMaster(string master)
    {
        var m = Regex.Match(master, @"^local(?:\[(\*|\d+)(?:,\s*\d+)?\])?$");
        if (m.Success)
        {
            if (!m.Groups[1].Success) return 1;
            return m.Groups[1].Value == "*" ? Environment.ProcessorCount : Math.Max(1, int.Parse(m.Groups[1].Value));
        }
        SparkLog.Warn("SparkSession", $"Master '{master}' is not a local master; Spate runs the application embedded in this process with all {Environment.ProcessorCount} cores (see docs/distributed.md).");
        return Environment.ProcessorCount;
    }

    private static void ApplyTimeZone(string? id)
    {
        if (string.IsNullOrEmpty(id)) return;
        try
        {
            DateTimeUtil.SessionTimeZone = id is "UTC" or "Z" or "GMT" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            throw new AnalysisException($"[INVALID_CONF_VALUE.TIME_ZONE] The value '{id}' in the config \"spark.sql.session.timeZone\" is invalid. Cannot resolve the given timezone.");
        }
    }

    internal Execution.TaskContext NewExecutionContext(CancellationToken cancellation = default) =>
        new(Parallelism, Configuration.ShufflePartitions, cancellation)
        {
            MaxPartitionBytes = Configuration.GetLong("spark.sql.files.maxPartitionBytes", 128L << 20),
            OpenCostInBytes = Configuration.GetLong("spark.sql.files.openCostInBytes", 4L << 20),
        };

    internal DataFrame Wrap(LogicalPlan plan) => new(this, plan);

    // ---------- creating DataFrames ----------

    /// <summary>A DataFrame of one string column named <c>value</c>, as PySpark's <c>createDataFrame(data, StringType())</c>.</summary>
    public DataFrame CreateDataFrame(IEnumerable<string?> data, StringType? type = null) =>
        FromValues(data.Cast<object?>(), new StructType(new[] { new StructField("value", StringType.Instance) }));

    /// <summary>A DataFrame of one column <c>_1</c>.</summary>
    public DataFrame CreateDataFrame(IEnumerable<int> data) => FromValues(data.Cast<object?>(), new StructType(new[] { new StructField("_1", IntegerType.Instance, false) }));
    public DataFrame CreateDataFrame(IEnumerable<long> data) => FromValues(data.Cast<object?>(), new StructType(new[] { new StructField("_1", LongType.Instance, false) }));
    public DataFrame CreateDataFrame(IEnumerable<double> data) => FromValues(data.Cast<object?>(), new StructType(new[] { new StructField("_1", DoubleType.Instance, false) }));
    public DataFrame CreateDataFrame(IEnumerable<bool> data) => FromValues(data.Cast<object?>(), new StructType(new[] { new StructField("_1", BooleanType.Instance, false) }));

    /// <summary>A DataFrame from rows and a schema. Values must match the schema's types.</summary>
    public DataFrame CreateDataFrame(IEnumerable<GenericRow> data, StructType schema) => CreateDataFrame(data.Cast<Row>(), schema);

    /// <summary>A DataFrame from rows and a schema. Values must match the schema's types.</summary>
    public DataFrame CreateDataFrame(IEnumerable<Row> data, StructType schema)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(schema);
        var batches = BuildBatches(data.Select((r, i) => r?.Values ?? throw new ArgumentException($"Row {i} is null: every row must be a Row with one value per field.")), schema);
        return Wrap(new LocalRelation(ToAttributes(schema), batches));
    }

    private DataFrame FromValues(IEnumerable<object?> values, StructType schema) =>
        Wrap(new LocalRelation(ToAttributes(schema), BuildBatches(values.Select(v => new[] { v }), schema)));

    internal static AttributeReference[] ToAttributes(StructType schema) =>
        schema.Fields.Select(f => AttributeReference.Create(f.Name, f.DataType, f.IsNullable)).ToArray();

    internal static List<ColumnBatch> BuildBatches(IEnumerable<object?[]> rows, StructType schema, int batchSize = 4096)
    {
        var batches = new List<ColumnBatch>();
        ColumnVector[]? cols = null;
        int n = 0, rowIndex = 0;
        foreach (var values in rows)
        {
            cols ??= schema.Fields.Select(f => ColumnVector.Create(f.DataType, Math.Min(batchSize, 1024))).ToArray();
            if (values.Length != cols.Length)
                throw new ArgumentException($"[AXIS_LENGTH_MISMATCH] Row {rowIndex} has {values.Length} values but the schema has {cols.Length} fields ({string.Join(", ", schema.FieldNames())}).");
            for (int c = 0; c < cols.Length; c++)
            {
                try
                {
                    if (values[c] == null && !schema.Fields[c].IsNullable)
                        throw new ArgumentException($"[NULLABLE_COLUMN_OR_FIELD] Column or field `{schema.Fields[c].Name}` is nullable while it's required to be non-nullable (row {rowIndex}).");
                    cols[c].AppendValue(values[c]);
                }
                catch (Exception e) when (e is ArgumentException or InvalidCastException or FormatException or OverflowException)
                {
                    throw new ArgumentException($"Row {rowIndex}, field `{schema.Fields[c].Name}` ({schema.Fields[c].DataType.SimpleString}): {e.Message}", e);
                }
            }
            n++;
            rowIndex++;
            if (n == batchSize)
            {
                batches.Add(new ColumnBatch(cols, n));
                cols = null;
                n = 0;
            }
        }
        if (n > 0) batches.Add(new ColumnBatch(cols!, n));
        return batches;
    }

    /// <summary>A column <c>id</c> of longs from 0 to <paramref name="end"/> (exclusive).</summary>
    public DataFrame Range(long end) => Range(0, end);

    /// <summary>A column <c>id</c> of longs from start to end (exclusive) by step.</summary>
    public DataFrame Range(long start, long end, long step = 1, int? numPartitions = null)
    {
        if (step == 0) throw new ArgumentException("[INVALID_PARAMETER_VALUE] The value of parameter(s) `step` in `range` is invalid: step cannot be 0.");
        return Wrap(new RangeRelation(start, end, step, numPartitions, AttributeReference.Create("id", LongType.Instance, false)));
    }

    /// <summary>An empty DataFrame with this schema.</summary>
    public DataFrame EmptyDataFrame(StructType? schema = null) =>
        Wrap(new LocalRelation(ToAttributes(schema ?? new StructType()), Array.Empty<ColumnBatch>()));

    /// <summary>Runs a SQL query over temporary views: <c>spark.Sql("SELECT id, count(*) FROM t GROUP BY id")</c>.</summary>
    public DataFrame Sql(string sqlText) => SqlQueryParser.Parse(this, sqlText);

    /// <summary>Reads data in batch: <c>Read().Format("json").Load(path)</c>.</summary>
    public DataFrameReader Read() => new(this);

    /// <summary>Reads a stream: <c>ReadStream().Format("socket").Option("host", h).Load()</c>.</summary>
    public DataStreamReader ReadStream() => new(this);

    /// <summary>The temporary view (or memory-sink table) named <paramref name="tableName"/>.</summary>
    public DataFrame Table(string tableName)
    {
        lock (_views)
        {
            if (_views.TryGetValue(tableName, out var plan)) return Wrap(new SubqueryAlias(tableName, plan));
        }
        throw new AnalysisException($"[TABLE_OR_VIEW_NOT_FOUND] The table or view `{tableName}` cannot be found. Verify the spelling and correctness of the schema and catalog.");
    }

    internal void RegisterView(string name, LogicalPlan plan, bool replace)
    {
        lock (_views)
        {
            if (!replace && _views.ContainsKey(name))
                throw new AnalysisException($"[TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create the temporary view `{name}` because it already exists.");
            _views[name] = plan;
        }
    }

    internal bool DropView(string name) { lock (_views) return _views.Remove(name); }

    /// <summary>Stops every streaming query and the session.</summary>
    public void Stop()
    {
        if (IsStopped) return;
        foreach (var q in StreamManager.Active) q.Stop();
        IsStopped = true;
        lock (ActiveLock) if (_active == this) _active = null;
        SessionStopped?.Invoke(this);
    }

    public void Dispose() => Stop();
}

/// <summary>Builds a <see cref="SparkSession"/>: <c>SparkSession.Builder().Master("local[*]").AppName("x").Config(k, v).GetOrCreate()</c>.</summary>
public sealed class Builder
{
    private readonly Dictionary<string, string> _confs = new();

    /// <summary><c>local</c>, <c>local[N]</c> or <c>local[*]</c>: how many cores run partitions.</summary>
    public Builder Master(string master) => Config("spark.master", master);
    public Builder AppName(string name) => Config("spark.app.name", name);
    public Builder Config(string key, string value) { _confs[key] = value; return this; }
    public Builder Config(string key, bool value) => Config(key, value ? "true" : "false");
    public Builder Config(string key, long value) => Config(key, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    public Builder Config(string key, double value) => Config(key, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Accepted for compatibility; there is no Hive metastore.</summary>
    public Builder EnableHiveSupport() => Config("spark.sql.catalogImplementation", "hive");

    /// <summary>The running session with these confs applied, or a new one.</summary>
    public SparkSession GetOrCreate() => SparkSession.GetOrCreate(_confs);
}

/// <summary>Spark's SparkContext: the session's log level and application facts.</summary>
public sealed class SparkContext
{
    private readonly SparkSession _session;
    internal SparkContext(SparkSession session) { _session = session; }

    /// <summary>Sets the log level: ALL, DEBUG, ERROR, FATAL, INFO, OFF, TRACE, WARN.</summary>
    public void SetLogLevel(string logLevel) => SparkLog.Level = SparkLog.Parse(logLevel);

    public string AppName => _session.AppName;
    public string Master => _session.Master;
    public int DefaultParallelism => _session.Parallelism;
}
