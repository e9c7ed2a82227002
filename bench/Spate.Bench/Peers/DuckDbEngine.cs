using DuckDB.NET.Data;
using Spate.Bench.Data;

namespace Spate.Bench.Peers;

/// <summary>DuckDB: <c>read_json</c> with explicit columns, filter, group by, having; the result rows are read back.</summary>
internal sealed class DuckDbEngine : IFraudEngine
{
    private readonly DuckDBConnection _connection;

    public DuckDbEngine(int threads)
    {
        Threads = threads;
        _connection = new DuckDBConnection("Data Source=:memory:");
        _connection.Open();
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"SET threads={threads}";
        cmd.ExecuteNonQuery();
    }

    public string Name => $"DuckDB threads={Threads}";
    public int Threads { get; }

    public FraudAnswer Run(Dataset data)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $$"""
            SELECT name || surname AS id, 1 AS fraud, count(*) AS nTransactions
            FROM read_json('{{data.Glob}}', format='newline_delimited',
                columns={name: 'VARCHAR', surname: 'VARCHAR', amount: 'DOUBLE', delta_t: 'DOUBLE', flag: 'INTEGER'})
            WHERE flag = 1
            GROUP BY id
            HAVING count(*) > 1
            """;
        using var reader = cmd.ExecuteReader();
        long rows = 0, sum = 0;
        while (reader.Read())
        {
            _ = reader.GetString(0);
            rows++;
            sum += reader.GetInt64(2);
        }
        return new FraudAnswer(rows, sum);
    }

    public void Dispose() => _connection.Dispose();
}
