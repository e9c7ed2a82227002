using System.Net;
using System.Net.Sockets;
using Spate.Sql;

namespace Spate.Ui.Tests;

/// <summary>Start-up, shutdown, ports and the access-token rule of the web UI.</summary>
public class UiServerTests
{
    [Fact]
    public async Task Start_Enabled_LogsUrlSetsConfAndServesPage()
    {
        SparkSession? spark = null;
        var log = UiSession.CaptureLog(() => spark = UiSession.Start());
        using (spark)
        {
            var url = UiSession.UrlOf(spark!);
            Assert.Matches(@"^http://127\.0\.0\.1:\d+$", url);
            Assert.Contains($"INFO SparkUI: Spark web UI available at {url}", log);
            Assert.Equal(url, spark!.Conf().Get("spark.ui.url"));
            using var client = UiSession.Client(spark);
            var html = await client.GetStringAsync("/StreamingQuery/");
            Assert.Contains("<h1>Streaming Query</h1>", html);
            Assert.Contains("Active Streaming Queries (<span id=\"active-count\">0</span>)", html);
        }
    }

    [Fact]
    public async Task Stop_Session_StopsServer()
    {
        var spark = UiSession.Start();
        var url = UiSession.UrlOf(spark);
        spark.Stop();
        Assert.Null(SparkUi.UrlFor(spark));
        using var client = new HttpClient { BaseAddress = new Uri(url) };
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/StreamingQuery/"));
    }

    [Fact]
    public void Start_UiDisabled_NoServer()
    {
        using var spark = UiSession.Start(("spark.ui.enabled", "false"));
        Assert.Null(SparkUi.UrlFor(spark));
        Assert.Null(spark.Conf().GetOption("spark.ui.url"));
    }

    [Fact]
    public void Start_PortTaken_FallsBackToNextPortWithSparksWarning()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        int taken = ((IPEndPoint)blocker.LocalEndpoint).Port;
        SparkSession? spark = null;
        var log = UiSession.CaptureLog(() => spark = UiSession.Start(("spark.ui.port", taken.ToString())));
        using (spark)
        {
            int port = new Uri(UiSession.UrlOf(spark!)).Port;
            Assert.True(port > taken, $"the UI took port {port}, expected one after {taken}");
            Assert.Contains($"WARN Utils: Service 'SparkUI' could not bind on port {taken}. Attempting port {taken + 1}.", log);
            Assert.Contains($"INFO Utils: Successfully started service 'SparkUI' on port {port}.", log);
        }
    }

    [Fact]
    public void Start_PortTakenAndNoRetries_FailsWithSparksMessage()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        int taken = ((IPEndPoint)blocker.LocalEndpoint).Port;
        var e = Assert.Throws<SparkException>(() => UiSession.Start(("spark.ui.port", taken.ToString()), ("spark.port.maxRetries", "0")));
        Assert.Contains($"Service 'SparkUI' failed after 0 retries (starting from {taken})!", e.Message);
        Assert.Null(SparkSession.GetActiveSession());
    }

    [Fact]
    public void Start_BadPort_FailsNamingTheConf()
    {
        var e = Assert.Throws<ArgumentException>(() => UiSession.Start(("spark.ui.port", "70000")));
        Assert.Contains("\"spark.ui.port\"", e.Message);
        Assert.Null(SparkSession.GetActiveSession());
    }

    [Fact]
    public void Start_NonLoopbackWithoutToken_RefusesAndSaysWhy()
    {
        string? saved = Environment.GetEnvironmentVariable("SPATE_UI_TOKEN");
        Environment.SetEnvironmentVariable("SPATE_UI_TOKEN", null);
        try
        {
            List<string>? log = null;
            SparkException? e = null;
            log = UiSession.CaptureLog(() => e = Assert.Throws<SparkException>(() => UiSession.Start(("spark.ui.host", "0.0.0.0"))));
            Assert.Contains("not a loopback address", e!.Message);
            Assert.Contains("spark.ui.token", e.Message);
            Assert.Contains("SPATE_UI_TOKEN", e.Message);
            Assert.Contains(log, l => l.StartsWith("ERROR SparkUI: Failed to start the Spark web UI:", StringComparison.Ordinal));
            Assert.Null(SparkSession.GetActiveSession());
        }
        finally
        {
            Environment.SetEnvironmentVariable("SPATE_UI_TOKEN", saved);
        }
    }

    [Fact]
    public async Task Token_NonLoopback_RequiredOnEveryRoute()
    {
        const string token = "s3cret-token-for-tests";
        using var spark = UiSession.Start(("spark.ui.host", "0.0.0.0"), ("spark.ui.token", token));
        var url = UiSession.UrlOf(spark);
        foreach (var path in new[] { "/StreamingQuery/", "/api/v1/streaming/queries", "/static/ui.js", "/static/ui.css", "/nothing-here" })
        {
            var none = await RawResponse.SendAsync(url, "GET", path);
            Assert.Equal(401, none.Status);
            Assert.Equal("Bearer realm=\"Spark web UI\"", none.Headers["WWW-Authenticate"]);
            var wrong = await RawResponse.SendAsync(url, "GET", path, null, "Authorization: Bearer s3cret-token-for-tesTs");
            Assert.Equal(401, wrong.Status);
            var prefix = await RawResponse.SendAsync(url, "GET", path + "?token=s3cret");
            Assert.Equal(401, prefix.Status);
        }
        var bearer = await RawResponse.SendAsync(url, "GET", "/api/v1/streaming/queries", null, $"Authorization: Bearer {token}");
        Assert.Equal(200, bearer.Status);
        Assert.Equal("[]", bearer.Body);
        var query = await RawResponse.SendAsync(url, "GET", "/StreamingQuery/?token=" + token);
        Assert.Equal(200, query.Status);
        // Links and assets on the page carry the token, so a browser opened with ?token= keeps working.
        Assert.Contains("/static/ui.js?token=" + token, query.Body);
        Assert.Equal(404, (await RawResponse.SendAsync(url, "GET", "/nothing-here?token=" + token)).Status);
        // The configuration page redacts the token.
        Assert.DoesNotContain(token, string.Join("\n", Redaction.Confs(spark.Conf()).Select(kv => kv.Value)));
    }

    [Fact]
    public async Task Token_Loopback_AlsoEnforcedWhenSet()
    {
        using var spark = UiSession.Start(("spark.ui.token", "loopback-token"));
        using var client = UiSession.Client(spark);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/streaming/queries")).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/streaming/queries");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "loopback-token");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Host_ForeignNameOnLoopbackUi_Rejected()
    {
        using var spark = UiSession.Start();
        var url = UiSession.UrlOf(spark);
        var rebound = await RawResponse.SendAsync(url, "GET", "/api/v1/streaming/queries", "attacker.example:80");
        Assert.Equal(400, rebound.Status);
        Assert.DoesNotContain("[", rebound.Body);
        var local = await RawResponse.SendAsync(url, "GET", "/api/v1/streaming/queries", $"localhost:{new Uri(url).Port}");
        Assert.Equal(200, local.Status);
    }
}
