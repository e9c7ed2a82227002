using System.Text.Json;
using System.Text.Json.Nodes;

namespace Spate.Cli.Checkpoints;

/// <summary>The machine-readable report of <c>spate checkpoint show --json</c>.</summary>
internal static class CheckpointJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Format(CheckpointInfo info)
    {
        var latest = info.LatestOffsets;
        var json = new JsonObject
        {
            ["path"] = info.Path,
            ["id"] = info.QueryId,
            ["latestBatchId"] = info.Batches.Count == 0 ? null : info.Batches[^1].BatchId,
            ["latestCommittedBatchId"] = info.LatestCommittedBatchId,
            // The batch a restart runs again, or null when every logged batch is committed.
            ["uncommittedBatchId"] = info.UncommittedBatchId,
            ["batches"] = new JsonArray(info.Batches.Select(b => (JsonNode)new JsonObject
            {
                ["batchId"] = b.BatchId,
                ["committed"] = b.Committed,
                ["batchWatermarkMs"] = b.BatchWatermarkMs,
                ["batchTimestampMs"] = b.BatchTimestampMs,
                ["nextBatchWatermarkMs"] = b.NextBatchWatermarkMs,
            }).ToArray()),
            ["latestOffsets"] = latest is null ? null : new JsonObject
            {
                ["batchId"] = latest.BatchId,
                ["batchWatermarkMs"] = latest.BatchWatermarkMs,
                ["batchTimestampMs"] = latest.BatchTimestampMs,
                ["conf"] = new JsonObject(latest.Conf.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                    .Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
            },
            ["sources"] = new JsonArray(info.Sources.Select(s => (JsonNode)new JsonObject
            {
                ["index"] = s.Index,
                ["offset"] = Offset(s.Offset),
                ["files"] = new JsonArray(s.Files.Select(f => (JsonNode)new JsonObject { ["name"] = f.Name, ["bytes"] = f.Bytes }).ToArray()),
            }).ToArray()),
            ["state"] = new JsonArray(info.State.Select(op => (JsonNode)new JsonObject
            {
                ["operatorId"] = op.OperatorId,
                ["operatorName"] = op.OperatorName,
                ["keySchema"] = op.KeySchema,
                ["valueSchema"] = op.ValueSchema,
                ["latestVersion"] = op.LatestVersion,
                ["bytes"] = op.Bytes,
                ["keys"] = op.Keys,
                ["partitions"] = new JsonArray(op.Partitions.Select(p => (JsonNode)new JsonObject
                {
                    ["partition"] = p.Partition,
                    ["latestVersion"] = p.LatestVersion,
                    ["deltaFiles"] = p.Deltas,
                    ["snapshotFiles"] = p.Snapshots,
                    ["bytes"] = p.Bytes,
                    ["keysVersion"] = p.KeysVersion,
                    ["keys"] = p.Keys,
                }).ToArray()),
            }).ToArray()),
        };
        return json.ToJsonString(Indented);
    }

    // Offsets are JSON in Spark's sources ({"logOffset":3}, {"topic":{"0":42}}); a plain value stays a string.
    private static JsonNode? Offset(string? offset)
    {
        if (offset is null) return null;
        try
        {
            return JsonNode.Parse(offset);
        }
        catch (JsonException)
        {
            return JsonValue.Create(offset);
        }
    }
}
