using System.Net.Sockets;
using System.Text;
using Spate.Sql;
using Spate.Ui;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Spate.Ui.Tests;

/// <summary>Starts sessions with the web UI on a free loopback port. One session is active per process, so tests run one at a time.</summary>
internal static class UiSession
{
    public static SparkSession Start(params (string Key, string Value)[] confs)
    {
        SparkSession.GetActiveSession()?.Stop();
        var builder = SparkSession.Builder().Master("local[2]").AppName("ui-tests")
            .Config("spark.sql.shuffle.partitions", "2")
            .Config("spark.sql.session.timeZone", "UTC")
            .Config("spark.ui.enabled", "true")
            .Config("spark.ui.port", "0");
        foreach (var (k, v) in confs) builder.Config(k, v);
        return builder.GetOrCreate();
    }

    public static string UrlOf(SparkSession spark) =>
        SparkUi.UrlFor(spark) ?? throw new InvalidOperationException("The session has no web UI: Spate.Ui did not start.");

    public static HttpClient Client(SparkSession spark) => new() { BaseAddress = new Uri(UrlOf(spark)), Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Collects the UI's log lines while <paramref name="action"/> runs.</summary>
    public static List<string> CaptureLog(Action action)
    {
        var lines = new List<string>();
        void Handler(string level, string source, string message) { lock (lines) lines.Add($"{level} {source}: {message}"); }
        UiLog.Logged += Handler;
        try { action(); }
        finally { UiLog.Logged -= Handler; }
        return lines;
    }
}

/// <summary>A raw HTTP/1.1 exchange over TCP, so request paths reach the server byte for byte (HttpClient would normalise them).</summary>
internal sealed record RawResponse(int Status, Dictionary<string, string> Headers, string Body)
{
    public static async Task<RawResponse> SendAsync(string baseUrl, string method, string target, string? host = null, params string[] extraHeaders)
    {
        var uri = new Uri(baseUrl);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", uri.Port);
        await using var stream = tcp.GetStream();
        var request = new StringBuilder()
            .Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(host ?? $"127.0.0.1:{uri.Port}").Append("\r\n")
            .Append("Connection: close\r\n");
        foreach (var h in extraHeaders) request.Append(h).Append("\r\n");
        request.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()));
        using var ms = new System.IO.MemoryStream();
        await stream.CopyToAsync(ms);
        var bytes = ms.ToArray();
        int split = IndexOf(bytes, "\r\n\r\n"u8, 0);
        var head = Encoding.ASCII.GetString(bytes, 0, split < 0 ? bytes.Length : split);
        var bodyBytes = split < 0 ? Array.Empty<byte>() : bytes[(split + 4)..];
        var lines = head.Split("\r\n");
        int status = int.Parse(lines[0].Split(' ')[1]);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            int colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        if (headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase)) bodyBytes = Dechunk(bodyBytes);
        return new RawResponse(status, headers, Encoding.UTF8.GetString(bodyBytes));
    }

    private static int IndexOf(byte[] data, ReadOnlySpan<byte> what, int from)
    {
        int i = data.AsSpan(from).IndexOf(what);
        return i < 0 ? -1 : i + from;
    }

    private static byte[] Dechunk(byte[] body)
    {
        var output = new System.IO.MemoryStream();
        int pos = 0;
        while (pos < body.Length)
        {
            int eol = IndexOf(body, "\r\n"u8, pos);
            if (eol < 0) break;
            int size = Convert.ToInt32(Encoding.ASCII.GetString(body, pos, eol - pos).Split(';')[0], 16);
            if (size == 0) break;
            output.Write(body, eol + 2, Math.Min(size, body.Length - eol - 2));
            pos = eol + 2 + size + 2;
        }
        return output.ToArray();
    }
}
