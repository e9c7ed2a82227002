using System.Globalization;
using System.Net;
using System.Text;
using Spate.Sql;

namespace Spate.Ui;

/// <summary>
/// Server-rendered pages. Every value from a query, its rows or the confs is HTML-encoded; the pages carry no inline
/// script or style (the Content-Security-Policy forbids them): behaviour lives in <c>/static/ui.js</c>.
/// </summary>
internal static class HtmlPages
{
    public static string QueriesPage(SparkSession session, IReadOnlyList<QueryRecord> records, string tokenQuery, DateTimeOffset now)
    {
        var sb = new StringBuilder();
        Begin(sb, session, "Streaming Query", tokenQuery, "queries", null);
        sb.Append("<h1>Streaming Query</h1>\n");
        var active = records.Where(r => r.IsActive).ToList();
        var done = records.Where(r => !r.IsActive).ToList();
        sb.Append("<h2>Active Streaming Queries (<span id=\"active-count\">").Append(active.Count).Append("</span>)</h2>\n");
        QueryTable(sb, "active-queries", active, tokenQuery, now, withError: false);
        sb.Append("<h2>Completed Streaming Queries (<span id=\"completed-count\">").Append(done.Count).Append("</span>)</h2>\n");
        QueryTable(sb, "completed-queries", done, tokenQuery, now, withError: true);
        End(sb, tokenQuery);
        return sb.ToString();
    }

    private static void QueryTable(StringBuilder sb, string id, IReadOnlyList<QueryRecord> records, string tokenQuery, DateTimeOffset now, bool withError)
    {
        sb.Append("<table class=\"queries\" id=\"").Append(id).Append("\"><thead><tr>")
          .Append("<th>Name</th><th>Status</th><th>ID</th><th>Run ID</th><th>Start Time</th><th>Duration</th>")
          .Append("<th>Avg Input /sec</th><th>Avg Process /sec</th><th>Latest Batch</th>");
        if (withError) sb.Append("<th>Error</th>");
        sb.Append("</tr></thead><tbody>\n");
        foreach (var r in records)
        {
            var progress = r.Execution.RecentProgress;
            string link = "/StreamingQuery/statistics/?id=" + r.Query.RunId + (tokenQuery.Length > 0 ? "&" + tokenQuery[1..] : "");
            sb.Append("<tr><td><a href=\"").Append(H(link)).Append("\">").Append(H(r.Query.Name ?? "<no name>")).Append("</a></td>")
              .Append("<td class=\"status status-").Append(r.State.ToLowerInvariant()).Append("\">").Append(r.State).Append("</td>")
              .Append("<td class=\"mono\">").Append(r.Query.Id).Append("</td>")
              .Append("<td class=\"mono\">").Append(r.Query.RunId).Append("</td>")
              .Append("<td>").Append(FormatTime(r.StartTime)).Append("</td>")
              .Append("<td>").Append(FormatDuration((r.EndTime ?? now) - r.StartTime)).Append("</td>")
              .Append("<td class=\"num\">").Append(FormatRate(ApiJson.Average(progress, p => p.InputRowsPerSecond))).Append("</td>")
              .Append("<td class=\"num\">").Append(FormatRate(ApiJson.Average(progress, p => p.ProcessedRowsPerSecond))).Append("</td>")
              .Append("<td class=\"num\">").Append(progress.Length > 0 ? progress[^1].BatchId.ToString(CultureInfo.InvariantCulture) : "").Append("</td>");
            if (withError) sb.Append("<td class=\"error-text\">").Append(H(r.Error ?? "")).Append("</td>");
            sb.Append("</tr>\n");
        }
        if (records.Count == 0) sb.Append("<tr class=\"empty\"><td colspan=\"").Append(withError ? 10 : 9).Append("\">No queries.</td></tr>\n");
        sb.Append("</tbody></table>\n");
    }

