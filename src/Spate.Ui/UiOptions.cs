using System.Net;
using Spate.Sql;

namespace Spate.Ui;

/// <summary>The web UI's settings, read from the session's confs when it starts.</summary>
internal sealed class UiOptions
{
    /// <summary>The environment variable that may carry the access token instead of <c>spark.ui.token</c>.</summary>
    public const string TokenEnvironmentVariable = "SPATE_UI_TOKEN";

    public required string Host { get; init; }
    public required IPAddress[] BindAddresses { get; init; }
    public required bool IsLoopback { get; init; }
    public required int Port { get; init; }
    public required int MaxRetries { get; init; }
    public string? Token { get; init; }
    public required int RetainedQueries { get; init; }
    public required int MaxResultRows { get; init; }

    /// <summary>Reads the confs: <c>spark.ui.host</c> (127.0.0.1), <c>spark.ui.port</c> (4040; 0 picks a free port),
    /// <c>spark.port.maxRetries</c> (16), <c>spark.ui.token</c> or <c>SPATE_UI_TOKEN</c>,
    /// <c>spark.sql.streaming.ui.retainedQueries</c> (100), <c>spark.ui.result.maxRows</c> (1000).</summary>
    public static UiOptions From(RuntimeConfig conf)
    {
        string host = (conf.GetOption("spark.ui.host") ?? "127.0.0.1").Trim();
        string portText = conf.GetOption("spark.ui.port") ?? "4040";
        if (!int.TryParse(portText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int port) || port < 0 || port > 65535)
            throw new ArgumentException($"[INVALID_CONF_VALUE] The value '{portText}' in the config \"spark.ui.port\" is invalid. The port must be between 0 and 65535.");
        string? token = conf.GetOption("spark.ui.token");
        if (string.IsNullOrEmpty(token)) token = Environment.GetEnvironmentVariable(TokenEnvironmentVariable);
        var addresses = Resolve(host);
        return new UiOptions
        {
            Host = host,
            BindAddresses = addresses,
            IsLoopback = addresses.All(IPAddress.IsLoopback),
            Port = port,
            MaxRetries = Math.Max(0, conf.GetInt("spark.port.maxRetries", 16)),
            Token = string.IsNullOrEmpty(token) ? null : token,
            RetainedQueries = Math.Max(1, conf.GetInt("spark.sql.streaming.ui.retainedQueries", 100)),
            MaxResultRows = Math.Max(1, conf.GetInt("spark.ui.result.maxRows", 1000)),
        };
    }

    private static IPAddress[] Resolve(string host)
    {
        if (host is "*" or "") return new[] { IPAddress.Any };
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return new[] { IPAddress.Loopback };
        if (IPAddress.TryParse(host.Trim('[', ']'), out var ip)) return new[] { ip };
        try
        {
            var found = Dns.GetHostAddresses(host);
            if (found.Length > 0) return new[] { found[0] };
        }
        catch (System.Net.Sockets.SocketException) { }
        throw new ArgumentException($"[INVALID_CONF_VALUE] The value '{host}' in the config \"spark.ui.host\" is invalid. It is neither an IP address nor a host name that resolves.");
    }
}
