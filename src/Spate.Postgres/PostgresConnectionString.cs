using Npgsql;
using Spate.Sql;

namespace Spate.Postgres;

/// <summary>
/// Turns the sink's <c>url</c> option into an Npgsql connection string. Accepts an Npgsql string
/// (<c>Host=...;Port=...;Database=...</c>), a JDBC URL as Spark users write it (<c>jdbc:postgresql://host:port/db?user=u</c>)
/// or a libpq URI (<c>postgresql://user:pass@host:port/db</c>); the <c>user</c> and <c>password</c> options override.
/// </summary>
internal static class PostgresConnectionString
{
    public static NpgsqlConnectionStringBuilder Build(string url, IReadOnlyDictionary<string, string> options)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            string text = url.Trim();
            if (text.StartsWith("jdbc:", StringComparison.OrdinalIgnoreCase))
            {
                text = text[5..];
                if (!text.StartsWith("postgresql:", StringComparison.OrdinalIgnoreCase))
                    throw new AnalysisException("[INVALID_PARAMETER_VALUE] The postgres sink writes to PostgreSQL only, but option url is a JDBC URL for another database. Use jdbc:postgresql://host:port/database or Host=...;Port=...;Database=....");
            }
            builder = text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
                ? FromUri(new Uri(text))
                : new NpgsqlConnectionStringBuilder(text);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException or KeyNotFoundException)
        {
            // The message of the parser names the bad key; the string itself may hold a password, so it is not echoed.
            throw new AnalysisException($"[INVALID_PARAMETER_VALUE] The url option of the postgres sink is not a valid connection string ({e.Message}). Use e.g. Host=localhost;Port=5432;Username=app;Database=db or jdbc:postgresql://localhost:5432/db.", e);
        }
        if (options.TryGetValue("user", out var user)) builder.Username = user;
        if (options.TryGetValue("password", out var password)) builder.Password = password;
        if (string.IsNullOrEmpty(builder.Host))
            throw new AnalysisException("[INVALID_PARAMETER_VALUE] The url option of the postgres sink names no server: add Host=..., e.g. Host=localhost;Port=5432;Username=app;Database=db.");
        return builder;
    }

    private static NpgsqlConnectionStringBuilder FromUri(Uri uri)
    {
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0) builder.Port = uri.Port;
        string database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length > 0) builder.Database = database;
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            string key = Uri.UnescapeDataString(kv[0]), value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            switch (key.ToLowerInvariant())
            {
                case "user": builder.Username = value; break;
                case "password": builder.Password = value; break;
                default: builder[key] = value; break;
            }
        }
        return builder;
    }
}
