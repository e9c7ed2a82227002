using System.Globalization;
using System.Text;
using Spate.Columnar;
using Spate.Sources;
using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;

namespace Spate.Sinks;

/// <summary>
/// The streaming file sink (Spark's <c>FileStreamSink</c>): append mode only; each batch's rows become new files
/// (<c>part-00000-&lt;uuid&gt;-c000.csv</c>, under <c>key=value</c> directories with <c>PartitionBy</c>), and the batch's
/// files are then recorded in <c>_spark_metadata/N</c>. Exactly once: a batch id already in the log is skipped (a
/// replay after a restart), and readers list files through the log, so files of a batch that failed before its log
/// entry are never read. On a local disk each file is written to a hidden temp name and renamed when complete; on an
/// object store a single PUT is already atomic.
/// </summary>
internal sealed class FileStreamSink : ISink
{
    /// <summary>The block size Hadoop reports for local and S3A files (32 MiB), recorded in each log entry as Spark does.</summary>
    private const long BlockSize = 33_554_432;
    private readonly IFileFormat _format;
    private readonly string _path;
    private readonly IFileSystem _fs;
    private readonly int[] _partitionIndexes;
    private readonly IReadOnlyDictionary<string, string> _options;
    private readonly FileStreamSinkLog _log;
    private readonly long _maxRecordsPerFile;

    public FileStreamSink(IFileFormat format, string path, int[] partitionIndexes, IReadOnlyDictionary<string, string> options, SparkSession session)
    {
        _format = format;
        _path = path.TrimEnd('/', '\\');
        _fs = FileStreamPaths.FileSystemFor(path, options);
        _partitionIndexes = partitionIndexes;
        _options = options;
        var conf = session.Configuration;
        var metadata = FileStreamPaths.Combine(_path, FileStreamSinkLog.DirectoryName);
        _log = new FileStreamSinkLog(_fs, metadata, conf.GetInt("spark.sql.streaming.fileSink.log.compactInterval", 10));
        // The log exists from the start, as Spark's creates its directory up front: a reader of the output then never
        // falls back to listing data files, so a file whose batch is not committed yet is never read. A hidden, empty
        // marker makes the directory (object stores have no empty directories).
        if (!_fs.IsDirectory(metadata)) using (_fs.Create(FileStreamPaths.Combine(metadata, ".spate-log"))) { }
        _maxRecordsPerFile = options.TryGetValue("maxRecordsPerFile", out var m) && long.TryParse(m, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v)
            ? v : conf.GetLong("spark.sql.files.maxRecordsPerFile", 0);
    }

    public string Description => $"FileSink[{_path}]";

    /// <inheritdoc />
    public void AddBatch(long batchId, IReadOnlyList<ColumnBatch> data, StructType schema, OutputMode mode, SparkSession session)
    {
        if (batchId <= _log.LatestBatchId())
        {
            SparkLog.Info("FileStreamSink", $"Skipping already committed batch {batchId}");
            return;
        }
        var dataIndexes = Enumerable.Range(0, schema.Fields.Count).Where(i => !_partitionIndexes.Contains(i)).ToArray();
        var dataSchema = new StructType(dataIndexes.Select(i => schema.Fields[i]));
        var jobId = Guid.NewGuid().ToString();
        var written = new List<SinkFileStatus>();
        int fileIndex = 0;
        foreach (var (dir, batches) in Group(data, schema, dataIndexes))
        {
            if (batches.Count == 0) continue;
            foreach (var chunk in SplitByRecords(batches))
            {
                var name = $"part-{fileIndex:D5}-{jobId}-c000{FileExtension()}";
                fileIndex++;
                var target = FileStreamPaths.Combine(dir.Length == 0 ? _path : FileStreamPaths.Combine(_path, dir), name);
                written.Add(WriteFile(target, chunk, dataSchema));
            }
        }
        if (!_log.Add(batchId, written))
            throw new InvalidOperationException($"Race while writing batch {batchId}");
    }

    private string FileExtension()
    {
        if (_format.Name != "parquet") return _format.Extension;
        var codec = _options.TryGetValue("compression", out var c) ? c.ToLowerInvariant() : "snappy";
        return codec is "none" or "uncompressed" ? ".parquet" : "." + codec + ".parquet";
    }

