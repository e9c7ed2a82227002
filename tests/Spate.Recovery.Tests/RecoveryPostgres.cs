using Npgsql;
using Spate.Databases.Tests;

namespace Spate.Recovery.Tests;

/// <summary>
/// One throwaway PostgreSQL server for the recovery tests of the postgres sink (an xunit collection fixture), with a
/// fresh database per checkpoint, so every scenario starts from empty tables and no <c>_spate_batches</c> rows.
/// </summary>
public sealed class RecoveryPostgres : IDisposable
{
    private readonly PostgresServer _server = new();
    private int _databases;

    /// <summary>Creates an empty database and returns its connection string (what the child passes as option url).</summary>
    public string NewDatabase()
    {
        string name = $"recovery_{Interlocked.Increment(ref _databases)}";
        _server.Query($"CREATE DATABASE {name}");
        return new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Database = name, Pooling = false }.ToString();
    }

    public void Dispose() => _server.Dispose();
}

/// <summary>The test classes sharing <see cref="RecoveryPostgres"/>.</summary>
[CollectionDefinition(Name)]
public sealed class RecoveryPostgresCollection : ICollectionFixture<RecoveryPostgres>
{
    public const string Name = "recovery-postgres";
}
