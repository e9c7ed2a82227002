using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spate.Sql;

namespace Spate.Ui;

/// <summary>
/// The web UI of one session: Kestrel in-process, read-only GET routes from a fixed table, nothing read from disk.
/// Every response carries the security headers; with a token set, every request must present it.
/// </summary>
internal sealed partial class UiServer
{
    private const string ServiceName = "SparkUI";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly SparkSession _session;
    private readonly UiOptions _options;
    private readonly AccessToken? _token;
    private readonly QueryTracker _tracker;
    private readonly string _tokenQuery;
    private readonly Dictionary<Guid, (long? Key, string Json)> _resultCache = new();
    private WebApplication? _app;

    private UiServer(SparkSession session, UiOptions options)
    {
        _session = session;
        _options = options;
        _token = options.Token == null ? null : new AccessToken(options.Token);
        _tokenQuery = options.Token == null ? "" : "?token=" + Uri.EscapeDataString(options.Token);
        _tracker = new QueryTracker(session, options.RetainedQueries);
    }

    /// <summary>The address the UI answers on, e.g. <c>http://127.0.0.1:4040</c>.</summary>
    public string Url { get; private set; } = "";

    public int Port { get; private set; }

    internal QueryTracker Tracker => _tracker;

    /// <summary>
    /// Starts the UI: refuses a non-loopback address without a token, then binds <c>spark.ui.port</c>, moving to the
    /// next port while it is taken (Spark's <c>startServiceOnPort</c>, up to <c>spark.port.maxRetries</c> times).
    /// </summary>
    public static UiServer Start(SparkSession session, UiOptions options)
    {
        if (!options.IsLoopback && options.Token == null)
            throw new SparkException(
                $"The Spark web UI is configured to listen on {options.Host} (spark.ui.host), which is not a loopback address, and no access token is set. " +
                $"Set spark.ui.token or the {UiOptions.TokenEnvironmentVariable} environment variable, bind to 127.0.0.1, or disable the UI with spark.ui.enabled=false.");
        var server = new UiServer(session, options);
        session.StreamManager.AddListener(server._tracker);
        try
        {
            server.Bind();
        }
        catch
        {
            session.StreamManager.RemoveListener(server._tracker);
            throw;
        }
        return server;
    }

