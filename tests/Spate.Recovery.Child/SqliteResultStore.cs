using Microsoft.Data.Sqlite;

namespace Spate.Recovery.Child;

/// <summary>
/// The exactly-once sink of the harness: a SQLite file written in one transaction per micro-batch, which records the
/// batch id with the rows, so a batch replayed after a crash is recognised and skipped.
/// </summary>
internal sealed class SqliteResultStore : IDisposable
{
    private readonly SqliteConnection _connection;

    public SqliteResultStore(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir != null) Directory.CreateDirectory(dir);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 60 }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL");
        Execute("PRAGMA synchronous=FULL");
        Execute("CREATE TABLE IF NOT EXISTS batches(batch_id INTEGER PRIMARY KEY)");
        Execute("CREATE TABLE IF NOT EXISTS counts(k INTEGER PRIMARY KEY, n INTEGER NOT NULL, s INTEGER NOT NULL)");
        // No key on purpose: a row written twice must show up as a duplicate, not as a constraint error.
        Execute("CREATE TABLE IF NOT EXISTS rows(value INTEGER NOT NULL)");
    }

    /// <summary>Writes one batch atomically; returns false when the batch id was already written (a replay).
    /// Not <paramref name="idempotent"/>, it writes a replayed batch again (to prove the harness sees duplicates).</summary>
    public bool WriteBatch(long batchId, bool idempotent, Action<SqliteConnection, SqliteTransaction> write)
    {
        // BeginTransaction() is BEGIN IMMEDIATE: the write lock is taken before the batch id is checked, so two writers
        // cannot both see the id as new.
        using var tx = _connection.BeginTransaction();
        using (var check = _connection.CreateCommand())
        {
            check.Transaction = tx;
            check.CommandText = "SELECT COUNT(*) FROM batches WHERE batch_id = $id";
            check.Parameters.AddWithValue("$id", batchId);
            if (Convert.ToInt64(check.ExecuteScalar()) > 0 && idempotent) return false;
        }
        write(_connection, tx);
        using (var insert = _connection.CreateCommand())
        {
            insert.Transaction = tx;
            insert.CommandText = "INSERT OR IGNORE INTO batches(batch_id) VALUES ($id)";
            insert.Parameters.AddWithValue("$id", batchId);
            insert.ExecuteNonQuery();
        }
        tx.Commit();
        return true;
    }

    private void Execute(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
