using Microsoft.Data.Sqlite;
using Spate.Sql;
using Spate.Sql.Streaming;

namespace Spate.Databases.Tests;

/// <summary>The SQLite sink on a temp file per test: the shared behaviour plus types and file errors.</summary>
public sealed class SqliteSinkTests : DatabaseSinkTests, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("spate-sqlite-").FullName;

    private string File => Path.Combine(_dir, "dashboard.db");

    protected override string Format => "sqlite";

    protected override IDictionary<string, string> Connection => new Dictionary<string, string> { ["url"] = $"Data Source={File}" };

    protected override List<object?[]> Query(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={File}");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
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
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void CreateTable_AllTypes_MappedColumnTypesAndValuesRoundTrip()
    {
        string table = NewTable();
        WriteAllTypes(table);
        Assert.Equal(new[]
        {
            "s,TEXT", "i,INTEGER", "l,BIGINT", "d,REAL", "b,BOOLEAN", "m,NUMERIC(10,2)", "dt,DATE", "ts,TIMESTAMP", "bin,BLOB", "sh,SMALLINT", "by,TINYINT", "f,REAL",
        }, Rows($"SELECT name, type FROM pragma_table_info('{table}') ORDER BY cid"));
        Assert.Equal(new[]
        {
            "é\"',42,1099511627776,2.5,1,12.34,2024-02-29,2024-03-01 12:34:56.123456,0001FF,-7,-8,1.5",
            "null,null,null,null,null,null,null,null,,null,null,null",
        }, Rows($"SELECT s, i, l, d, b, m, dt, ts, hex(bin), sh, by, f FROM {table} ORDER BY s NULLS LAST"));
        // Timestamps are UTC text that SQLite's date functions read.
        Assert.Equal(new[] { "1709296496" }, Rows($"SELECT CAST(strftime('%s', ts) AS INTEGER) FROM {table} WHERE ts IS NOT NULL"));
    }

    [Fact]
    public void PathOption_WritesToThatFile()
    {
        string table = NewTable();
        var input = new MemoryStream<string>(Spark);
        var query = input.ToDF().WriteStream().Format("sqlite").Option("path", File).Option("dbtable", table).Start();
        try
        {
            input.AddData("p");
            query.ProcessAllAvailable();
        }
        finally { query.Stop(); }
        Assert.Equal(new[] { "p" }, Rows($"SELECT value FROM {table}"));
    }

    [Fact]
    public void FileInMissingDirectory_FailsNamingTheFile()
    {
        string missing = Path.Combine(_dir, "no", "such", "dir", "x.db");
        var input = new MemoryStream<string>(Spark);
        var query = input.ToDF().WriteStream().Format("sqlite").Option("path", missing).Option("dbtable", "t").Start();
        try
        {
            input.AddData("a");
            var e = Assert.ThrowsAny<Exception>(() => query.ProcessAllAvailable());
            Assert.Contains("[DATABASE_UNREACHABLE]", Messages(e));
            Assert.Contains(missing, Messages(e));
        }
        finally { query.Stop(); }
    }

    [Fact]
    public void SchemaQualifiedTable_Rejected()
    {
        var input = new MemoryStream<string>(Spark);
        var e = Assert.ThrowsAny<AnalysisException>(() => Writer(input.ToDF(), "main.t", OutputMode.Append).Start());
        Assert.Contains("[INVALID_IDENTIFIER]", e.Message);
    }
}
