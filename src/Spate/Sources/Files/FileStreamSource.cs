using System.Globalization;
using System.Text.Json.Nodes;
using Spate.Columnar;
using Spate.Sinks;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Sources;

/// <summary>
/// The streaming file source (Spark's <c>FileStreamSource</c>): watches a directory (local or <c>s3://</c>) by listing
/// it, and reads each new file once, in modification-time order (newest first with <c>latestFirst</c>).
/// <para>Offsets are <c>{"logOffset":N}</c>: N is a batch of the source's own log in the checkpoint
/// (<c>sources/K/N</c>), which lists the files of that batch. <see cref="LatestOffset"/> lists the directory, takes
/// the files not seen before (at most <c>maxFilesPerTrigger</c> files or <c>maxBytesPerTrigger</c> bytes) and writes
/// them to the log as the next batch; <see cref="GetBatch"/> reads the files the log holds for (start, end], so a
/// replay after a restart reads exactly the same files. After a restart the log tells which files were taken.</para>
/// <para>A directory written by the file sink (it has <c>_spark_metadata</c>) is listed through the sink's log, so
/// files of unfinished batches are never read.</para>
/// </summary>
internal sealed class FileStreamSource : IMicroBatchSource
{
    private readonly IFileFormat _format;
    private readonly string _path;
    private readonly IFileSystem _fs;
    private readonly StructType _dataSchema;
    private readonly StructType _partitionSchema;
    private readonly IReadOnlyDictionary<string, string> _options;
    private readonly FileStreamSourceOptions _streamOptions;
    private readonly FileStreamSourceLog _log;
    private readonly SeenFilesMap _seen;
    private readonly bool _ignoreMissingFiles;
    private long _latestLogOffset;
    private long? _lastCleaned;
    private long _committedLogOffset = -1;
    private bool _hasBacklog;

    public FileStreamSource(IFileFormat format, string path, StructType dataSchema, StructType partitionSchema,
        IReadOnlyDictionary<string, string> options, FileStreamSourceOptions streamOptions, SourceContext context)
    {
        _format = format;
        _path = path;
        _fs = FileStreamPaths.FileSystemFor(path, options);
        _dataSchema = dataSchema;
        _partitionSchema = partitionSchema;
        _options = options;
        _streamOptions = streamOptions;
        Schema = new StructType(dataSchema.Fields.Concat(partitionSchema.Fields));
        var conf = context.Session.Configuration;
        _ignoreMissingFiles = options.TryGetValue("ignoreMissingFiles", out var imf) ? imf.Equals("true", StringComparison.OrdinalIgnoreCase)
            : conf.GetBool("spark.sql.files.ignoreMissingFiles", false);
        _log = new FileStreamSourceLog(LocalFileSystem.Instance, context.CheckpointSourceDir,
            conf.GetInt("spark.sql.streaming.fileSource.log.compactInterval", 10));
        _seen = new SeenFilesMap(streamOptions.MaxFileAgeMs, streamOptions.FileNameOnly);
        // Restore: every file in the log is seen, and the next batch follows the newest log entry.
        foreach (var e in _log.AllEntries()) _seen.Add(e.Path, e.Timestamp);
        _seen.Purge();
        _latestLogOffset = _log.LatestBatchId();
        Description = $"FileStreamSource[{Qualified(path)}]";
        if (streamOptions.CleanSource == CleanSourceMode.Archive) CheckArchiveDir();
    }

    public StructType Schema { get; }
    public bool IsReplayable => true;
    public string Description { get; }

    private static string Qualified(string path) =>
        FileStreamPaths.IsLocal(path) ? "file:" + FileStreamPaths.Normalize(path) : path.TrimEnd('/');

    public static string OffsetJson(long logOffset) => "{\"logOffset\":" + logOffset.ToString(CultureInfo.InvariantCulture) + "}";

