using System.Globalization;
using Spate.Plans;
using Spate.Sources;
using Spate.Streaming;
using Spate.Sql.Types;

namespace Spate.Sql.Streaming;

/// <summary>Reads a stream: <c>spark.ReadStream().Format("socket").Option("host", h).Option("port", p).Load()</c>.
/// Formats: <c>socket</c>, <c>rate</c>, <c>rate-micro-batch</c>, and those registered by connector packages.</summary>
public sealed class DataStreamReader
{
    private readonly SparkSession _session;
    private string? _format;
    private StructType? _schema;
    private readonly Dictionary<string, string> _options = new(StringComparer.OrdinalIgnoreCase);

    internal DataStreamReader(SparkSession session) { _session = session; }

    public DataStreamReader Format(string source) { _format = source; return this; }
    public DataStreamReader Schema(StructType schema) { _schema = schema; return this; }
    public DataStreamReader Schema(string schemaString) { _schema = DdlParser.ParseSchema(schemaString); return this; }
    public DataStreamReader Option(string key, string value) { _options[key] = value; return this; }
    public DataStreamReader Option(string key, bool value) => Option(key, value ? "true" : "false");
    public DataStreamReader Option(string key, long value) => Option(key, value.ToString(CultureInfo.InvariantCulture));
    public DataStreamReader Option(string key, double value) => Option(key, value.ToString(CultureInfo.InvariantCulture));
    public DataStreamReader Options(IDictionary<string, string> options) { foreach (var kv in options) _options[kv.Key] = kv.Value; return this; }

    /// <summary>The streaming DataFrame of the configured source.</summary>
    public DataFrame Load()
    {
        var format = _format ?? _session.Configuration.Get("spark.sql.sources.default", "parquet");
        var options = new Dictionary<string, string>(_options, StringComparer.OrdinalIgnoreCase);
        var descriptor = StreamingSources.Create(format, options, _schema, _session);
        return _session.Wrap(new StreamingRelation(descriptor, SparkSession.ToAttributes(descriptor.Schema)));
    }

    /// <summary>Reads files of the configured format from <paramref name="path"/> as they appear.</summary>
    public DataFrame Load(string path) => Option("path", path).Load();
    public DataFrame Json(string path) => Format("json").Load(path);
    public DataFrame Csv(string path) => Format("csv").Load(path);
    public DataFrame Text(string path) => Format("text").Load(path);
    public DataFrame Parquet(string path) => Format("parquet").Load(path);
}
