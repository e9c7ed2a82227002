using System.Globalization;
using System.Text.Json.Nodes;

namespace Spate.Sql.Streaming;

/// <summary>What happened in one micro-batch: Spark's <c>StreamingQueryProgress</c>, with the same fields and JSON.</summary>
public sealed class StreamingQueryProgress
{
    internal StreamingQueryProgress(Guid id, Guid runId, string? name, DateTimeOffset timestamp, long batchId, long batchDuration,
        IReadOnlyDictionary<string, long> durationMs, IReadOnlyDictionary<string, string> eventTime,
        IReadOnlyList<StateOperatorProgress> stateOperators, IReadOnlyList<SourceProgress> sources, SinkProgress sink)
    {
        Id = id;
        RunId = runId;
        Name = name;
        Timestamp = timestamp;
        BatchId = batchId;
        BatchDuration = batchDuration;
        DurationMs = durationMs;
        EventTime = eventTime;
        StateOperators = stateOperators;
        Sources = sources;
        Sink = sink;
    }

    public Guid Id { get; }
    public Guid RunId { get; }
    public string? Name { get; }
    /// <summary>When the trigger started.</summary>
    public DateTimeOffset Timestamp { get; }
    public long BatchId { get; }
    /// <summary>Milliseconds the batch took, trigger to commit.</summary>
    public long BatchDuration { get; }
    public long NumInputRows => Sources.Sum(s => s.NumInputRows);
    public double InputRowsPerSecond => Sources.Sum(s => s.InputRowsPerSecond);
    public double ProcessedRowsPerSecond => Sources.Sum(s => s.ProcessedRowsPerSecond);
    /// <summary>Time per phase: <c>addBatch</c>, <c>getBatch</c>, <c>latestOffset</c>, <c>queryPlanning</c>, <c>triggerExecution</c>, <c>walCommit</c>, <c>commitOffsets</c>.</summary>
    public IReadOnlyDictionary<string, long> DurationMs { get; }
    /// <summary>Event-time statistics and the watermark (<c>avg</c>, <c>max</c>, <c>min</c>, <c>watermark</c>), when the query has a watermark.</summary>
    public IReadOnlyDictionary<string, string> EventTime { get; }
    public IReadOnlyList<StateOperatorProgress> StateOperators { get; }
    public IReadOnlyList<SourceProgress> Sources { get; }
    public SinkProgress Sink { get; }

    internal static string FormatTimestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    internal JsonObject ToJsonNode()
    {
        var o = new JsonObject
        {
            ["id"] = Id.ToString(),
            ["runId"] = RunId.ToString(),
            ["name"] = Name,
            ["timestamp"] = FormatTimestamp(Timestamp),
            ["batchId"] = BatchId,
            ["batchDuration"] = BatchDuration,
            ["numInputRows"] = NumInputRows,
        };
        ProgressJson.AddDouble(o, "inputRowsPerSecond", InputRowsPerSecond);
        ProgressJson.AddDouble(o, "processedRowsPerSecond", ProcessedRowsPerSecond);
        if (DurationMs.Count > 0) o["durationMs"] = new JsonObject(DurationMs.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => KeyValuePair.Create(k.Key, (JsonNode?)k.Value)));
        if (EventTime.Count > 0) o["eventTime"] = new JsonObject(EventTime.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => KeyValuePair.Create(k.Key, (JsonNode?)k.Value)));
        o["stateOperators"] = new JsonArray(StateOperators.Select(s => (JsonNode?)s.ToJsonNode()).ToArray());
        o["sources"] = new JsonArray(Sources.Select(s => (JsonNode?)s.ToJsonNode()).ToArray());
        o["sink"] = Sink.ToJsonNode();
        return o;
    }

    /// <summary>Compact JSON.</summary>
    public string Json => ToJsonNode().ToJsonString();

    /// <summary>Indented JSON, as Spark's <c>prettyJson</c> prints it.</summary>
    public string PrettyJson => ProgressJson.Pretty(ToJsonNode());

    public override string ToString() => PrettyJson;
}

/// <summary>Progress of one source in a batch.</summary>
public sealed class SourceProgress
{
    internal SourceProgress(string description, string? startOffset, string? endOffset, string? latestOffset, long numInputRows, double inputRowsPerSecond, double processedRowsPerSecond)
    {
        Description = description;
        StartOffset = startOffset;
        EndOffset = endOffset;
        LatestOffset = latestOffset;
        NumInputRows = numInputRows;
        InputRowsPerSecond = inputRowsPerSecond;
        ProcessedRowsPerSecond = processedRowsPerSecond;
    }

    public string Description { get; }
    public string? StartOffset { get; }
    public string? EndOffset { get; }
    public string? LatestOffset { get; }
    public long NumInputRows { get; }
    public double InputRowsPerSecond { get; }
    public double ProcessedRowsPerSecond { get; }

    internal JsonObject ToJsonNode()
    {
        var o = new JsonObject
        {
            ["description"] = Description,
            ["startOffset"] = ProgressJson.OffsetNode(StartOffset),
            ["endOffset"] = ProgressJson.OffsetNode(EndOffset),
            ["latestOffset"] = ProgressJson.OffsetNode(LatestOffset),
            ["numInputRows"] = NumInputRows,
        };
        ProgressJson.AddDouble(o, "inputRowsPerSecond", InputRowsPerSecond);
        ProgressJson.AddDouble(o, "processedRowsPerSecond", ProcessedRowsPerSecond);
        return o;
    }

    public string Json => ToJsonNode().ToJsonString();
}

/// <summary>Progress of the sink in a batch.</summary>
public sealed class SinkProgress
{
    internal SinkProgress(string description, long numOutputRows)
    {
        Description = description;
        NumOutputRows = numOutputRows;
    }

