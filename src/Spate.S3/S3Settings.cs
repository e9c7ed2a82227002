using System.Globalization;
using Spate.Sql;

namespace Spate.S3;

/// <summary>
/// How to reach a bucket: endpoint, region, path-style addressing, credentials and the multipart part size. Each
/// setting is looked up, first match wins, as Hadoop's S3A names it: per-bucket reader/writer option
/// (<c>fs.s3a.bucket.NAME.endpoint</c>), reader/writer option (<c>fs.s3a.endpoint</c> or <c>spark.hadoop.fs.s3a.endpoint</c>),
/// session conf (<c>spark.hadoop.fs.s3a.bucket.NAME.endpoint</c>, then <c>spark.hadoop.fs.s3a.endpoint</c>), then the
/// standard AWS environment variables (<c>AWS_ENDPOINT_URL_S3</c>/<c>AWS_ENDPOINT_URL</c>, <c>AWS_REGION</c>,
/// <c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_SESSION_TOKEN</c>).
/// </summary>
internal sealed record S3Settings(string? Endpoint, string Region, bool PathStyle, string? AccessKey, string? SecretKey, string? SessionToken, long PartSize)
{
    /// <summary>The smallest part S3 accepts for all but the last part of a multipart upload.</summary>
    public const long MinPartSize = 5L * 1024 * 1024;

    public static S3Settings Resolve(string bucket, IReadOnlyDictionary<string, string> options, IReadOnlyDictionary<string, string>? sessionConf)
    {
        string? Get(string suffix, params string[] env)
        {
            foreach (var key in new[] { $"fs.s3a.bucket.{bucket}.{suffix}", $"fs.s3a.{suffix}" })
            {
                if (options.TryGetValue(key, out var v) || options.TryGetValue("spark.hadoop." + key, out v)) return v;
            }
            if (sessionConf != null)
                foreach (var key in new[] { $"spark.hadoop.fs.s3a.bucket.{bucket}.{suffix}", $"spark.hadoop.fs.s3a.{suffix}" })
                    if (sessionConf.TryGetValue(key, out var v)) return v;
            foreach (var name in env)
                if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } v) return v;
            return null;
        }

        var endpoint = Get("endpoint", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL");
        if (endpoint != null && !endpoint.Contains("://", StringComparison.Ordinal))
        {
            // Hadoop takes a bare host[:port] and picks the scheme from fs.s3a.connection.ssl.enabled.
            bool ssl = !string.Equals(Get("connection.ssl.enabled"), "false", StringComparison.OrdinalIgnoreCase);
            endpoint = (ssl ? "https://" : "http://") + endpoint;
        }
        var region = Get("endpoint.region", "AWS_REGION", "AWS_DEFAULT_REGION") ?? "us-east-1";
        var pathStyleText = Get("path.style.access");
        bool pathStyle = pathStyleText != null
            ? bool.TryParse(pathStyleText, out bool ps) ? ps : throw new ArgumentException($"[INVALID_CONF_VALUE] The value '{pathStyleText}' of fs.s3a.path.style.access must be true or false.")
            : endpoint != null && IsIpOrLocalhost(endpoint);
        var partSize = Math.Max(MinPartSize, ParseSize(Get("multipart.size") ?? "64M", "fs.s3a.multipart.size"));
        return new S3Settings(endpoint, region, pathStyle, Get("access.key", "AWS_ACCESS_KEY_ID"), Get("secret.key", "AWS_SECRET_ACCESS_KEY"),
            Get("session.token", "AWS_SESSION_TOKEN"), partSize);
    }

    /// <summary>Virtual-host addressing (<c>bucket.host</c>) cannot work for an IP address or localhost: path style is the default there.</summary>
    private static bool IsIpOrLocalhost(string endpoint)
    {
        var host = new Uri(endpoint).Host;
        return host == "localhost" || System.Net.IPAddress.TryParse(host, out _);
    }

    /// <summary>Hadoop's size strings: <c>67108864</c>, <c>64M</c>, <c>1G</c>, <c>512K</c>.</summary>
    public static long ParseSize(string text, string key)
    {
        var t = text.Trim().ToUpperInvariant();
        long multiplier = 1;
        if (t.EndsWith('K')) multiplier = 1024;
        else if (t.EndsWith('M')) multiplier = 1024 * 1024;
        else if (t.EndsWith('G')) multiplier = 1024L * 1024 * 1024;
        if (multiplier > 1) t = t[..^1];
        if (!long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) || n <= 0)
            throw new ArgumentException($"[INVALID_CONF_VALUE] The value '{text}' of {key} is not a size such as 64M.");
        return n * multiplier;
    }
}

/// <summary>Where the S3 file system finds the session's settings: the session that started last (the package listens
/// to <c>SparkSession.SessionStarted</c>), or the active one when the package loaded after the session started.</summary>
internal static class S3SessionConf
{
    private static volatile SparkSession? _session;

    public static void OnSessionStarted(SparkSession session) => _session = session;

    public static IReadOnlyDictionary<string, string>? Current()
    {
        var s = _session;
        if (s == null || s.IsStopped) s = SparkSession.GetActiveSession();
        return s?.Configuration.GetAll();
    }
}