    public static string QueryPage(SparkSession session, QueryRecord r, string tokenQuery, DateTimeOffset now)
    {
        var sb = new StringBuilder();
        Begin(sb, session, "Streaming Query Statistics", tokenQuery, "query", r.Query.RunId.ToString());
        sb.Append("<h1>Streaming Query Statistics</h1>\n");
        sb.Append("<dl class=\"facts\">")
          .Append("<dt>Name</dt><dd id=\"query-name\">").Append(H(r.Query.Name ?? "<no name>")).Append("</dd>")
          .Append("<dt>Id</dt><dd class=\"mono\">").Append(r.Query.Id).Append("</dd>")
          .Append("<dt>Run Id</dt><dd class=\"mono\">").Append(r.Query.RunId).Append("</dd>")
          .Append("<dt>Status</dt><dd><span id=\"query-state\" class=\"status status-").Append(r.State.ToLowerInvariant()).Append("\">").Append(r.State).Append("</span> ")
          .Append("<span id=\"status-message\">").Append(H(r.Execution.Status.Message)).Append("</span></dd>")
          .Append("<dt>Started</dt><dd>").Append(FormatTime(r.StartTime)).Append(" (<span id=\"query-duration\">").Append(FormatDuration((r.EndTime ?? now) - r.StartTime)).Append("</span>)</dd>")
          .Append("<dt>Latest batch</dt><dd id=\"latest-batch\">").Append(r.Execution.LastProgress?.BatchId.ToString(CultureInfo.InvariantCulture) ?? "-").Append("</dd>")
          .Append("<dt>Output mode</dt><dd>").Append(r.Execution.OutputMode).Append("</dd>")
          .Append("<dt>Sink</dt><dd>").Append(H(r.Execution.Sink.Description)).Append("</dd>")
          .Append("</dl>\n");
        sb.Append("<div id=\"query-error\" class=\"error-box").Append(r.Error == null ? " hidden" : "").Append("\">").Append(H(r.Error ?? "")).Append("</div>\n");

        sb.Append("<h2>Live result</h2>\n<p id=\"result-note\" class=\"note\"></p>\n");
        sb.Append("<div class=\"result-wrap\"><table id=\"result-table\" class=\"result\"><thead></thead><tbody></tbody></table></div>\n");

        sb.Append("<h2>Statistics</h2>\n<div class=\"charts\">\n");
        foreach (var (id, title) in Charts)
            sb.Append("<figure class=\"chart\" id=\"").Append(id).Append("\"><figcaption>").Append(H(title)).Append("</figcaption><div class=\"plot\"></div></figure>\n");
        sb.Append("</div>\n");

        sb.Append("<h2>Plan</h2>\n<pre id=\"plan\">").Append(H(r.Execution.Explain(extended: true))).Append("</pre>\n");

        sb.Append("<h2>Configuration</h2>\n<table id=\"configuration\" class=\"conf\"><thead><tr><th>Name</th><th>Value</th></tr></thead><tbody>\n");
        foreach (var kv in Redaction.Confs(session.Configuration))
            sb.Append("<tr><td class=\"mono\">").Append(H(kv.Key)).Append("</td><td class=\"mono\">").Append(H(kv.Value)).Append("</td></tr>\n");
        sb.Append("</tbody></table>\n");
        End(sb, tokenQuery);
        return sb.ToString();
    }

    /// <summary>The charts of Spark's statistics page, in its order; ui.js draws each from the progress JSON.</summary>
    public static readonly (string Id, string Title)[] Charts =
    {
        ("chart-input-rate", "Input Rate (records/sec)"),
        ("chart-process-rate", "Process Rate (records/sec)"),
        ("chart-input-rows", "Input Rows (records)"),
        ("chart-batch-duration", "Batch Duration (ms)"),
        ("chart-operation-duration", "Operation Duration (ms)"),
        ("chart-watermark-gap", "Global Watermark Gap (seconds)"),
        ("chart-state-rows", "Aggregated Number Of State Rows"),
        ("chart-state-memory", "Aggregated State Memory Used (bytes)"),
    };

    public static string NotFoundPage(SparkSession session, string tokenQuery, string message)
    {
        var sb = new StringBuilder();
        Begin(sb, session, "Not Found", tokenQuery, "none", null);
        sb.Append("<h1>Not Found</h1>\n<p>").Append(H(message)).Append("</p>\n");
        End(sb, tokenQuery);
        return sb.ToString();
    }

    private static void Begin(StringBuilder sb, SparkSession session, string title, string tokenQuery, string page, string? runId)
    {
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
          // An empty inline icon, so the browser does not ask for /favicon.ico.
          .Append("<link rel=\"icon\" href=\"data:,\">")
          .Append("<title>").Append(H(session.AppName)).Append(" - ").Append(H(title)).Append("</title>")
          .Append("<link rel=\"stylesheet\" href=\"/static/ui.css").Append(H(tokenQuery)).Append("\"></head>\n")
          .Append("<body data-page=\"").Append(page).Append('"');
        if (runId != null) sb.Append(" data-run-id=\"").Append(runId).Append('"');
        if (tokenQuery.Length > 0) sb.Append(" data-token-query=\"").Append(H(tokenQuery)).Append('"');
        sb.Append(">\n<header class=\"navbar\"><a class=\"brand\" href=\"/StreamingQuery/").Append(H(tokenQuery)).Append("\">Spate <small>")
          .Append(H(session.Version())).Append("</small></a><nav><a class=\"active\" href=\"/StreamingQuery/").Append(H(tokenQuery))
          .Append("\">Structured Streaming</a></nav><span class=\"app-name\">").Append(H(session.AppName)).Append(" application UI</span></header>\n<main>\n");
    }

    private static void End(StringBuilder sb, string tokenQuery) =>
        sb.Append("</main>\n<script src=\"/static/ui.js").Append(H(tokenQuery)).Append("\"></script>\n</body></html>\n");

    private static string H(string s) => WebUtility.HtmlEncode(s);

    public static string FormatTime(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>Spark UI's short durations: <c>850 ms</c>, <c>12 s</c>, <c>3.5 min</c>, <c>2.1 h</c>.</summary>
    public static string FormatDuration(TimeSpan d)
    {
        double ms = Math.Max(0, d.TotalMilliseconds);
        if (ms < 1000) return ((long)ms).ToString(CultureInfo.InvariantCulture) + " ms";
        if (ms < 60_000) return ((long)(ms / 1000)).ToString(CultureInfo.InvariantCulture) + " s";
        if (ms < 3_600_000) return (ms / 60_000).ToString("0.0", CultureInfo.InvariantCulture) + " min";
        return (ms / 3_600_000).ToString("0.0", CultureInfo.InvariantCulture) + " h";
    }

    public static string FormatRate(double v) => double.IsFinite(v) ? v.ToString("0.00", CultureInfo.InvariantCulture) : "NaN";
}
