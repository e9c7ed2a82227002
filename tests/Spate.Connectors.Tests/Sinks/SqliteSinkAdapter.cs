using Microsoft.Data.Sqlite;
using Spate.Sql;
using Spate.Sql.Streaming;

namespace Spate.Connectors.Tests.Sinks;

/// <summary>The SQLite sink in update mode, upserting by id into a table of a database file in the case's dir.</summary>
public sealed class SqliteSinkAdapter : ISinkAdapter
{
    private readonly string _file;
    private readonly string _table;

    public SqliteSinkAdapter(CaseNames names)
    {
        _file = Path.Combine(names.Dir, "dashboard.db");
        _table = "fraud_" + names.Id;
    }

    public bool AppendOnly => false;

    public StreamingQuery Start(DataFrame df, CaseNames names) =>
        df.WriteStream().Format("sqlite").OutputMode("update").Option("url", $"Data Source={_file}")
            .Option("dbtable", _table).Option("keys", "id")
            .QueryName(names.Id).Option("checkpointLocation", names.Checkpoint).Start();

    public void Verify()
    {
        using var connection = new SqliteConnection($"Data Source={_file}");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT id, fraud, nTransactions FROM {_table}";
        using var reader = cmd.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read()) rows.Add(new object?[] { reader.GetValue(0), reader.GetValue(1), reader.GetValue(2) });
        Assert.Equal(FraudPipeline.ExpectedFinal, FraudPipeline.Format(rows));
    }

    public void Dispose() => SqliteConnection.ClearAllPools();
}
