using Spate.Sql;
using Spate.Sql.Streaming;

namespace Spate.Connectors.Tests.Sinks;

/// <summary>The PostgreSQL sink in update mode, upserting by id into a table of the throwaway server.</summary>
public sealed class PostgresSinkAdapter : ISinkAdapter
{
    private readonly Peers _peers;
    private readonly string _table;

    public PostgresSinkAdapter(Peers peers, CaseNames names)
    {
        _peers = peers;
        _table = "fraud_" + names.Id;
        _ = peers.Postgres; // start the server before the query
    }

    public bool AppendOnly => false;

    public StreamingQuery Start(DataFrame df, CaseNames names) =>
        df.WriteStream().Format("postgres").OutputMode("update").Option("url", _peers.Postgres.ConnectionString)
            .Option("dbtable", _table).Option("keys", "id")
            .QueryName(names.Id).Option("checkpointLocation", names.Checkpoint).Start();

    public void Verify() =>
        Assert.Equal(FraudPipeline.ExpectedFinal, FraudPipeline.Format(_peers.Postgres.Query($"SELECT id, fraud, \"nTransactions\" FROM {_table}")));

    public void Dispose() { }
}
