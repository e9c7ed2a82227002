using Microsoft.Data.Sqlite;

namespace Spate.Recovery.Tests;

/// <summary>The checks of the sink modes can fail: a duplicated row, a lost row, or a second sink identity in
/// <c>_spate_batches</c> (a restart writing under a new query id) in a finished SQLite sink result are reported.</summary>
public class SinkCheckerSelfTests
{
    private const int Batches = 3;
    private const int RowsPerBatch = 50;

    [Theory]
    [InlineData("INSERT INTO rows(value) VALUES (60)", "0 lost, 1 duplicated, 0 unexpected")]
    [InlineData("DELETE FROM rows WHERE value = 7", "1 lost, 0 duplicated, 0 unexpected")]
    [InlineData("INSERT INTO _spate_batches SELECT 'another-query', table_name, batch_id, committed_at FROM _spate_batches", "_spate_batches has 2 rows")]
    public void SqliteSinkResult_Tampered_ReportedAsViolation(string tamper, string expected)
    {
        using var dir = new TempDir("sink-self-test");
        using (var child = ChildProcess.Start(dir.Checkpoint, dir.Database, Batches, ChildMode.SqliteRaw, RowsPerBatch))
            Assert.True(child.WaitForExit() == 0, child.Describe());
        long batches = ExactlyOnce.Verify(dir.Database, ChildMode.SqliteRaw, RowsPerBatch, Batches, "untouched");
        using (var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dir.Database, Pooling = false }.ToString()))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = tamper;
            Assert.True(cmd.ExecuteNonQuery() > 0);
        }
        var violation = Assert.Throws<ExactlyOnceViolation>(() => ExactlyOnce.Verify(dir.Database, ChildMode.SqliteRaw, RowsPerBatch, Batches, "tampered"));
        Assert.Contains(expected, violation.Message);
        Assert.True(batches >= Batches);
    }
}