    public string Description { get; }
    /// <summary>Rows written, or -1 when the sink cannot tell.</summary>
    public long NumOutputRows { get; }

    internal JsonObject ToJsonNode() => new() { ["description"] = Description, ["numOutputRows"] = NumOutputRows };
    public string Json => ToJsonNode().ToJsonString();
}

/// <summary>Progress of one stateful operator in a batch.</summary>
public sealed class StateOperatorProgress
{
    internal StateOperatorProgress(string operatorName, long numRowsTotal, long numRowsUpdated, long allUpdatesTimeMs, long numRowsRemoved,
        long allRemovalsTimeMs, long commitTimeMs, long memoryUsedBytes, long numRowsDroppedByWatermark, int numShufflePartitions, int numStateStoreInstances)
    {
        OperatorName = operatorName;
        NumRowsTotal = numRowsTotal;
        NumRowsUpdated = numRowsUpdated;
        AllUpdatesTimeMs = allUpdatesTimeMs;
        NumRowsRemoved = numRowsRemoved;
        AllRemovalsTimeMs = allRemovalsTimeMs;
        CommitTimeMs = commitTimeMs;
        MemoryUsedBytes = memoryUsedBytes;
        NumRowsDroppedByWatermark = numRowsDroppedByWatermark;
        NumShufflePartitions = numShufflePartitions;
        NumStateStoreInstances = numStateStoreInstances;
    }

    public string OperatorName { get; }
    public long NumRowsTotal { get; }
    public long NumRowsUpdated { get; }
    public long AllUpdatesTimeMs { get; }
    public long NumRowsRemoved { get; }
    public long AllRemovalsTimeMs { get; }
    public long CommitTimeMs { get; }
    public long MemoryUsedBytes { get; }
    public long NumRowsDroppedByWatermark { get; }
    public int NumShufflePartitions { get; }
    public int NumStateStoreInstances { get; }

    internal JsonObject ToJsonNode() => new()
    {
        ["operatorName"] = OperatorName,
        ["numRowsTotal"] = NumRowsTotal,
        ["numRowsUpdated"] = NumRowsUpdated,
        ["allUpdatesTimeMs"] = AllUpdatesTimeMs,
        ["numRowsRemoved"] = NumRowsRemoved,
        ["allRemovalsTimeMs"] = AllRemovalsTimeMs,
        ["commitTimeMs"] = CommitTimeMs,
        ["memoryUsedBytes"] = MemoryUsedBytes,
        ["numRowsDroppedByWatermark"] = NumRowsDroppedByWatermark,
        ["numShufflePartitions"] = NumShufflePartitions,
        ["numStateStoreInstances"] = NumStateStoreInstances,
    };

    public string Json => ToJsonNode().ToJsonString();
}

/// <summary>What a query is doing now: Spark's <c>StreamingQueryStatus</c>.</summary>
public sealed class StreamingQueryStatus
{
    internal StreamingQueryStatus(string message, bool isDataAvailable, bool isTriggerActive)
    {
        Message = message;
        IsDataAvailable = isDataAvailable;
        IsTriggerActive = isTriggerActive;
    }

    public string Message { get; }
    public bool IsDataAvailable { get; }
    public bool IsTriggerActive { get; }

    internal JsonObject ToJsonNode() => new() { ["message"] = Message, ["isDataAvailable"] = IsDataAvailable, ["isTriggerActive"] = IsTriggerActive };
    public string Json => ToJsonNode().ToJsonString();
    public string PrettyJson => ProgressJson.Pretty(ToJsonNode());
    public override string ToString() => PrettyJson;
}

/// <summary>Spark's JSON conventions for progress: Jackson's pretty printer, NaN/Infinity omitted, offsets as JSON.</summary>
internal static class ProgressJson
{
    public static void AddDouble(JsonObject o, string key, double value)
    {
        if (double.IsFinite(value)) o[key] = value;
    }

    public static JsonNode? OffsetNode(string? offset)
    {
        if (offset == null) return null;
        try { return JsonNode.Parse(offset); }
        catch (System.Text.Json.JsonException) { return JsonValue.Create(offset); }
    }

    /// <summary>Jackson's DefaultPrettyPrinter layout: <c>"key" : value</c>, two-space indents, <c>[ {</c> for arrays of objects.</summary>
    public static string Pretty(JsonNode? node)
    {
        var sb = new System.Text.StringBuilder();
        Write(sb, node, 0);
        return sb.ToString();
    }

    private static void Write(System.Text.StringBuilder sb, JsonNode? node, int indent)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject o:
                if (o.Count == 0) { sb.Append("{ }"); break; }
                sb.Append("{\n");
                int i = 0;
                foreach (var kv in o)
                {
                    sb.Append(' ', indent + 2).Append(System.Text.Json.JsonSerializer.Serialize(kv.Key)).Append(" : ");
                    Write(sb, kv.Value, indent + 2);
                    if (++i < o.Count) sb.Append(',');
                    sb.Append('\n');
                }
                sb.Append(' ', indent).Append('}');
                break;
            case JsonArray a:
                if (a.Count == 0) { sb.Append("[ ]"); break; }
                sb.Append("[ ");
                for (int k = 0; k < a.Count; k++)
                {
                    if (k > 0) sb.Append(", ");
                    Write(sb, a[k], indent);
                }
                sb.Append(" ]");
                break;
            default:
                var v = node.AsValue();
                if (v.TryGetValue<double>(out var d) && !v.TryGetValue<long>(out _))
                    sb.Append(double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) < 1e15 ? d.ToString("0.0", CultureInfo.InvariantCulture) : d.ToString("R", CultureInfo.InvariantCulture));
                else sb.Append(node.ToJsonString());
                break;
        }
    }
}
