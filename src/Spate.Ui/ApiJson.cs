using System.Text.Json.Nodes;
using Spate.Sql.Streaming;

namespace Spate.Ui;

/// <summary>The JSON documents of the read-only API under <c>/api/v1/streaming/queries</c>.</summary>
internal static class ApiJson
{
    /// <summary>One run in the queries list: identity, state, timing and rates (Spark's <c>StreamingQueryData</c> plus the list page's columns).</summary>
    public static JsonObject Summary(QueryRecord r, DateTimeOffset now)
    {
        var progress = r.Execution.RecentProgress;
        var last = progress.Length > 0 ? progress[^1] : null;
        var o = new JsonObject
        {
            ["id"] = r.Query.Id.ToString(),
            ["runId"] = r.Query.RunId.ToString(),
            ["name"] = r.Query.Name,
            ["status"] = r.State,
            ["isActive"] = r.IsActive,
            ["startTimestamp"] = StreamingQueryProgress.FormatTimestamp(r.StartTime),
            ["endTimestamp"] = r.EndTime is { } end ? StreamingQueryProgress.FormatTimestamp(end) : null,
            ["durationMs"] = (long)((r.EndTime ?? now) - r.StartTime).TotalMilliseconds,
            ["latestBatchId"] = last?.BatchId,
            ["outputMode"] = r.Execution.OutputMode.ToString(),
            ["sink"] = r.Execution.Sink.Description,
        };
        ProgressJson.AddDouble(o, "avgInputRowsPerSecond", Average(progress, p => p.InputRowsPerSecond));
        ProgressJson.AddDouble(o, "avgProcessedRowsPerSecond", Average(progress, p => p.ProcessedRowsPerSecond));
        o["exception"] = r.Error;
        return o;
    }

    /// <summary>A run in detail: the summary, its status now and the last progress.</summary>
    public static JsonObject Detail(QueryRecord r, DateTimeOffset now)
    {
        var o = Summary(r, now);
        o["queryStatus"] = r.Execution.Status.ToJsonNode();
        o["lastProgress"] = r.Execution.LastProgress?.ToJsonNode();
        return o;
    }

    public static JsonArray Progress(QueryRecord r) =>
        new(r.Execution.RecentProgress.Select(p => (JsonNode?)p.ToJsonNode()).ToArray());

    /// <summary>The mean of the finite values (rates are NaN when they cannot be computed), or NaN.</summary>
    public static double Average(IEnumerable<StreamingQueryProgress> progress, Func<StreamingQueryProgress, double> value)
    {
        double sum = 0;
        int n = 0;
        foreach (var p in progress)
        {
            double v = value(p);
            if (!double.IsFinite(v)) continue;
            sum += v;
            n++;
        }
        return n == 0 ? double.NaN : sum / n;
    }
}
