using Spate.Sinks;
using Spate.Sources;
using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;

namespace Spate.Streaming;

/// <summary>Streaming source formats by name. Connector packages register theirs (kafka, ...).</summary>
internal static class StreamingSources
{
    public delegate SourceDescriptor Factory(string format, Dictionary<string, string> options, StructType? userSchema, SparkSession session);

    private static readonly Dictionary<string, Factory> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["socket"] = (f, o, s, session) =>
        {
            var host = SourceOptions.Required(o, "host", "socket");
            var port = (int)SourceOptions.GetLong(o, "port", 0, min: 1);
            if (!o.ContainsKey("port")) SourceOptions.Required(o, "port", "socket");
            if (s != null) throw new AnalysisException("The socket source does not support a user-specified schema.");
            bool ts = SourceOptions.GetBool(o, "includeTimestamp", false);
            SparkLog.Warn("TextSocketSourceProvider", "The socket source should not be used for production applications! It does not support recovery.");
            return new SourceDescriptor(f, o, SocketSource.SchemaFor(ts), ctx => new SocketSource(host, port, ts, ctx.Time, ctx.DataArrived));
        },
        ["rate"] = (f, o, s, session) =>
        {
            if (s != null) throw new AnalysisException("The rate source does not support a user-specified schema.");
            _ = SourceOptions.GetLong(o, "rowsPerSecond", 1, min: 1);
            return new SourceDescriptor(f, o, RateSource.RateSchema, ctx => new RateSource(o, ctx));
        },
        ["rate-micro-batch"] = (f, o, s, session) =>
        {
            if (s != null) throw new AnalysisException("The rate-micro-batch source does not support a user-specified schema.");
            _ = new RateMicroBatchSource(o);
            return new SourceDescriptor(f, o, RateSource.RateSchema, _ => new RateMicroBatchSource(o));
        },
        ["json"] = FileStreamRegistration.CreateSource,
        ["csv"] = FileStreamRegistration.CreateSource,
        ["text"] = FileStreamRegistration.CreateSource,
        ["parquet"] = FileStreamRegistration.CreateSource,
    };

    public static void Register(string format, Factory factory) { lock (Factories) Factories[format] = factory; }

    /// <summary>" Add a reference to the package Spate.X." when a connector package provides the format.</summary>
    public static string Hint(string format) => ConnectorLoader.PackageFor(format) is { } p ? $" Add a reference to the package {p}." : "";

    public static SourceDescriptor Create(string format, Dictionary<string, string> options, StructType? schema, SparkSession session)
    {
        Factory? factory;
        lock (Factories) Factories.TryGetValue(format, out factory);
        if (factory == null && ConnectorLoader.TryLoad(format))
            lock (Factories) Factories.TryGetValue(format, out factory);
        if (factory == null)
            throw new AnalysisException($"[DATA_SOURCE_NOT_FOUND] Failed to find the data source: {format}.{Hint(format)} Streaming sources available: {string.Join(", ", Factories.Keys.Order())}.");
        return factory(format, options, schema, session);
    }
}

/// <summary>Streaming sink formats by name beyond the built-in ones (files, kafka, databases).</summary>
internal static class StreamingSinks
{
    public delegate ISink Factory(Dictionary<string, string> options, OutputMode mode, string[] partitionBy, SparkSession session, StructType schema);

    private static readonly Dictionary<string, Factory> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["json"] = (o, m, p, session, schema) => FileStreamRegistration.CreateSink("json", o, m, p, session, schema),
        ["csv"] = (o, m, p, session, schema) => FileStreamRegistration.CreateSink("csv", o, m, p, session, schema),
        ["text"] = (o, m, p, session, schema) => FileStreamRegistration.CreateSink("text", o, m, p, session, schema),
        ["parquet"] = (o, m, p, session, schema) => FileStreamRegistration.CreateSink("parquet", o, m, p, session, schema),
    };
    private static readonly HashSet<string> NeedCheckpoint = new(FileStreamRegistration.Formats, StringComparer.OrdinalIgnoreCase);

    public static void Register(string format, Factory factory, bool requiresCheckpoint)
    {
        lock (Factories)
        {
            Factories[format] = factory;
            if (requiresCheckpoint) NeedCheckpoint.Add(format);
        }
    }

    public static bool RequiresCheckpoint(string format)
    {
        lock (Factories) if (Factories.ContainsKey(format)) return NeedCheckpoint.Contains(format);
        ConnectorLoader.TryLoad(format);
        lock (Factories) return NeedCheckpoint.Contains(format);
    }

    public static ISink Create(string format, IReadOnlyDictionary<string, string> options, OutputMode mode, string[] partitionBy, SparkSession session, StructType schema)
    {
        Factory? factory;
        lock (Factories) Factories.TryGetValue(format, out factory);
        if (factory == null && ConnectorLoader.TryLoad(format))
            lock (Factories) Factories.TryGetValue(format, out factory);
        if (factory == null)
            throw new AnalysisException($"[DATA_SOURCE_NOT_FOUND] Failed to find the data source: {format}.{StreamingSources.Hint(format)} Streaming sinks available: console, memory, foreach, foreachBatch, noop{(Factories.Count > 0 ? ", " + string.Join(", ", Factories.Keys.Order()) : "")}.");
        return factory(new Dictionary<string, string>(options, StringComparer.OrdinalIgnoreCase), mode, partitionBy, session, schema);
    }
}
