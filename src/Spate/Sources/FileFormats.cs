using Spate.Columnar;
using Spate.Expressions;
using Spate.Plans;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Sources;

/// <summary>Batch reading and writing of files by format: resolves paths, lists files, infers schemas, and plans scans.</summary>
internal static class FileFormats
{
    private static readonly Dictionary<string, Func<IFileFormat>> Formats = new(StringComparer.OrdinalIgnoreCase)
    {
        ["json"] = () => new JsonFileFormat(),
        ["csv"] = () => new CsvFileFormat(),
        ["text"] = () => new TextFileFormat(),
        ["parquet"] = () => new ParquetFileFormat(),
    };

    public static bool IsFileFormat(string format) => Formats.ContainsKey(format);

    public static IFileFormat Get(string format) =>
        Formats.TryGetValue(format, out var f) ? f()
            : throw new AnalysisException($"[DATA_SOURCE_NOT_FOUND] Failed to find the data source: {format}. Available file formats: {string.Join(", ", Formats.Keys)}.");

    /// <summary>The data files under the given paths: files directly, directories listed recursively, skipping names starting with _ or . (Spark's hidden files).</summary>
    public static List<FileEntry> ListDataFiles(IEnumerable<string> paths)
    {
        var files = new List<FileEntry>();
        foreach (var path in paths)
        {
            var fs = FileSystems.For(path);
            if (!fs.Exists(path))
                throw new AnalysisException($"[PATH_NOT_FOUND] Path does not exist: {path}.");
            if (!fs.IsDirectory(path))
            {
                var info = fs.ListFiles(path);
                files.AddRange(info.Count > 0 ? info : new[] { new FileEntry(path, 0, DateTime.MinValue) });
                continue;
            }
            foreach (var f in fs.ListFiles(path))
            {
                var rel = f.Path.Length > path.Length ? f.Path[path.Length..].TrimStart('/', '\\') : Path.GetFileName(f.Path);
                if (rel.Split('/', '\\').Any(part => part.StartsWith('_') || part.StartsWith('.'))) continue;
                files.Add(f);
            }
        }
        return files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
    }

    public static DataFrame ReadBatch(SparkSession session, string format, string[] paths, StructType? schema, IReadOnlyDictionary<string, string> options)
    {
        if (paths.Length == 0 && options.TryGetValue("path", out var p)) paths = new[] { p };
        if (paths.Length == 0) throw new AnalysisException("[UNABLE_TO_INFER_SCHEMA] 'path' is not specified.");
        var ff = Get(format);
        // A directory written by the streaming file sink holds only the files its _spark_metadata log lists.
        var files = paths.Length == 1 && Sinks.FileStreamSinkLog.ValidFiles(FileSystems.For(paths[0]), paths[0]) is { } logged
            ? logged.Select(f => new FileEntry(FileStreamPaths.FromUri(f.Path), f.Size, DateTimeOffset.FromUnixTimeMilliseconds(f.ModificationTime).UtcDateTime))
                .OrderBy(f => f.Path, StringComparer.Ordinal).ToList()
            : ListDataFiles(paths);
        var fileSchema = schema ?? (files.Count == 0
            ? throw new AnalysisException($"[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for {ff.Name.ToUpperInvariant()}. It must be specified manually.")
            : ff.InferSchema(files.Select(f => f.Path).ToList(), options));
        var output = SparkSession.ToAttributes(fileSchema);
        return session.Wrap(new FileScanRelation(ff, files.Select(f => f.Path).ToArray(), fileSchema, options, output));
    }

    public static void WriteBatch(DataFrame df, string format, string path, string mode, IReadOnlyDictionary<string, string> options, string[] partitionBy)
    {
        var ff = Get(format);
        var fs = FileSystems.For(path);
        if (fs.Exists(path))
        {
            switch (mode)
            {
                case "overwrite": fs.Delete(path); break;
                case "append": break;
                case "ignore": return;
                case "error" or "errorifexists" or "default":
                    throw new AnalysisException($"[PATH_ALREADY_EXISTS] Path {path} already exists. Set mode as \"overwrite\" to overwrite the existing path.");
                default:
                    throw new ArgumentException($"[INVALID_SAVE_MODE] The specified save mode \"{mode}\" is invalid. Valid save modes include \"append\", \"overwrite\", \"ignore\", \"error\", \"errorifexists\", and \"default\".");
            }
        }
        var qe = df.Execute();
        var partitions = qe.Physical.ExecuteAll(qe.Context);
        var schema = df.Schema();
        for (int i = 0; i < partitions.Length; i++)
        {
            if (partitions[i].Count == 0) continue;
            var file = $"{path.TrimEnd('/')}/part-{i:D5}-{Guid.NewGuid()}{ff.Extension}";
            using var stream = fs.Create(file);
            ff.Write(stream, partitions[i], schema, options);
        }
        using (fs.Create($"{path.TrimEnd('/')}/_SUCCESS")) { }
    }
}

