using System.Text.Json;
using System.Text.Json.Nodes;

namespace Spate.Checkpoints;

/// <summary>One entry of the offset log: the offsets of every source for a batch, written before the batch runs.</summary>
internal sealed record OffsetSeq(IReadOnlyList<string?> Offsets, long BatchWatermarkMs, long BatchTimestampMs, IReadOnlyDictionary<string, string> Conf);

/// <summary>
/// <c>offsets/N</c>: Spark's layout. Line 1 <c>v1</c>; line 2 the metadata JSON
/// (<c>{"batchWatermarkMs":0,"batchTimestampMs":...,"conf":{...}}</c>); then one line per source with its offset
/// (<c>-</c> for a source with no offset yet).
/// </summary>
internal sealed class OffsetLog : MetadataLog
{
    public OffsetLog(string directory, bool durable = true, bool inMemory = false) : base(directory, durable, inMemory) { }

    public static string Serialize(OffsetSeq seq)
    {
        var meta = new JsonObject
        {
            ["batchWatermarkMs"] = seq.BatchWatermarkMs,
            ["batchTimestampMs"] = seq.BatchTimestampMs,
            ["conf"] = new JsonObject(seq.Conf.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
        };
        return "v1\n" + meta.ToJsonString() + "\n" + string.Join("\n", seq.Offsets.Select(o => o ?? "-"));
    }

    public static OffsetSeq Deserialize(string content, string path)
    {
        var lines = content.Split('\n');
        if (lines.Length < 2 || lines[0] != "v1")
            throw new InvalidDataException($"[CHECKPOINT_FILE_CORRUPT] Unsupported offset log version in {path}: expected v1, found '{lines[0]}'.");
        var meta = JsonNode.Parse(lines[1])!.AsObject();
        var conf = meta["conf"]?.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>()) ?? new Dictionary<string, string>();
        var offsets = lines.Skip(2).Select(l => l == "-" ? null : l).ToList();
        return new OffsetSeq(offsets, meta["batchWatermarkMs"]?.GetValue<long>() ?? 0, meta["batchTimestampMs"]?.GetValue<long>() ?? 0, conf);
    }

    /// <summary>Logs the offsets of a new batch; fails when the entry exists (another query wrote it: Spark's concurrent update error).</summary>
    public void Add(long batchId, OffsetSeq seq)
    {
        if (!Add(batchId, Serialize(seq)))
            throw new InvalidOperationException($"[CONCURRENT_STREAM_LOG_UPDATE] Concurrent update to the log. Multiple streaming jobs detected for {batchId} ({PathOf(batchId)}). Please make sure only one streaming job runs on a specific checkpoint location at a time.");
    }

    public OffsetSeq? GetSeq(long batchId)
    {
        var c = Get(batchId);
        return c == null ? null : Deserialize(c, PathOf(batchId));
    }
}

/// <summary><c>commits/N</c>: written after the sink has the batch. Line 1 <c>v1</c>, line 2 <c>{"nextBatchWatermarkMs":...}</c>.</summary>
internal sealed class CommitLog : MetadataLog
{
    public CommitLog(string directory, bool durable = true, bool inMemory = false) : base(directory, durable, inMemory) { }

    public void Add(long batchId, long nextBatchWatermarkMs) =>
        Put(batchId, "v1\n" + new JsonObject { ["nextBatchWatermarkMs"] = nextBatchWatermarkMs }.ToJsonString());

    public long? NextWatermark(long batchId)
    {
        var c = Get(batchId);
        if (c == null) return null;
        var lines = c.Split('\n');
        return lines.Length > 1 ? JsonNode.Parse(lines[1])?["nextBatchWatermarkMs"]?.GetValue<long>() ?? 0 : 0;
    }
}

/// <summary>The checkpoint's <c>metadata</c> file: <c>{"id":"..."}</c>, so a query keeps its id across restarts.</summary>
internal static class StreamMetadata
{
    public static Guid ReadOrCreate(string checkpointDir, Guid newId)
    {
        var path = Path.Combine(checkpointDir, "metadata");
        if (File.Exists(path))
        {
            var text = File.ReadAllText(path).Trim();
            try
            {
                var id = JsonNode.Parse(text)?["id"]?.GetValue<string>();
                if (id != null && Guid.TryParse(id, out var g)) return g;
            }
            catch (JsonException) { }
            throw new InvalidDataException($"[CHECKPOINT_FILE_CORRUPT] The checkpoint file {path} is corrupt: expected {{\"id\":\"<uuid>\"}}.");
        }
        Directory.CreateDirectory(checkpointDir);
        MetadataLog.WriteAtomically(path, new JsonObject { ["id"] = newId.ToString() }.ToJsonString());
        return newId;
    }
}