    private IEnumerable<List<ColumnBatch>> SplitByRecords(List<ColumnBatch> batches)
    {
        if (_maxRecordsPerFile <= 0) { yield return batches; yield break; }
        var current = new List<ColumnBatch>();
        long count = 0;
        foreach (var b in batches)
        {
            int offset = 0;
            while (offset < b.RowCount)
            {
                int take = (int)Math.Min(b.RowCount - offset, _maxRecordsPerFile - count);
                current.Add(b.Slice(offset, take));
                offset += take;
                count += take;
                if (count == _maxRecordsPerFile) { yield return current; current = new List<ColumnBatch>(); count = 0; }
            }
        }
        if (current.Count > 0) yield return current;
    }

    /// <summary>The rows by output directory (<c>""</c> without partitioning), with the partition columns dropped.</summary>
    private List<(string Dir, List<ColumnBatch> Batches)> Group(IReadOnlyList<ColumnBatch> data, StructType schema, int[] dataIndexes)
    {
        var result = new List<(string, List<ColumnBatch>)>();
        if (_partitionIndexes.Length == 0)
        {
            result.Add(("", data.Where(b => b.RowCount > 0).Select(b => Project(b, dataIndexes)).ToList()));
            return result;
        }
        var byDir = new Dictionary<string, List<ColumnBatch>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var batch in data)
        {
            var rowsByDir = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            var sb = new StringBuilder();
            for (int r = 0; r < batch.RowCount; r++)
            {
                sb.Clear();
                for (int p = 0; p < _partitionIndexes.Length; p++)
                {
                    if (p > 0) sb.Append('/');
                    int c = _partitionIndexes[p];
                    var vector = batch.Columns[c];
                    var value = vector.IsNull(r) ? null : Expressions.Cast.FormatForCast(vector.GetValue(r)!, vector.Type);
                    sb.Append(Escape(schema.Fields[c].Name)).Append('=')
                      .Append(string.IsNullOrEmpty(value) ? PartitionDiscovery.DefaultPartitionName : Escape(value));
                }
                var dir = sb.ToString();
                if (!rowsByDir.TryGetValue(dir, out var rows)) rowsByDir[dir] = rows = new List<int>();
                rows.Add(r);
            }
            var projected = Project(batch, dataIndexes);
            foreach (var (dir, rows) in rowsByDir)
            {
                if (!byDir.TryGetValue(dir, out var list)) { byDir[dir] = list = new List<ColumnBatch>(); order.Add(dir); }
                list.Add(rows.Count == batch.RowCount ? projected : projected.Take(rows.ToArray()));
            }
        }
        foreach (var dir in order) result.Add((dir, byDir[dir]));
        return result;
    }

    private static ColumnBatch Project(ColumnBatch b, int[] indexes) =>
        indexes.Length == b.Columns.Length ? b : new ColumnBatch(indexes.Select(i => b.Columns[i]).ToArray(), b.RowCount);

    /// <summary>Spark's <c>escapePathName</c> for partition directory names.</summary>
    internal static string Escape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char ch in s)
        {
            if (ch < 0x20 || ch == 0x7F || "\"#%'*/:=?\\{[]^".IndexOf(ch) >= 0) sb.Append('%').Append(((int)ch).ToString("X2", CultureInfo.InvariantCulture));
            else sb.Append(ch);
        }
        return sb.ToString();
    }

    private SinkFileStatus WriteFile(string target, List<ColumnBatch> batches, StructType dataSchema)
    {
        if (FileStreamPaths.IsLocal(target))
        {
            var local = FileStreamPaths.StripFileScheme(target);
            var tmp = Path.Combine(Path.GetDirectoryName(local)!, "." + Path.GetFileName(local) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            using (var stream = _fs.Create(tmp))
                _format.Write(stream, batches, dataSchema, _options);
            _fs.Rename(tmp, local);
            var info = new FileInfo(local);
            return Status(FileStreamPaths.ToUri(local), info.Length, info.LastWriteTimeUtc);
        }
        using (var stream = _fs.Create(target))
            _format.Write(stream, batches, dataSchema, _options);
        var entry = _fs.ListFiles(target).FirstOrDefault();
        return Status(target, entry?.Length ?? 0, entry?.ModifiedUtc ?? DateTime.UtcNow);
    }

    private static SinkFileStatus Status(string uri, long size, DateTime modifiedUtc) =>
        new(uri, size, false, new DateTimeOffset(DateTime.SpecifyKind(modifiedUtc, DateTimeKind.Utc)).ToUnixTimeMilliseconds(), 1, BlockSize, "add");
}
