using System.Globalization;
using Microsoft.Data.Sqlite;
using Spate.Databases.Tests;
using Spate.Examples.Tests.Infrastructure;

namespace Spate.Examples.Tests;

/// <summary>
/// examples/08-postgres-dashboard.cs: the fraud counts upserted (keys=id) into a table, against a real producer;
/// the table must end with exactly the final counts, into SQLite and into a throwaway PostgreSQL server.
/// </summary>
public sealed class PostgresDashboardExampleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("spate-example-08-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Dashboard_SqliteFlag_TableHoldsTheFinalCounts()
    {
        var file = Path.Combine(_dir, "dashboard.db");
        var (run, expected) = await RunAsync("--sqlite", file);

        Assert.Contains($"Writing the suspicious users to SQLite {file}, table fraud_dashboard.", run.Output, StringComparison.Ordinal);
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, fraud, nTransactions FROM fraud_dashboard";
        FraudCounts.AssertSame(expected, ReadCounts(command.ExecuteReader(), run), run.Describe());
    }

    [Fact]
    public async Task Dashboard_Postgres_TableHoldsTheFinalCounts()
    {
        using var server = new PostgresServer();
        var (run, expected) = await RunAsync("--url", server.ConnectionString);

        Assert.Contains("Writing the suspicious users to PostgreSQL, table fraud_dashboard.", run.Output, StringComparison.Ordinal);
        // The sink creates columns with the DataFrame's names quoted, as Spark's JDBC writer does: case is kept.
        var rows = server.Query("SELECT id, fraud, \"nTransactions\" FROM fraud_dashboard");
        var actual = rows.ToDictionary(r => (string)r[0]!, r =>
        {
            Assert.Equal(1, Convert.ToInt32(r[1], CultureInfo.InvariantCulture));
            return Convert.ToInt64(r[2], CultureInfo.InvariantCulture);
        });
        FraudCounts.AssertSame(expected, actual, run.Describe());
    }

    private async Task<(ExampleRun Run, IReadOnlyDictionary<string, long> Expected)> RunAsync(params string[] target)
    {
        var sent = await Producer.ReadAllLinesAsync(Producer.BurstArguments);
        await using var producer = await Producer.StartAsync(Producer.BurstArguments);
        var run = await ExampleProgram.RunAsync("08-postgres-dashboard", TimeSpan.FromSeconds(150),
            ["--host", "127.0.0.1", "--port", producer.Port.ToString(CultureInfo.InvariantCulture), "--seconds", "12",
             "--checkpoint", Path.Combine(_dir, "checkpoint"), .. target]);
        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal(200, sent.Count);
        return (run, Transactions.SuspiciousUsers(sent));
    }

    private static Dictionary<string, long> ReadCounts(SqliteDataReader reader, ExampleRun run)
    {
        var counts = new Dictionary<string, long>();
        while (reader.Read())
        {
            Assert.True(reader.GetInt32(1) == 1, $"fraud is {reader.GetValue(1)} for {reader.GetString(0)}.\n{run.Describe()}");
            counts.Add(reader.GetString(0), reader.GetInt64(2));
        }
        return counts;
    }
}
