using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Spate.Databases.Tests;

/// <summary>
/// A throwaway PostgreSQL server for the tests: initdb into a temp dir and pg_ctl start on a free port of
/// 127.0.0.1 (as user postgres when the tests run as root, since the server refuses root), stopped and deleted on
/// dispose. Fails with a clear message when the server binaries are missing.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string _bin;
    private readonly string _dir;
    private readonly bool _asPostgres;

    public PostgresServer()
    {
        _bin = FindBinaries();
        _asPostgres = Environment.UserName == "root";
        _dir = Directory.CreateTempSubdirectory("spate-pg-").FullName;
        Port = FreePort();
        try
        {
            if (_asPostgres) Run("chown", new[] { "postgres:postgres", _dir }, asPostgres: false);
            Run(Path.Combine(_bin, "initdb"), new[] { "-D", DataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync" }, _asPostgres);
            Run(Path.Combine(_bin, "pg_ctl"), new[] { "-D", DataDir, "-l", Path.Combine(_dir, "server.log"), "-w", "-t", "30", "-o",
                $"-c listen_addresses=127.0.0.1 -p {Port} -k {_dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start" }, _asPostgres);
        }
        catch (Exception e)
        {
            string log = File.Exists(Path.Combine(_dir, "server.log")) ? File.ReadAllText(Path.Combine(_dir, "server.log")) : "";
            Delete();
            throw new InvalidOperationException($"The throwaway PostgreSQL server did not start on 127.0.0.1:{Port}: {e.Message}\n{log}", e);
        }
        ConnectionString = $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=true";
    }

    /// <summary>The server's TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>An Npgsql connection string for the server's <c>postgres</c> database.</summary>
    public string ConnectionString { get; }

    private string DataDir => Path.Combine(_dir, "data");

    /// <summary>Runs SQL and returns the rows, for assertions.</summary>
    public List<object?[]> Query(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var cmd = new NpgsqlCommand(sql, connection);
        using var reader = cmd.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (int i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public void Dispose()
    {
        try
        {
            NpgsqlConnection.ClearAllPools();
            Run(Path.Combine(_bin, "pg_ctl"), new[] { "-D", DataDir, "-m", "fast", "-w", "stop" }, _asPostgres);
        }
        finally
        {
            Delete();
        }
    }

    private void Delete()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static string FindBinaries()
    {
        var bins = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
                .OrderBy(b => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : new Version(0, 0)).ToList()
            : new List<string>();
        return bins.Count > 0 ? bins[^1]
            : throw new InvalidOperationException("The PostgreSQL server binaries (initdb, pg_ctl) are not under /usr/lib/postgresql/*/bin. Install them with `apt-get install -y postgresql` (.ci/setup.d/30-postgres.sh does this).");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void Run(string program, string[] args, bool asPostgres)
    {
        var info = new ProcessStartInfo(asPostgres ? "runuser" : program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres) { info.ArgumentList.Add("-u"); info.ArgumentList.Add("postgres"); info.ArgumentList.Add("--"); info.ArgumentList.Add(program); }
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Cannot start {program}.");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Only the exit is awaited: the started server may keep inherited pipes open.
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException($"{Path.GetFileName(program)} did not finish within 60 s.");
        }
        if (process.ExitCode != 0)
            lock (output) throw new InvalidOperationException($"{Path.GetFileName(program)} exited with code {process.ExitCode}: {output}");
    }
}