/// <summary>A scan of files in one format: a leaf of the logical plan, read lazily, one partition per file.</summary>
internal sealed class FileScanRelation : LeafNode
{
    public FileScanRelation(IFileFormat format, string[] files, StructType schema, IReadOnlyDictionary<string, string> options, IReadOnlyList<AttributeReference> output)
    {
        Format = format;
        Files = files;
        FileSchema = schema;
        Options = options;
        Output = output;
    }

    public IFileFormat Format { get; }
    public string[] Files { get; }
    public StructType FileSchema { get; }
    public IReadOnlyDictionary<string, string> Options { get; }
    public override IReadOnlyList<AttributeReference> Output { get; }
    public override string NodeString => $"Relation [{string.Join(",", Output.Select(a => a.DebugString))}] {Format.Name}";

    /// <summary>True when this scan reads a streaming source's micro-batch (see <see cref="IMicroBatchSource.GetBatchPlan"/>).</summary>
    public bool IsStreamingBatch { get; init; }

    /// <summary>Counts the rows the scan reads, for a micro-batch's progress; null for batch reads.</summary>
    public RowCounter? Rows { get; init; }

    /// <summary>This scan with another schema and output (column pruning), keeping its streaming role.</summary>
    public FileScanRelation WithSchema(StructType schema, IReadOnlyList<AttributeReference> output) =>
        new(Format, Files, schema, Options, output) { IsStreamingBatch = IsStreamingBatch, Rows = Rows };
}

/// <summary>
/// Reads the files of a <see cref="FileScanRelation"/>: one partition per file, or, for line-based formats (text, and
/// json without multiLine), per byte range of a large file, so one big file uses every core. Ranges follow Spark's
/// sizing: min(spark.sql.files.maxPartitionBytes, max(spark.sql.files.openCostInBytes, total bytes / parallelism)).
/// </summary>
internal sealed class FileScanExec : Execution.PhysicalPlan
{
    private readonly FileScanRelation _relation;
    private readonly (string Path, long Start, long End, long Length)[] _splits;
    private readonly (int Field, long Integral, byte[]? Utf8)[] _keepOnly = Array.Empty<(int, long, byte[]?)>();

    public FileScanExec(FileScanRelation relation, int parallelism = 1, long maxPartitionBytes = 128L << 20, long openCostInBytes = 4L << 20)
    {
        _relation = relation;
        _splits = Plan(relation, Math.Max(1, parallelism), maxPartitionBytes, openCostInBytes);
    }

    private FileScanExec(FileScanExec scan, (int, long, byte[]?)[] keepOnly)
    {
        _relation = scan._relation;
        _splits = scan._splits;
        _keepOnly = keepOnly;
    }

    /// <summary>
    /// This scan under <c>Filter(condition)</c>: a JSON scan checks the condition's <c>column = constant</c>
    /// conjuncts while parsing, so records the filter drops are not appended (the filter still runs above). Spark
    /// pushes filters into its JSON scans the same way (spark.sql.json.filterPushdown.enabled).
    /// </summary>
    public FileScanExec WithFilterAbove(Expression condition)
    {
        if (_relation.Format is not JsonFileFormat) return this;
        var options = new Expressions.Json.JsonOptions(_relation.Options);
        var flat = Expressions.Json.JsonFlatRecordParser.TryCreate(_relation.FileSchema);
        if (flat == null || options.MultiLine || Expressions.Json.JsonToStructs.CorruptFieldIndex(_relation.FileSchema, options) >= 0) return this;
        var output = _relation.Output;
        var keep = Expressions.Json.JsonKeepConditions.From(condition, side =>
        {
            if (side is AttributeReference a)
                for (int i = 0; i < output.Count; i++) if (output[i].ExprId == a.ExprId) return i;
            return -1;
        }, flat);
        return keep.Length == 0 ? this : new FileScanExec(this, keep);
    }

