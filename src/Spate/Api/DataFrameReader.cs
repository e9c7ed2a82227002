using Spate.Sql.Types;

namespace Spate.Sql;

/// <summary>Reads files in batch: <c>spark.Read().Format("json").Schema(schema).Load(path)</c>, or <c>Json(path)</c>, <c>Csv</c>, <c>Text</c>, <c>Parquet</c>.</summary>
public sealed class DataFrameReader
{
    private readonly SparkSession _session;
    private string _format = "parquet";
    private StructType? _schema;
    private readonly Dictionary<string, string> _options = new(StringComparer.OrdinalIgnoreCase);

    internal DataFrameReader(SparkSession session) { _session = session; }

    public DataFrameReader Format(string source) { _format = source.ToLowerInvariant(); return this; }
    public DataFrameReader Schema(StructType schema) { _schema = schema; return this; }
    public DataFrameReader Schema(string schemaString) { _schema = Types.DdlParser.ParseSchema(schemaString); return this; }
    public DataFrameReader Option(string key, string value) { _options[key] = value; return this; }
    public DataFrameReader Option(string key, bool value) => Option(key, value ? "true" : "false");
    public DataFrameReader Option(string key, long value) => Option(key, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    public DataFrameReader Option(string key, double value) => Option(key, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    public DataFrameReader Options(IDictionary<string, string> options) { foreach (var kv in options) _options[kv.Key] = kv.Value; return this; }

    public DataFrame Load(params string[] paths) => Sources.FileFormats.ReadBatch(_session, _format, paths, _schema, _options);
    public DataFrame Json(params string[] paths) => Format("json").Load(paths);
    public DataFrame Csv(params string[] paths) => Format("csv").Load(paths);
    public DataFrame Text(params string[] paths) => Format("text").Load(paths);
    public DataFrame Parquet(params string[] paths) => Format("parquet").Load(paths);
    public DataFrame Table(string tableName) => _session.Table(tableName);
}

/// <summary>Writes a DataFrame in batch: <c>df.Write().Mode("overwrite").Format("json").Save(path)</c>.</summary>
public sealed class DataFrameWriter
{
    private readonly DataFrame _df;
    private string _format = "parquet";
    private string _mode = "errorifexists";
    private readonly Dictionary<string, string> _options = new(StringComparer.OrdinalIgnoreCase);
    private string[] _partitionBy = Array.Empty<string>();

    internal DataFrameWriter(DataFrame df) { _df = df; }

    public DataFrameWriter Format(string source) { _format = source.ToLowerInvariant(); return this; }
    /// <summary><c>append</c>, <c>overwrite</c>, <c>ignore</c> or <c>error</c>/<c>errorifexists</c> (the default).</summary>
    public DataFrameWriter Mode(string saveMode) { _mode = saveMode.ToLowerInvariant(); return this; }
    public DataFrameWriter Option(string key, string value) { _options[key] = value; return this; }
    public DataFrameWriter Option(string key, bool value) => Option(key, value ? "true" : "false");
    public DataFrameWriter Option(string key, long value) => Option(key, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    public DataFrameWriter Options(IDictionary<string, string> options) { foreach (var kv in options) _options[kv.Key] = kv.Value; return this; }
    public DataFrameWriter PartitionBy(params string[] colNames) { _partitionBy = colNames; return this; }

    public void Save(string path) => Sources.FileFormats.WriteBatch(_df, _format, path, _mode, _options, _partitionBy);
    public void Json(string path) => Format("json").Save(path);
    public void Csv(string path) => Format("csv").Save(path);
    public void Text(string path) => Format("text").Save(path);
    public void Parquet(string path) => Format("parquet").Save(path);
}
