using System.Runtime.CompilerServices;
using Spate.Sql;

namespace Spate.Ui;

/// <summary>
/// Spark's web UI for a session (the Structured Streaming tab and the live result table). It starts with the session
/// when this package is deployed and <c>spark.ui.enabled</c> is true (the default), and stops with it.
/// </summary>
public static class SparkUi
{
    private static readonly object Lock = new();
    private static readonly Dictionary<SparkSession, UiServer> Servers = new(ReferenceEqualityComparer.Instance);

    /// <summary>The conf key the running UI's address is written to, for callers without a reference to this package.</summary>
    public const string UrlConf = "spark.ui.url";

    /// <summary>The address of the session's web UI, e.g. <c>http://127.0.0.1:4040</c>, or null when it has none.</summary>
    public static string? UrlFor(SparkSession session)
    {
        lock (Lock) return Servers.TryGetValue(session, out var server) ? server.Url : null;
    }

    internal static UiServer? ServerFor(SparkSession session)
    {
        lock (Lock) return Servers.GetValueOrDefault(session);
    }

    /// <summary>Subscribes to session start and stop; the core runs this when it loads the package.</summary>
    // A connector package registers itself when loaded; that is what module initializers are for here.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        SparkSession.SessionStarted += OnSessionStarted;
        SparkSession.SessionStopped += OnSessionStopped;
    }

    internal static void OnSessionStarted(SparkSession session)
    {
        if (!session.Configuration.GetBool("spark.ui.enabled", true)) return;
        UiServer server;
        try
        {
            server = UiServer.Start(session, UiOptions.From(session.Configuration));
        }
        catch (Exception e) when (e is SparkException or ArgumentException)
        {
            // Fail closed: a session whose UI cannot start safely does not start either.
            UiLog.Error("SparkUI", $"Failed to start the Spark web UI: {e.Message}");
            session.Stop();
            throw;
        }
        lock (Lock) Servers[session] = server;
        session.Configuration.Set(UrlConf, server.Url);
    }

    internal static void OnSessionStopped(SparkSession session)
    {
        UiServer? server;
        lock (Lock)
        {
            if (!Servers.Remove(session, out server)) return;
        }
        server.Stop();
    }
}