    private static bool Splittable(FileScanRelation r)
    {
        bool Opt(string key) => r.Options.TryGetValue(key, out var v) && v.Equals("true", StringComparison.OrdinalIgnoreCase);
        return r.Format.Name switch
        {
            "text" => !Opt("wholetext") && !r.Options.ContainsKey("lineSep"),
            "json" => !Opt("multiLine") && !r.Options.ContainsKey("lineSep"),
            _ => false,
        };
    }

    private static (string, long, long, long)[] Plan(FileScanRelation r, int parallelism, long maxPartitionBytes, long openCost)
    {
        if (!Splittable(r) || r.Files.Any(f => f.Contains("://", StringComparison.Ordinal)))
            return r.Files.Select(f => (f, 0L, long.MaxValue, -1L)).ToArray();
        var lengths = r.Files.Select(f => File.Exists(f) ? new FileInfo(f).Length : -1L).ToArray();
        long total = lengths.Where(l => l > 0).Sum() + openCost * r.Files.Length;
        long splitBytes = Math.Min(maxPartitionBytes, Math.Max(openCost, total / parallelism));
        var splits = new List<(string, long, long, long)>();
        for (int i = 0; i < r.Files.Length; i++)
        {
            long len = lengths[i];
            if (len <= splitBytes) { splits.Add((r.Files[i], 0, long.MaxValue, -1)); continue; }
            for (long start = 0; start < len; start += splitBytes)
                splits.Add((r.Files[i], start, Math.Min(len, start + splitBytes), len));
        }
        return splits.ToArray();
    }

    public override IReadOnlyList<Execution.PhysicalPlan> Children => Array.Empty<Execution.PhysicalPlan>();
    public override IReadOnlyList<AttributeReference> Output => _relation.Output;
    public override int NumPartitions => Math.Max(1, _splits.Length);
    public override string NodeString => $"FileScan {_relation.Format.Name} [{string.Join(",", Output.Select(a => a.DebugString))}] {_relation.Files.Length} files, {_splits.Length} splits";

    /// <summary>True when this is a text scan of the default line ends whose only column is <paramref name="column"/>:
    /// a <c>from_json</c> over it can parse the lines as they are read (<see cref="ExecuteJsonLines"/>).</summary>
    public bool CanParseJsonLines(AttributeReference column) =>
        _relation.Format is TextFileFormat
        && _relation.Output.Count == 1 && _relation.Output[0].ExprId == column.ExprId
        && !_relation.Options.ContainsKey("lineSep")
        && !(_relation.Options.TryGetValue("wholetext", out var w) && w.Equals("true", StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads a partition as the struct column of <c>from_json</c> over its lines, built by <paramref name="builder"/>.</summary>
    public IEnumerable<ColumnBatch> ExecuteJsonLines(int partition, Expressions.Json.JsonStructColumnBuilder builder)
    {
        if (_splits.Length == 0) yield break;
        var (path, start, end, length) = _splits[partition];
        using var stream = Open(path, start, end, length);
        // Lines a pushed filter drops produce no row but are input rows all the same: the reader counts them.
        foreach (var batch in TextFileFormat.ReadJsonLines(stream, builder, _relation.Rows))
            if (batch.RowCount > 0) yield return batch;
    }

    private static Stream Open(string path, long start, long end, long length)
    {
        Stream stream;
        try
        {
            stream = FileSystems.For(path).OpenRead(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SparkException($"[FAILED_READ_FILE.FILE_NOT_EXIST] Encountered error while reading file {path}. File does not exist. It is possible the underlying files have been updated. You can explicitly invalidate the cache in Spark by running 'REFRESH TABLE tableName' command in SQL or by recreating the Dataset/DataFrame involved.", e);
        }
        return length >= 0 ? new LineRangeStream(stream, start, end, length) : stream;
    }

    public override IEnumerable<ColumnBatch> Execute(int partition, Execution.TaskContext context)
    {
        if (_splits.Length == 0) yield break;
        var (path, start, end, length) = _splits[partition];
        using var stream = Open(path, start, end, length);
        if (_keepOnly.Length > 0 && _relation.Format is JsonFileFormat json)
        {
            // Records the pushed conditions drop are input rows too: the reader counts them.
            foreach (var batch in json.Read(stream, _relation.FileSchema, _relation.Options, _keepOnly, _relation.Rows))
                if (batch.RowCount > 0) yield return batch;
            yield break;
        }
        foreach (var batch in _relation.Format.Read(stream, path, _relation.FileSchema, _relation.Options))
        {
            if (batch.RowCount == 0) continue;
            _relation.Rows?.Add(batch.RowCount);
            yield return batch;
        }
    }
}
