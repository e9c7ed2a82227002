using System.Net;
using System.Text.Json;
using Spate.Sql;
using Spate.Sql.Streaming;

namespace Spate.Ui.Tests;

/// <summary>The read-only JSON API and the pages, against real streaming queries.</summary>
public class ApiTests
{
    private static async Task<JsonElement> GetJson(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task Queries_RunningCompleteModeQuery_ListedWithProgressStatusAndResult()
    {
        using var spark = UiSession.Start();
        var input = new MemoryStream<string>(spark);
        var query = input.ToDF().GroupBy("value").Count().WriteStream().OutputMode("complete").Format("memory").QueryName("api_counts").Start();
        try
        {
            input.AddData("a", "b", "a");
            query.ProcessAllAvailable();
            input.AddData("a", null!);
            query.ProcessAllAvailable();
            using var client = UiSession.Client(spark);

            var list = await GetJson(client, "/api/v1/streaming/queries");
            var item = Assert.Single(list.EnumerateArray());
            Assert.Equal("api_counts", item.GetProperty("name").GetString());
            Assert.Equal(query.Id.ToString(), item.GetProperty("id").GetString());
            Assert.Equal(query.RunId.ToString(), item.GetProperty("runId").GetString());
            Assert.Equal("RUNNING", item.GetProperty("status").GetString());
            Assert.True(item.GetProperty("isActive").GetBoolean());
            // The engine may run an empty first batch when the query starts before data arrives, so batch ids come from the query.
            long lastBatch = query.LastProgress!.BatchId;
            Assert.Equal(lastBatch, item.GetProperty("latestBatchId").GetInt64());
            Assert.Equal(JsonValueKind.Null, item.GetProperty("endTimestamp").ValueKind);
            Assert.Equal(JsonValueKind.Null, item.GetProperty("exception").ValueKind);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", item.GetProperty("startTimestamp").GetString());
            Assert.True(item.GetProperty("durationMs").GetInt64() >= 0);
            Assert.Equal("Complete", item.GetProperty("outputMode").GetString());
            Assert.Equal("MemorySink", item.GetProperty("sink").GetString());

            // By run id and by query id.
            foreach (var id in new[] { query.RunId, query.Id })
            {
                var detail = await GetJson(client, $"/api/v1/streaming/queries/{id}");
                Assert.Equal(query.RunId.ToString(), detail.GetProperty("runId").GetString());
                Assert.Equal(lastBatch, detail.GetProperty("lastProgress").GetProperty("batchId").GetInt64());
                Assert.True(detail.GetProperty("queryStatus").TryGetProperty("isTriggerActive", out _));
            }

            var progress = await GetJson(client, $"/api/v1/streaming/queries/{query.RunId}/progress");
            Assert.Equal(query.RecentProgress.Select(p => p.BatchId).ToArray(), progress.EnumerateArray().Select(p => p.GetProperty("batchId").GetInt64()).ToArray());
            Assert.Equal(new long[] { 3, 2 }, progress.EnumerateArray().Select(p => p.GetProperty("numInputRows").GetInt64()).Where(n => n > 0).ToArray());
            var first = progress[0];
            var last = progress[progress.GetArrayLength() - 1];
            foreach (var op in new[] { "addBatch", "getBatch", "latestOffset", "queryPlanning", "triggerExecution", "walCommit" })
                Assert.True(first.GetProperty("durationMs").TryGetProperty(op, out _), op);
            Assert.Equal(3, last.GetProperty("stateOperators")[0].GetProperty("numRowsTotal").GetInt64()); // a, b and null
            Assert.Equal("MemorySink", first.GetProperty("sink").GetProperty("description").GetString());
            // The same JSON as the query's own progress.
            Assert.Equal(JsonDocument.Parse(query.LastProgress.Json).RootElement.GetProperty("timestamp").GetString(), last.GetProperty("timestamp").GetString());

            var status = await GetJson(client, $"/api/v1/streaming/queries/{query.RunId}/status");
            Assert.False(string.IsNullOrEmpty(status.GetProperty("message").GetString()));
            Assert.Contains(status.GetProperty("isTriggerActive").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
            Assert.Contains(status.GetProperty("isDataAvailable").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });

            var result = await GetJson(client, $"/api/v1/streaming/queries/{query.RunId}/result");
            Assert.True(result.GetProperty("available").GetBoolean());
            Assert.True(result.GetProperty("completeTable").GetBoolean());
            Assert.Equal(lastBatch, result.GetProperty("batchId").GetInt64());
            Assert.Equal(new[] { "value:string", "count:bigint" },
                result.GetProperty("schema").EnumerateArray().Select(f => f.GetProperty("name").GetString() + ":" + f.GetProperty("type").GetString()).ToArray());
            var rows = result.GetProperty("rows").EnumerateArray()
                .Select(r => (r[0].ValueKind == JsonValueKind.Null ? "NULL" : r[0].GetString()) + "=" + r[1].GetString()).OrderBy(s => s).ToArray();
            Assert.Equal(new[] { "NULL=1", "a=3", "b=1" }, rows);
            Assert.Equal(3, result.GetProperty("numRows").GetInt32());
            Assert.False(result.GetProperty("truncated").GetBoolean());
        }
        finally
        {
            query.Stop();
        }
    }

    [Fact]
    public async Task Result_AppendMode_LatestBatchOnlyAndTruncatedAtMaxRows()
    {
        using var spark = UiSession.Start(("spark.ui.result.maxRows", "2"));
        var input = new MemoryStream<int>(spark);
        var query = input.ToDF().WriteStream().Format("memory").QueryName("api_append").Start();
        try
        {
            input.AddData(1, 2);
            query.ProcessAllAvailable();
            input.AddData(3, 4, 5);
            query.ProcessAllAvailable();
            using var client = UiSession.Client(spark);
            var result = await GetJson(client, $"/api/v1/streaming/queries/{query.Id}/result");
            Assert.False(result.GetProperty("completeTable").GetBoolean());
            Assert.Equal("Append", result.GetProperty("outputMode").GetString());
            Assert.Equal(3, result.GetProperty("numRows").GetInt32());
            Assert.True(result.GetProperty("truncated").GetBoolean());
            Assert.Equal(new[] { "3", "4" }, result.GetProperty("rows").EnumerateArray().Select(r => r[0].GetString()).ToArray());
        }
        finally
        {
            query.Stop();
        }
    }

    [Fact]
    public async Task Result_SinkWithoutRows_SaysWhy()
    {
        using var spark = UiSession.Start();
        var input = new MemoryStream<int>(spark);
        var query = input.ToDF().WriteStream().ForeachBatch((_, _) => { }).Start();
        try
        {
            input.AddData(1);
            query.ProcessAllAvailable();
            using var client = UiSession.Client(spark);
            var result = await GetJson(client, $"/api/v1/streaming/queries/{query.RunId}/result");
            Assert.False(result.GetProperty("available").GetBoolean());
            Assert.Contains("ForeachBatchSink does not keep its rows", result.GetProperty("reason").GetString());
        }
        finally
        {
            query.Stop();
        }
    }

    [Fact]
    public async Task Queries_StoppedAndFailedQueries_KeptAsFinishedAndFailed()
    {
        using var spark = UiSession.Start();
        var input = new MemoryStream<int>(spark);
        var ok = input.ToDF().WriteStream().Format("memory").QueryName("api_done").Start();
        input.AddData(1);
        ok.ProcessAllAvailable();
        ok.Stop();
        var bad = input.ToDF().WriteStream().QueryName("api_failed").ForeachBatch((_, id) => throw new InvalidOperationException($"boom in batch {id}")).Start();
        Assert.Throws<StreamingQueryException>(() => bad.AwaitTermination());
        using var client = UiSession.Client(spark);
        var list = (await GetJson(client, "/api/v1/streaming/queries")).EnumerateArray().ToDictionary(q => q.GetProperty("name").GetString()!);
        Assert.Equal("FINISHED", list["api_done"].GetProperty("status").GetString());
        Assert.False(list["api_done"].GetProperty("isActive").GetBoolean());
        Assert.Equal(JsonValueKind.String, list["api_done"].GetProperty("endTimestamp").ValueKind);
        Assert.Equal("FAILED", list["api_failed"].GetProperty("status").GetString());
        Assert.Contains("boom in batch 0", list["api_failed"].GetProperty("exception").GetString());

        var html = await client.GetStringAsync("/StreamingQuery/");
        Assert.Contains("Completed Streaming Queries (<span id=\"completed-count\">2</span>)", html);
        Assert.Contains("boom in batch 0", html);
        Assert.Contains($"/StreamingQuery/statistics/?id={bad.RunId}", html);
    }

    [Fact]
    public async Task Queries_MoreFinishedThanRetained_OldestDropped()
    {
        using var spark = UiSession.Start(("spark.sql.streaming.ui.retainedQueries", "2"));
        var input = new MemoryStream<int>(spark);
        input.AddData(1);
        var ids = new List<Guid>();
        for (int i = 0; i < 3; i++)
        {
            var q = input.ToDF().WriteStream().Format("memory").QueryName($"api_retained_{i}").Start();
            q.ProcessAllAvailable();
            q.Stop();
            ids.Add(q.RunId);
        }
        using var client = UiSession.Client(spark);
        var list = await GetJson(client, "/api/v1/streaming/queries");
        Assert.Equal(new[] { "api_retained_2", "api_retained_1" }, list.EnumerateArray().Select(q => q.GetProperty("name").GetString()).ToArray());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/streaming/queries/{ids[0]}")).StatusCode);
    }

    [Fact]
    public async Task QueryPage_EscapesNamesAndShowsPlanAndRedactedConf()
    {
        using var spark = UiSession.Start(("spark.my.password", "hunter2"));
        var input = new MemoryStream<string>(spark);
        var query = input.ToDF().WriteStream().Format("memory").QueryName("<script>alert(1)</script>").Start();
        try
        {
            input.AddData("x");
            query.ProcessAllAvailable();
            using var client = UiSession.Client(spark);
            var html = await client.GetStringAsync($"/StreamingQuery/statistics/?id={query.RunId}");
            Assert.DoesNotContain("<script>alert(1)</script>", html);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
            Assert.Contains("<pre id=\"plan\">== Analyzed Logical Plan ==", html);
            Assert.Contains("spark.my.password</td><td class=\"mono\">*********(redacted)</td>", html);
            Assert.DoesNotContain("hunter2", html);
            Assert.Contains("id=\"chart-input-rate\"", html);
            Assert.Contains("id=\"chart-state-memory\"", html);
            var list = await client.GetStringAsync("/StreamingQuery/");
            Assert.DoesNotContain("<script>alert", list);
        }
        finally
        {
            query.Stop();
        }
    }

    [Fact]
    public async Task Root_RedirectsToQueriesPage()
    {
        using var spark = UiSession.Start();
        var response = await RawResponse.SendAsync(UiSession.UrlOf(spark), "GET", "/");
        Assert.Equal(302, response.Status);
        Assert.Equal("/StreamingQuery/", response.Headers["Location"]);
    }
}