    public static long ParseOffset(string? offset)
    {
        if (offset == null) return -1;
        var t = offset.Trim();
        // A bare number is accepted too (Spark's SerializedOffset of old checkpoints).
        if (long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out long bare)) return bare;
        try
        {
            return JsonNode.Parse(t)?["logOffset"]?.GetValue<long>() ?? throw new FormatException();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"[CHECKPOINT_FILE_CORRUPT] Invalid file source offset {offset}: expected {{\"logOffset\":N}}.", e);
        }
    }

    /// <inheritdoc />
    public string? LatestOffset(string? start)
    {
        long s = ParseOffset(start);
        var newFiles = NewFiles();
        if (_latestLogOffset > s)
        {
            // Batches already in the log (taken by an earlier call, or before a restart) go first, one at a time when rate limited.
            _hasBacklog = newFiles.Count > 0 || _latestLogOffset > s + 1;
            return OffsetJson(_streamOptions.IsRateLimited ? s + 1 : _latestLogOffset);
        }
        if (newFiles.Count == 0)
        {
            _hasBacklog = false;
            return _latestLogOffset >= 0 ? OffsetJson(_latestLogOffset) : null;
        }
        var batch = Limit(newFiles);
        _hasBacklog = batch.Count < newFiles.Count;
        long id = _latestLogOffset + 1;
        var entries = batch.Select(f => new SourceFileEntry(FileStreamPaths.ToUri(f.Path), Millis(f.ModifiedUtc), id)).ToList();
        if (!_log.Add(id, entries))
            throw new InvalidOperationException($"[CONCURRENT_QUERY] Another instance of this query wrote batch {id} of the file source log {_log.Directory}. Only one query may run on a checkpoint at a time.");
        foreach (var e in entries) _seen.Add(e.Path, e.Timestamp);
        _seen.Purge();
        _latestLogOffset = id;
        return OffsetJson(id);
    }

    /// <summary>True when <paramref name="processed"/> reaches <paramref name="target"/> and nothing else is waiting: every
    /// batch in the log committed, no new file left over (with a per-trigger limit a backlog takes several batches).
    /// So <c>ProcessAllAvailable</c> and <c>Trigger.AvailableNow</c> run until the backlog is done, and a newly logged
    /// batch is never capped back to an older target.</summary>
    public bool Covers(string? processed, string target)
    {
        if (processed == null) return false;
        long p = ParseOffset(processed);
        return p >= ParseOffset(target) && p >= _latestLogOffset && _committedLogOffset >= _latestLogOffset && !_hasBacklog;
    }

    private List<FileEntry> Limit(List<FileEntry> files)
    {
        if (_streamOptions.MaxFilesPerTrigger is long maxFiles) return files.Take((int)Math.Min(maxFiles, int.MaxValue)).ToList();
        if (_streamOptions.MaxBytesPerTrigger is long maxBytes)
        {
            // At least one file, so that a file larger than the limit does not stall the stream.
            var result = new List<FileEntry>();
            long total = 0;
            foreach (var f in files)
            {
                if (result.Count > 0 && total + f.Length > maxBytes) break;
                result.Add(f);
                total += f.Length;
            }
            return result;
        }
        return files;
    }

    private static long Millis(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    /// <summary>Data files not seen yet, oldest first (newest first with <c>latestFirst</c>).</summary>
    private List<FileEntry> NewFiles()
    {
        var files = ListAll().Where(f => _seen.IsNewFile(FileStreamPaths.ToUri(f.Path), Millis(f.ModifiedUtc)));
        var ordered = _streamOptions.LatestFirst
            ? files.OrderByDescending(f => f.ModifiedUtc).ThenBy(f => f.Path, StringComparer.Ordinal)
            : files.OrderBy(f => f.ModifiedUtc).ThenBy(f => f.Path, StringComparer.Ordinal);
        return ordered.ToList();
    }

    private IEnumerable<FileEntry> ListAll()
    {
        if (FileStreamSinkLog.ValidFiles(_fs, _path) is { } logged)
            return logged.Select(e => new FileEntry(FileStreamPaths.FromUri(e.Path), e.Size, DateTimeOffset.FromUnixTimeMilliseconds(e.ModificationTime).UtcDateTime));
        return _fs.ListFiles(_path).Where(f =>
            !FileStreamPaths.IsHidden(FileStreamPaths.Name(f.Path))
            && !FileStreamPaths.DirectoriesBetween(_path, f.Path).Any(FileStreamPaths.IsHidden));
    }

    /// <inheritdoc />
    /// <remarks>A scan of the batch's files, read in parallel splits when the batch runs. Not for partitioned
    /// directories (their columns come from paths) or with ignoreMissingFiles (a vanished file is skipped file by
    /// file): those read up front through <see cref="GetBatch"/>.</remarks>
    public Plans.LogicalPlan? GetBatchPlan(string? start, string end, IReadOnlyList<Expressions.AttributeReference> output, RowCounter rows)
    {
        if (_partitionSchema.Fields.Count > 0 || _ignoreMissingFiles || output.Count != _dataSchema.Fields.Count) return null;
        long s = ParseOffset(start), e = ParseOffset(end);
        var files = _log.GetRange(s + 1, e).Select(entry => FileStreamPaths.FromUri(entry.Path)).ToArray();
        return new FileScanRelation(_format, files, _dataSchema, _options, output) { IsStreamingBatch = true, Rows = rows };
    }

    /// <inheritdoc />
    public IReadOnlyList<ColumnBatch> GetBatch(string? start, string end)
    {
        long s = ParseOffset(start), e = ParseOffset(end);
        var files = _log.GetRange(s + 1, e);
        var result = new List<ColumnBatch>();
        foreach (var entry in files)
        {
            var file = FileStreamPaths.FromUri(entry.Path);
            var values = PartitionDiscovery.Values(_path, file, _partitionSchema);
            Stream stream;
            try
            {
                stream = _fs.OpenRead(file);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                if (_ignoreMissingFiles) { SparkLog.Warn("FileStreamSource", $"Skipped missing file: {entry.Path}"); continue; }
                throw new SparkException($"[FAILED_READ_FILE.FILE_NOT_EXIST] Encountered error while reading file {entry.Path}. File does not exist. It is possible the underlying files have been updated. You can explicitly invalidate the cache in Spark by running 'REFRESH TABLE tableName' command in SQL or by recreating the Dataset/DataFrame involved.", ex);
            }
            using (stream)
                foreach (var batch in _format.Read(stream, file, _dataSchema, _options))
                    if (batch.RowCount > 0) result.Add(PartitionDiscovery.AppendColumns(batch, _partitionSchema, values));
        }
        return result;
    }

    /// <inheritdoc />
    public void Commit(string end)
    {
        long e = ParseOffset(end);
        if (_streamOptions.CleanSource != CleanSourceMode.Off)
        {
            long from = _lastCleaned is long last ? last + 1 : e;
            for (long id = from; id <= e; id++)
                foreach (var entry in _log.Get(id, x => x.BatchId) ?? Array.Empty<SourceFileEntry>())
                    if (entry.BatchId == id) Clean(entry.Path);
        }
        _lastCleaned = e;
        _committedLogOffset = Math.Max(_committedLogOffset, e);
    }

    private void CheckArchiveDir()
    {
        var archive = _streamOptions.SourceArchiveDir!;
        if (FileStreamPaths.IsLocal(archive) != FileStreamPaths.IsLocal(_path)
            || (!FileStreamPaths.IsLocal(_path) && !string.Equals(Bucket(archive), Bucket(_path), StringComparison.Ordinal)))
            throw new ArgumentException($"Source archive directory '{archive}' must be on the same file system as the source path '{_path}'.");
        var a = FileStreamPaths.Normalize(archive) + "/";
        var p = FileStreamPaths.Normalize(_path) + "/";
        if (a.StartsWith(p, StringComparison.Ordinal) || p.StartsWith(a, StringComparison.Ordinal))
            throw new ArgumentException($"The source archive directory '{archive}' must not overlap the source path '{_path}': archived files would be read again.");
    }

    private static string Bucket(string uri)
    {
        int i = uri.IndexOf("://", StringComparison.Ordinal);
        var rest = uri[(i + 3)..];
        int slash = rest.IndexOf('/');
        return slash < 0 ? rest : rest[..slash];
    }

    /// <summary>Archives or deletes one completed file; failures are logged, never fatal (as in Spark).</summary>
    private void Clean(string uri)
    {
        var file = FileStreamPaths.FromUri(uri);
        try
        {
            if (_streamOptions.CleanSource == CleanSourceMode.Delete)
            {
                _fs.Delete(file);
                return;
            }
            // The archived file keeps the source file's full path under the archive directory.
            string target;
            if (FileStreamPaths.IsLocal(file))
            {
                var abs = FileStreamPaths.Normalize(file);
                target = FileStreamPaths.Normalize(_streamOptions.SourceArchiveDir!) + abs;
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            }
            else
            {
                var rest = file[(file.IndexOf("://", StringComparison.Ordinal) + 3)..];
                target = _streamOptions.SourceArchiveDir!.TrimEnd('/') + rest[rest.IndexOf('/')..];
            }
            if (!_fs.Exists(file)) return;
            _fs.Rename(file, target);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            SparkLog.Warn("FileStreamSource", $"Fail to {(_streamOptions.CleanSource == CleanSourceMode.Delete ? "remove" : "move")} {uri} / skip: {ex.Message}");
        }
    }

    public void Dispose() { }
}
