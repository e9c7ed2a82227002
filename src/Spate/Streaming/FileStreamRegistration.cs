using Spate.Sinks;
using Spate.Sources;
using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;

namespace Spate.Streaming;

/// <summary>The file formats (json, csv, text, parquet) as streaming sources and sinks: checks the options and the
/// schema when the stream is defined, as Spark's <c>DataSource.sourceSchema</c> and <c>createSink</c> do.</summary>
internal static class FileStreamRegistration
{
    public static readonly string[] Formats = { "json", "csv", "text", "parquet" };

    /// <summary>The descriptor of <c>ReadStream().Format(format).Load(path)</c>.</summary>
    public static SourceDescriptor CreateSource(string format, Dictionary<string, string> options, StructType? userSchema, SparkSession session)
    {
        var path = options.TryGetValue("path", out var p) ? p : throw new ArgumentException("'path' is not specified");
        var streamOptions = new FileStreamSourceOptions(options);
        var fileFormat = FileFormats.Get(format);
        var fs = FileStreamPaths.FileSystemFor(path, options);
        if (!fs.Exists(path))
            throw new AnalysisException($"[PATH_NOT_FOUND] Path does not exist: {(FileStreamPaths.IsLocal(path) ? "file:" + FileStreamPaths.Normalize(path) : path)}.");
        bool inference = session.Configuration.GetBool("spark.sql.streaming.schemaInference", false);
        bool isText = format.Equals("text", StringComparison.OrdinalIgnoreCase);
        // Without inference only the text format, whose schema is fixed, may go without a user schema.
        if (!inference && !isText && userSchema == null)
            throw new ArgumentException("Schema must be specified when creating a streaming source DataFrame. If some files already exist in the directory, then depending on the file format you may be able to create a static DataFrame on that directory with 'spark.read.load(directory)' and infer schema from it.");

        var existing = fs.IsDirectory(path) ? ExistingFiles(fs, path) : new List<string>();
        bool typeInference = session.Configuration.GetBool("spark.sql.sources.partitionColumnTypeInference.enabled", true);
        var partitionSchema = PartitionDiscovery.InferSchema(path, existing, userSchema, typeInference);
        StructType dataSchema;
        if (userSchema != null)
            dataSchema = new StructType(userSchema.Fields.Where(f => !partitionSchema.Fields.Any(pf => string.Equals(pf.Name, f.Name, StringComparison.OrdinalIgnoreCase))));
        else if (isText && !inference)
            dataSchema = fileFormat.InferSchema(Array.Empty<string>(), options);
        else if (existing.Count == 0)
            throw new AnalysisException($"[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for {fileFormat.Name.ToUpperInvariant()}. It must be specified manually.");
        else
            dataSchema = fileFormat.InferSchema(existing, options);
        var schema = new StructType(dataSchema.Fields.Concat(partitionSchema.Fields));
        return new SourceDescriptor(format, options, schema,
            ctx => new FileStreamSource(FileFormats.Get(format), path, dataSchema, partitionSchema, options, streamOptions, ctx));
    }

    private static List<string> ExistingFiles(IFileSystem fs, string path)
    {
        if (FileStreamSinkLog.ValidFiles(fs, path) is { } logged)
            return logged.Select(f => FileStreamPaths.FromUri(f.Path)).ToList();
        return fs.ListFiles(path)
            .Where(f => !FileStreamPaths.IsHidden(FileStreamPaths.Name(f.Path)) && !FileStreamPaths.DirectoriesBetween(path, f.Path).Any(FileStreamPaths.IsHidden))
            .Select(f => f.Path).OrderBy(f => f, StringComparer.Ordinal).ToList();
    }

    /// <summary>The sink of <c>WriteStream().Format(format).Option("path", dir)</c>: append mode only.</summary>
    public static ISink CreateSink(string format, Dictionary<string, string> options, OutputMode mode, string[] partitionBy, SparkSession session, StructType schema)
    {
        if (mode != OutputMode.Append)
            throw new AnalysisException($"Data source {format} does not support {mode.Name()} output mode");
        var path = options.TryGetValue("path", out var p) ? p : throw new ArgumentException("'path' is not specified");
        var indexes = new int[partitionBy.Length];
        for (int i = 0; i < partitionBy.Length; i++)
        {
            indexes[i] = schema.Fields.FindIndex(f => string.Equals(f.Name, partitionBy[i], StringComparison.OrdinalIgnoreCase));
            if (indexes[i] < 0)
                throw new AnalysisException($"Partition column `{partitionBy[i]}` not found in schema {schema.Sql}");
        }
        if (partitionBy.Length > 0 && partitionBy.Length == schema.Fields.Count)
            throw new AnalysisException("[ALL_PARTITION_COLUMNS_NOT_ALLOWED] Cannot use all columns for partition columns.");
        return new FileStreamSink(FileFormats.Get(format), path, indexes, options, session);
    }
}
