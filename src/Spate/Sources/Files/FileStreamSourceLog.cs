using System.Text.Json;
using System.Text.Json.Nodes;

namespace Spate.Sources;

/// <summary>One file the source has taken into a batch: <c>{"path":"file:///...","timestamp":...,"batchId":N}</c>.</summary>
internal sealed record SourceFileEntry(string Path, long Timestamp, long BatchId);

/// <summary>
/// The file source's log in the checkpoint (<c>sources/N/</c>, Spark's <c>FileStreamSourceLog</c>): for each batch
/// (log offset) the files it reads, so that a batch replayed after a restart reads exactly the same files.
/// Compacted every <c>spark.sql.streaming.fileSource.log.compactInterval</c> batches (default 10).
/// </summary>
internal sealed class FileStreamSourceLog : CompactibleFileLog<SourceFileEntry>
{
    public FileStreamSourceLog(IFileSystem fs, string directory, int compactInterval) : base(fs, directory, compactInterval) { }

    protected override string Serialize(SourceFileEntry entry) =>
        new JsonObject { ["path"] = entry.Path, ["timestamp"] = entry.Timestamp, ["batchId"] = entry.BatchId }.ToJsonString();

    protected override SourceFileEntry Deserialize(string json, string file)
    {
        try
        {
            var o = JsonNode.Parse(json)!.AsObject();
            return new SourceFileEntry(o["path"]!.GetValue<string>(), o["timestamp"]!.GetValue<long>(), o["batchId"]!.GetValue<long>());
        }
        catch (Exception e) when (e is JsonException or NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"[CHECKPOINT_FILE_CORRUPT] The file source log {file} has a malformed entry: {json}", e);
        }
    }

    /// <summary>The files of batches <paramref name="startId"/> to <paramref name="endId"/> inclusive.</summary>
    public List<SourceFileEntry> GetRange(long startId, long endId)
    {
        var result = new List<SourceFileEntry>();
        for (long id = startId; id <= endId; id++)
            result.AddRange(Get(id, e => e.BatchId) ?? throw new InvalidDataException(
                $"[CHECKPOINT_FILE_CORRUPT] The file source log {Directory} has no entry for batch {id}: the checkpoint is incomplete."));
        return result;
    }
}

/// <summary>
/// The files already taken (Spark's <c>SeenFilesMap</c>), by path (or by name with <c>fileNameOnly</c>), with the
/// newest timestamp seen. After <see cref="Purge"/>, files older than newest − <c>maxFileAge</c> are forgotten and
/// count as old, so they are never taken again.
/// </summary>
internal sealed class SeenFilesMap
{
    private readonly Dictionary<string, long> _map = new(StringComparer.Ordinal);
    private readonly long _maxAgeMs;
    private readonly bool _fileNameOnly;
    private long _latestTimestamp;
    private long _lastPurgeTimestamp;

    public SeenFilesMap(long maxAgeMs, bool fileNameOnly)
    {
        _maxAgeMs = maxAgeMs;
        _fileNameOnly = fileNameOnly;
    }

    private string Key(string path) => _fileNameOnly ? FileStreamPaths.Name(path) : path;

    public void Add(string path, long timestamp)
    {
        _map[Key(path)] = timestamp;
        if (timestamp > _latestTimestamp) _latestTimestamp = timestamp;
    }

    /// <summary>True when the file is neither seen nor older than the purge threshold.</summary>
    public bool IsNewFile(string path, long timestamp) => timestamp >= _lastPurgeTimestamp && !_map.ContainsKey(Key(path));

    /// <summary>Forgets files older than the newest minus the max age; returns how many.</summary>
    public int Purge()
    {
        if (_maxAgeMs == long.MaxValue) return 0;
        _lastPurgeTimestamp = _latestTimestamp - _maxAgeMs;
        var old = _map.Where(kv => kv.Value < _lastPurgeTimestamp).Select(kv => kv.Key).ToList();
        foreach (var k in old) _map.Remove(k);
        return old.Count;
    }
}