    private void Bind()
    {
        int startPort = _options.Port;
        for (int offset = 0; offset <= _options.MaxRetries; offset++)
        {
            // Spark wraps around above 65535 into the unprivileged range.
            int tryPort = startPort == 0 ? 0 : (startPort + offset - 1024) % (65536 - 1024) + 1024;
            var app = Build(tryPort);
            try
            {
                app.StartAsync().GetAwaiter().GetResult();
            }
            catch (IOException e)
            {
                app.DisposeAsync().AsTask().GetAwaiter().GetResult();
                if (offset >= _options.MaxRetries)
                {
                    string message = startPort == 0
                        ? $"{e.Message}: Service '{ServiceName}' failed after {_options.MaxRetries} retries on a random free port! Consider explicitly setting the appropriate binding address for the service '{ServiceName}' (for example spark.ui.host for SparkUI) to the correct binding address."
                        : $"{e.Message}: Service '{ServiceName}' failed after {_options.MaxRetries} retries (starting from {startPort})! Consider explicitly setting the appropriate port for the service '{ServiceName}' (for example spark.ui.port for SparkUI) to an available port or increasing spark.port.maxRetries.";
                    throw new SparkException(message, e);
                }
                UiLog.Warn("Utils", startPort == 0
                    ? $"Service '{ServiceName}' could not bind on a random free port. You may check whether configuring an appropriate binding address."
                    : $"Service '{ServiceName}' could not bind on port {tryPort}. Attempting port {tryPort + 1}.");
                continue;
            }
            _app = app;
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            var first = addresses?.FirstOrDefault() ?? throw new SparkException("The web UI started but reported no address.");
            Port = new Uri(first).Port;
            string shownHost = _options.BindAddresses[0].Equals(IPAddress.Any) || _options.BindAddresses[0].Equals(IPAddress.IPv6Any)
                ? Dns.GetHostName()
                : _options.BindAddresses[0].AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{_options.BindAddresses[0]}]" : _options.BindAddresses[0].ToString();
            Url = $"http://{shownHost}:{Port.ToString(CultureInfo.InvariantCulture)}";
            UiLog.Info("Utils", $"Successfully started service '{ServiceName}' on port {Port}.");
            UiLog.Info("SparkUI", $"Bound SparkUI to {_options.Host}, and started at {Url}");
            UiLog.Info("SparkUI", $"Spark web UI available at {Url}");
            return;
        }
    }

    private WebApplication Build(int port)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "Spate.Ui", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 0;
            foreach (var address in _options.BindAddresses) k.Listen(address, port);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        app.Run(HandleAsync);
        return app;
    }

    /// <summary>Stops Kestrel and detaches from the session.</summary>
    public void Stop()
    {
        _session.StreamManager.RemoveListener(_tracker);
        var app = Interlocked.Exchange(ref _app, null);
        if (app == null) return;
        try
        {
            app.StopAsync().GetAwaiter().GetResult();
        }
        finally
        {
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    // ---------- requests ----------

    [GeneratedRegex("^/api/v1/streaming/queries/([0-9a-fA-F-]{32,36})(/progress|/status|/result)?/?$", RegexOptions.CultureInvariant)]
    private static partial Regex QueryRoute();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        AddSecurityHeaders(response.Headers);
        if (_token == null && !IsLoopbackHost(request.Host.Host))
        {
            // A loopback-only UI answers only loopback names: a rebound DNS name from a web page gets nothing.
            await Text(response, 400, "Invalid Host header.");
            return;
        }
        if (_token != null && !_token.IsAuthorized(request))
        {
            response.Headers.WWWAuthenticate = "Bearer realm=\"Spark web UI\"";
            await Text(response, 401, "Unauthorized: this web UI needs its access token (Authorization: Bearer <token> or ?token=<token>).");
            return;
        }
        if (!HttpMethods.IsGet(request.Method))
        {
            response.Headers.Allow = "GET";
            await Text(response, 405, "Method Not Allowed: the web UI is read-only.");
            return;
        }

        string path = request.Path.Value ?? "/";
        var now = DateTimeOffset.UtcNow;
        switch (path)
        {
            case "/":
                response.StatusCode = 302;
                response.Headers.Location = "/StreamingQuery/" + _tokenQuery;
                return;
            case "/StreamingQuery" or "/StreamingQuery/":
                await Html(response, 200, HtmlPages.QueriesPage(_session, _tracker.Records, _tokenQuery, now));
                return;
            case "/StreamingQuery/statistics" or "/StreamingQuery/statistics/":
                if (Guid.TryParse(request.Query["id"].ToString(), out var pageId) && _tracker.Find(pageId) is { } pageRecord)
                    await Html(response, 200, HtmlPages.QueryPage(_session, pageRecord, _tokenQuery, now));
                else
                    await Html(response, 404, HtmlPages.NotFoundPage(_session, _tokenQuery, "No streaming query with this id."));
                return;
            case "/static/ui.js":
                await Content(response, 200, "text/javascript; charset=utf-8", UiAssets.Script);
                return;
            case "/static/ui.css":
                await Content(response, 200, "text/css; charset=utf-8", UiAssets.Stylesheet);
                return;
            case "/api/v1/streaming/queries" or "/api/v1/streaming/queries/":
                await Json(response, 200, new JsonArray(_tracker.Records.Select(r => (JsonNode?)ApiJson.Summary(r, now)).ToArray()));
                return;
        }
        var match = QueryRoute().Match(path);
        if (match.Success && Guid.TryParse(match.Groups[1].Value, out var id) && _tracker.Find(id) is { } record)
        {
            switch (match.Groups[2].Value)
            {
                case "": await Json(response, 200, ApiJson.Detail(record, now)); return;
                case "/progress": await Json(response, 200, ApiJson.Progress(record)); return;
                case "/status": await Json(response, 200, record.Execution.Status.ToJsonNode()); return;
                case "/result": await Content(response, 200, "application/json; charset=utf-8", Result(record)); return;
            }
        }
        if (path.StartsWith("/api/", StringComparison.Ordinal))
            await Json(response, 404, new JsonObject { ["error"] = match.Success ? "No streaming query with this id." : "Not Found" });
        else
            await Html(response, 404, HtmlPages.NotFoundPage(_session, _tokenQuery, "There is no page at this address."));
    }

    /// <summary>The result JSON, rebuilt only when a new batch has been reported (reading a memory sink copies its rows).</summary>
    private string Result(QueryRecord record)
    {
        long? key = record.Execution.LastProgress?.BatchId;
        lock (_resultCache)
        {
            if (_resultCache.TryGetValue(record.Query.RunId, out var cached) && cached.Key == key && key != null) return cached.Json;
        }
        string json = ResultSnapshot.Build(record, _options.MaxResultRows).ToJsonString(Indented);
        lock (_resultCache)
        {
            var live = _tracker.Records.Select(r => r.Query.RunId).ToHashSet();
            foreach (var stale in _resultCache.Keys.Where(k => !live.Contains(k)).ToList()) _resultCache.Remove(stale);
            _resultCache[record.Query.RunId] = (key, json);
        }
        return json;
    }

    private bool IsLoopbackHost(string host)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }

    private static void AddSecurityHeaders(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
                                        "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers.CacheControl = "no-store";
    }

    private static Task Html(HttpResponse response, int status, string html) => Content(response, status, "text/html; charset=utf-8", html);

    private static Task Json(HttpResponse response, int status, JsonNode node) =>
        Content(response, status, "application/json; charset=utf-8", node.ToJsonString(Indented));

    private static Task Text(HttpResponse response, int status, string text) => Content(response, status, "text/plain; charset=utf-8", text);

    private static Task Content(HttpResponse response, int status, string contentType, string body)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        return response.WriteAsync(body);
    }
}
