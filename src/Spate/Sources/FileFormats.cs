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
}

/// <summary>Reads each file of a <see cref="FileScanRelation"/> as one partition.</summary>
internal sealed class FileScanExec : Execution.PhysicalPlan
{
    private readonly FileScanRelation _relation;

    public FileScanExec(FileScanRelation relation) { _relation = relation; }

    public override IReadOnlyList<Execution.PhysicalPlan> Children => Array.Empty<Execution.PhysicalPlan>();
    public override IReadOnlyList<AttributeReference> Output => _relation.Output;
    public override int NumPartitions => Math.Max(1, _relation.Files.Length);
    public override string NodeString => $"FileScan {_relation.Format.Name} [{string.Join(",", Output.Select(a => a.DebugString))}] {_relation.Files.Length} files";

    public override IEnumerable<ColumnBatch> Execute(int partition, Execution.TaskContext context)
    {
        if (_relation.Files.Length == 0) yield break;
        var path = _relation.Files[partition];
        using var stream = FileSystems.For(path).OpenRead(path);
        foreach (var batch in _relation.Format.Read(stream, path, _relation.FileSchema, _relation.Options))
            if (batch.RowCount > 0) yield return batch;
    }
}
