using Microsoft.Playwright;
using Spate.Sql;
using Spate.Sql.Streaming;
using static Microsoft.Playwright.Assertions;

namespace Spate.Ui.Tests;

/// <summary>The pages in a real browser: they load under the Content-Security-Policy, draw charts and follow new batches without a reload.</summary>
public class BrowserTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _fixture;

    public BrowserTests(BrowserFixture fixture) { _fixture = fixture; }

    private async Task<(IPage Page, List<string> Problems)> OpenAsync(string url)
    {
        var page = await _fixture.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var problems = new List<string>();
        page.Console += (_, m) => { if (m.Type is "error" or "warning") lock (problems) problems.Add(m.Text); };
        page.PageError += (_, e) => { lock (problems) problems.Add(e); };
        var response = await page.GotoAsync(url);
        Assert.NotNull(response);
        Assert.Equal(200, response!.Status);
        return (page, problems);
    }

    [Fact]
    public async Task QueriesPage_RunningQuery_ListedAndLinked()
    {
        using var spark = UiSession.Start();
        var input = new MemoryStream<int>(spark);
        var query = input.ToDF().WriteStream().Format("memory").QueryName("browser_list").Start();
        input.AddData(1, 2, 3);
        query.ProcessAllAvailable();
        var (page, problems) = await OpenAsync(UiSession.UrlOf(spark) + "/");
        try
        {
            await Expect(page).ToHaveTitleAsync("ui-tests - Streaming Query");
            await Expect(page.Locator("#active-count")).ToHaveTextAsync("1");
            var row = page.Locator("#active-queries tbody tr").First;
            await Expect(row).ToContainTextAsync("browser_list");
            await Expect(row).ToContainTextAsync("RUNNING");
            await Expect(row).ToContainTextAsync(query.RunId.ToString());
            // The list refreshes itself: a query started after the page loaded appears, a stopped one moves down.
            var second = input.ToDF().WriteStream().Format("memory").QueryName("browser_list_2").Start();
            second.ProcessAllAvailable();
            second.Stop();
            await Expect(page.Locator("#completed-count")).ToHaveTextAsync("1");
            await Expect(page.Locator("#completed-queries tbody tr").First).ToContainTextAsync("browser_list_2");
            await Expect(page.Locator("#completed-queries tbody tr").First).ToContainTextAsync("FINISHED");
            await Expect(page.Locator("#active-count")).ToHaveTextAsync("1");
            await page.Locator("#active-queries a", new PageLocatorOptions { HasText = "browser_list" }).ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Streaming Query Statistics");
            await Expect(page.Locator("#latest-batch")).ToHaveTextAsync(query.LastProgress!.BatchId.ToString());
            Assert.Empty(problems);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task QueryPage_NewBatch_ChartsAndResultUpdateWithoutReload()
    {
        using var spark = UiSession.Start();
        var input = new MemoryStream<string>(spark);
        var query = input.ToDF().GroupBy("value").Count().WriteStream().OutputMode("complete").Format("memory").QueryName("word_counts").Start();
        foreach (var words in new[] { new[] { "spark", "spate", "spark" }, new[] { "stream", "spark" }, new[] { "spate", "batch", "stream", "spark" } })
        {
            input.AddData(words);
            query.ProcessAllAvailable();
        }
        var (page, problems) = await OpenAsync($"{UiSession.UrlOf(spark)}/StreamingQuery/statistics/?id={query.RunId}");
        try
        {
            long batch = query.LastProgress!.BatchId;
            int points = query.RecentProgress.Length;
            await Expect(page.Locator("#latest-batch")).ToHaveTextAsync(batch.ToString());
            // The charts are drawn from the progress JSON: one dot per batch.
            await Expect(page.Locator("#chart-input-rows svg circle.point")).ToHaveCountAsync(points);
            await Expect(page.Locator("#chart-batch-duration svg polyline")).ToHaveCountAsync(1);
            await Expect(page.Locator("#chart-operation-duration svg polyline")).ToHaveCountAsync(5);
            await Expect(page.Locator("#chart-state-rows svg circle.point")).ToHaveCountAsync(3 * points);
            await Expect(page.Locator("#result-table tbody tr")).ToHaveCountAsync(4);
            await Expect(page.Locator("#result-table thead th")).ToHaveTextAsync(new[] { "value", "count" });
            await Expect(page.Locator("#result-note")).ToContainTextAsync("Complete mode: the whole result table");
            await Expect(ResultRow(page, "spark")).ToContainTextAsync("4");

            // New data while the page is open: the counter, the charts and the table follow without a reload.
            await page.EvaluateAsync("() => { window.__sameDocument = 'kept'; }");
            input.AddData("spark", "spate", "new-word");
            query.ProcessAllAvailable();
            await Expect(page.Locator("#latest-batch")).ToHaveTextAsync((batch + 1).ToString());
            await Expect(page.Locator("#chart-input-rows svg circle.point")).ToHaveCountAsync(points + 1);
            await Expect(page.Locator("#result-table tbody tr")).ToHaveCountAsync(5);
            await Expect(ResultRow(page, "spark")).ToContainTextAsync("5");
            await Expect(ResultRow(page, "new-word")).ToContainTextAsync("1");
            Assert.Equal("kept", await page.EvaluateAsync<string>("() => window.__sameDocument"));
            Assert.Empty(problems);

            var shot = Path.Combine(AppContext.BaseDirectory, "ui-query.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
            var bytes = await File.ReadAllBytesAsync(shot);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
            // SPATE_UPDATE_SCREENSHOTS=1 refreshes the image in docs/ (committed by hand).
            if (Environment.GetEnvironmentVariable("SPATE_UPDATE_SCREENSHOTS") == "1" && RepoRoot() is { } root)
                File.Copy(shot, Path.Combine(root, "docs", "images", "ui-query.png"), overwrite: true);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task QueryPage_QueryFails_ShowsErrorLive()
    {
        using var spark = UiSession.Start();
        var input = new MemoryStream<int>(spark);
        int failing = 0;
        var query = input.ToDF().WriteStream().QueryName("browser_fail").ForeachBatch((df, _) =>
        {
            if (Volatile.Read(ref failing) == 1 && df.Count() > 0) throw new InvalidOperationException("sink unavailable");
        }).Start();
        input.AddData(1);
        query.ProcessAllAvailable();
        var (page, _) = await OpenAsync($"{UiSession.UrlOf(spark)}/StreamingQuery/statistics/?id={query.RunId}");
        try
        {
            await Expect(page.Locator("#query-state")).ToHaveTextAsync("RUNNING");
            await Expect(page.Locator("#query-error")).ToBeHiddenAsync();
            Volatile.Write(ref failing, 1);
            input.AddData(2);
            Assert.Throws<StreamingQueryException>(() => query.AwaitTermination());
            await Expect(page.Locator("#query-state")).ToHaveTextAsync("FAILED");
            await Expect(page.Locator("#query-error")).ToContainTextAsync("sink unavailable");
            await Expect(page.Locator("#result-note")).ToContainTextAsync("does not keep its rows");
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task QueryPage_WatermarkQuery_DrawsWatermarkGap()
    {
        using var spark = UiSession.Start();
        var input = new MemoryStream<DateTime>(spark);
        var query = input.ToDF().WithWatermark("value", "10 seconds").WriteStream().Format("memory").QueryName("browser_watermark").Start();
        input.AddData(new DateTime(2024, 1, 1, 0, 0, 30, DateTimeKind.Utc));
        query.ProcessAllAvailable();
        input.AddData(new DateTime(2024, 1, 1, 0, 1, 0, DateTimeKind.Utc));
        query.ProcessAllAvailable();
        int withWatermark = query.RecentProgress.Count(p => p.EventTime.ContainsKey("watermark"));
        Assert.True(withWatermark > 0, "the engine reported no watermark");
        var (page, problems) = await OpenAsync($"{UiSession.UrlOf(spark)}/StreamingQuery/statistics/?id={query.RunId}");
        try
        {
            await Expect(page.Locator("#chart-watermark-gap svg circle.point")).ToHaveCountAsync(withWatermark);
            await Expect(page.Locator("#result-table tbody tr")).ToHaveCountAsync(1);
            await Expect(page.Locator("#result-table tbody td").First).ToHaveTextAsync("2024-01-01 00:01:00");
            Assert.Empty(problems);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private static ILocator ResultRow(IPage page, string value) =>
        page.Locator("#result-table tbody tr").Filter(new LocatorFilterOptions { Has = page.Locator("td", new PageLocatorOptions { HasTextRegex = new System.Text.RegularExpressions.Regex($"^{System.Text.RegularExpressions.Regex.Escape(value)}$") }) });

    private static string? RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Spate.slnx"))) return dir.FullName;
        return null;
    }
}
