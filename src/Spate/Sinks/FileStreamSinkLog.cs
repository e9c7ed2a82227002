using System.Text.Json;
using System.Text.Json.Nodes;
using Spate.Sources;

namespace Spate.Sinks;

/// <summary>One file the sink wrote (Spark's <c>SinkFileStatus</c>).</summary>
internal sealed record SinkFileStatus(string Path, long Size, bool IsDir, long ModificationTime, int BlockReplication, long BlockSize, string Action);

/// <summary>
/// The file sink's log, <c>output/_spark_metadata/N</c> (Spark's <c>FileStreamSinkLog</c>): the files each batch
/// added, one JSON line each. A file in the output directory that no log entry lists (a batch that failed half way, a
/// stray file) is not part of the output: readers list files through this log. Compacted every
/// <c>spark.sql.streaming.fileSink.log.compactInterval</c> batches (default 10).
/// </summary>
internal sealed class FileStreamSinkLog : CompactibleFileLog<SinkFileStatus>
{
    public const string DirectoryName = "_spark_metadata";

    public FileStreamSinkLog(IFileSystem fs, string directory, int compactInterval) : base(fs, directory, compactInterval) { }

    protected override string Serialize(SinkFileStatus e) => new JsonObject
    {
        ["path"] = e.Path,
        ["size"] = e.Size,
        ["isDir"] = e.IsDir,
        ["modificationTime"] = e.ModificationTime,
        ["blockReplication"] = e.BlockReplication,
        ["blockSize"] = e.BlockSize,
        ["action"] = e.Action,
    }.ToJsonString();

    protected override SinkFileStatus Deserialize(string json, string file)
    {
        try
        {
            var o = JsonNode.Parse(json)!.AsObject();
            return new SinkFileStatus(o["path"]!.GetValue<string>(), o["size"]?.GetValue<long>() ?? 0, o["isDir"]?.GetValue<bool>() ?? false,
                o["modificationTime"]?.GetValue<long>() ?? 0, o["blockReplication"]?.GetValue<int>() ?? 1, o["blockSize"]?.GetValue<long>() ?? 0,
                o["action"]?.GetValue<string>() ?? "add");
        }
        catch (Exception e) when (e is JsonException or NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"[CHECKPOINT_FILE_CORRUPT] The file sink log {file} has a malformed entry: {json}", e);
        }
    }

    /// <summary>A compaction keeps the files still present: an <c>add</c> later followed by a <c>delete</c> of the same path goes.</summary>
    protected override IEnumerable<SinkFileStatus> Compact(IEnumerable<SinkFileStatus> entries)
    {
        var list = entries.ToList();
        var deleted = list.Where(e => e.Action == "delete").Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        return list.Where(e => e.Action != "delete" && !deleted.Contains(e.Path));
    }

    /// <summary>The data files of an output directory written by the file sink: what its log lists as added and not deleted;
    /// null when <paramref name="dir"/> has no <c>_spark_metadata</c> log.</summary>
    public static IReadOnlyList<SinkFileStatus>? ValidFiles(IFileSystem fs, string dir)
    {
        var metadata = FileStreamPaths.Combine(dir, DirectoryName);
        if (!fs.IsDirectory(metadata)) return null;
        var log = new FileStreamSinkLog(fs, metadata, 10);
        return log.Compact(log.AllEntries()).ToList();
    }
}
