namespace Spate.Ui.Tests;

/// <summary>Read-only routes, no file access from request paths, and the security headers on every response.</summary>
public class SecurityTests
{
    private static readonly string[] Routes =
    {
        "/", "/StreamingQuery/", "/StreamingQuery/statistics/?id={run}", "/static/ui.js", "/static/ui.css",
        "/api/v1/streaming/queries", "/api/v1/streaming/queries/{run}", "/api/v1/streaming/queries/{run}/progress",
        "/api/v1/streaming/queries/{run}/status", "/api/v1/streaming/queries/{run}/result", "/no/such/page",
    };

    private static readonly string[] Traversals =
    {
        "/..%2f..%2fetc/passwd",
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/....//....//etc/passwd",
        "/static/..%2f..%2f..%2fetc%2fpasswd",
        "/static/../../../../etc/passwd",
        "/static/ui.js/..%2f..%2f..%2fetc%2fpasswd",
        "/static/%2e%2e%2fSpate.Ui.dll",
        "/static/Spate.Ui.dll",
        "/static/ui.js%00.png",
        "/static/..\\..\\..\\etc\\passwd",
        "/api/v1/streaming/queries/..%2f..",
        "/api/v1/streaming/queries/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/api/v1/streaming/queries/{run}/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/api/v1/streaming/queries/{run}/../../../../../../etc/passwd",
        "/api/v1/streaming/queries/%2e%2e%2f%2e%2e%2fetc%2fpasswd/progress",
        "/StreamingQuery/statistics/?id=../../../../etc/passwd",
        "/StreamingQuery/statistics/?id=..%2f..%2f..%2fetc%2fpasswd",
        "/StreamingQuery/..%2f..%2f..%2fetc/passwd",
        "/%252e%252e/%252e%252e/etc/passwd",
        "/file:///etc/passwd",
        "//etc/passwd",
        "/etc/passwd",
        "/proc/self/environ",
    };

    [Fact]
    public async Task Routes_EveryResponse_CarriesSecurityHeaders()
    {
        using var spark = UiSession.Start();
        var (url, run) = StartQuery(spark);
        foreach (var route in Routes)
        {
            var r = await RawResponse.SendAsync(url, "GET", route.Replace("{run}", run));
            Assert.True(r.Status is 200 or 302 or 404, $"{route}: {r.Status}");
            AssertSecurityHeaders(r, route);
        }
        // Rejections carry them too.
        AssertSecurityHeaders(await RawResponse.SendAsync(url, "POST", "/api/v1/streaming/queries"), "POST");
        AssertSecurityHeaders(await RawResponse.SendAsync(url, "GET", "/", "evil.example"), "bad host");
    }

    private static void AssertSecurityHeaders(RawResponse r, string what)
    {
        Assert.True(r.Headers.TryGetValue("Content-Security-Policy", out var csp), what);
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", r.Headers["X-Content-Type-Options"]);
        Assert.Equal("DENY", r.Headers["X-Frame-Options"]);
        Assert.Equal("no-referrer", r.Headers["Referrer-Policy"]);
        Assert.False(r.Headers.ContainsKey("Server"), what);
    }

    [Fact]
    public async Task Routes_TraversalPayloads_NeverReturnFileContent()
    {
        using var spark = UiSession.Start();
        var (url, run) = StartQuery(spark);
        var passwd = File.Exists("/etc/passwd") ? File.ReadAllLines("/etc/passwd").FirstOrDefault() : null;
        foreach (var payload in Traversals)
        {
            var r = await RawResponse.SendAsync(url, "GET", payload.Replace("{run}", run));
            Assert.True(r.Status is 400 or 404, $"{payload}: HTTP {r.Status}");
            Assert.DoesNotContain("root:", r.Body);
            if (passwd != null) Assert.DoesNotContain(passwd, r.Body);
            Assert.DoesNotContain("This program cannot be run in DOS mode", r.Body);
            Assert.DoesNotContain("PATH=", r.Body);
            // Kestrel itself rejects some malformed targets (a NUL byte) with an empty 400 before the app runs.
            if (r.Status == 400) Assert.Equal("", r.Body);
            else AssertSecurityHeaders(r, payload);
        }
    }

    [Fact]
    public async Task Routes_WriteMethods_Refused()
    {
        using var spark = UiSession.Start();
        var (url, run) = StartQuery(spark);
        foreach (var method in new[] { "POST", "PUT", "DELETE", "PATCH" })
            foreach (var route in new[] { "/api/v1/streaming/queries", $"/api/v1/streaming/queries/{run}", "/StreamingQuery/" })
            {
                var r = await RawResponse.SendAsync(url, method, route, null, "Content-Length: 0");
                Assert.Equal(405, r.Status);
                Assert.Equal("GET", r.Headers["Allow"]);
            }
        // The query is untouched.
        Assert.True(spark.Streams().Active.Single().IsActive());
    }

    [Fact]
    public async Task Api_UnknownOrMalformedIds_404()
    {
        using var spark = UiSession.Start();
        var (url, _) = StartQuery(spark);
        foreach (var path in new[]
                 {
                     $"/api/v1/streaming/queries/{Guid.NewGuid()}", $"/api/v1/streaming/queries/{Guid.NewGuid()}/progress",
                     "/api/v1/streaming/queries/not-a-guid", "/api/v1/streaming/queries/1/result", $"/StreamingQuery/statistics/?id={Guid.NewGuid()}",
                     "/StreamingQuery/statistics/", "/api/v1/streaming/queries/x/y/z",
                 })
        {
            var r = await RawResponse.SendAsync(url, "GET", path);
            Assert.Equal(404, r.Status);
        }
    }

    private static (string Url, string Run) StartQuery(Spate.Sql.SparkSession spark)
    {
        var input = new Spate.Sql.Streaming.MemoryStream<int>(spark);
        var query = input.ToDF().WriteStream().Format("memory").QueryName("security_q").Start();
        input.AddData(1, 2);
        query.ProcessAllAvailable();
        return (UiSession.UrlOf(spark), query.RunId.ToString());
    }
}
