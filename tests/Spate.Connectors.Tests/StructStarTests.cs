using static Spate.Sql.Functions;

namespace Spate.Connectors.Tests;

/// <summary>
/// The Kafka sink's usual value column, <c>to_json(struct(*))</c>: as Spark, the analyzer expands a star among a
/// function's arguments into every column.
/// </summary>
[Collection("connectors")]
public sealed class StructStarTests
{
    private readonly Peers _peers;

    public StructStarTests(Peers peers) { _peers = peers; }

    [Fact]
    public void ToJsonStructStar_ReportRow_SerializesEveryColumn()
    {
        var report = _peers.Spark.Sql("SELECT 'JillDarby' AS id, 1 AS fraud, CAST(3 AS BIGINT) AS nTransactions");
        var viaApi = report.Select(ToJson(Struct(Col("*"))).Alias("value")).Collect().Select(r => (string?)r[0]).ToArray();
        var viaSql = report.Select(Expr("to_json(struct(*)) AS value")).Collect().Select(r => (string?)r[0]).ToArray();
        Assert.Equal(new[] { "{\"id\":\"JillDarby\",\"fraud\":1,\"nTransactions\":3}" }, viaApi);
        Assert.Equal(viaApi, viaSql);
    }
}
