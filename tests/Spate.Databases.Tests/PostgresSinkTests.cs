using System.Net;
using System.Net.Sockets;
using Spate.Sql;
using Spate.Sql.Streaming;

namespace Spate.Databases.Tests;

/// <summary>The PostgreSQL sink against a throwaway server: the shared behaviour plus types, schemas and connection errors.</summary>
public sealed class PostgresSinkTests : DatabaseSinkTests, IClassFixture<PostgresServer>
{
    private readonly PostgresServer _server;

    public PostgresSinkTests(PostgresServer server) { _server = server; }

    protected override string Format => "postgres";

    protected override IDictionary<string, string> Connection => new Dictionary<string, string> { ["url"] = _server.ConnectionString };

    protected override List<object?[]> Query(string sql) => _server.Query(sql);

    [Fact]
    public void CreateTable_AllTypes_MappedColumnTypesAndValuesRoundTrip()
    {
        string table = NewTable();
        WriteAllTypes(table);
        Assert.Equal(new[]
        {
            "s,text,null,null", "i,integer,32,0", "l,bigint,64,0", "d,double precision,53,null", "b,boolean,null,null", "m,numeric,10,2",
            "dt,date,null,null", "ts,timestamp with time zone,null,null", "bin,bytea,null,null", "sh,smallint,16,0", "by,smallint,16,0", "f,real,24,null",
        }, Rows($"SELECT column_name, data_type, numeric_precision, numeric_scale FROM information_schema.columns WHERE table_name = '{table}' ORDER BY ordinal_position"));
        Assert.Equal(new[]
        {
            "é\"',42,1099511627776,2.5,True,12.34,2024-02-29,2024-03-01 12:34:56.123456,0001ff,-7,-8,1.5",
            "null,null,null,null,null,null,null,null,null,null,null,null",
        }, Rows($"SELECT s, i, l, d, b, m, dt::text, to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'), encode(bin, 'hex'), sh, by, f FROM {table} ORDER BY s NULLS LAST"));
    }

    [Fact]
    public void SchemaQualifiedTable_UnquotedNamesFoldToLowerCase()
    {
        string schema = NewTable("analytics");
        Exec($"CREATE SCHEMA {schema}");
        var input = new MemoryStream<string>(Spark);
        var query = Writer(input.ToDF(), $"{schema.ToUpperInvariant()}.Counts", OutputMode.Append).Start();
        try
        {
            input.AddData("x");
            query.ProcessAllAvailable();
        }
        finally { query.Stop(); }
        Assert.Equal(new[] { "x" }, Rows($"SELECT value FROM {schema}.counts"));
    }

    [Fact]
    public void JdbcUrl_WithUserParameter_Connects()
    {
        string table = NewTable();
        var input = new MemoryStream<string>(Spark);
        var query = input.ToDF().WriteStream().Format("jdbc").Option("url", $"jdbc:postgresql://127.0.0.1:{_server.Port}/postgres?user=postgres")
            .Option("dbtable", table).Start();
        try
        {
            input.AddData("j");
            query.ProcessAllAvailable();
        }
        finally { query.Stop(); }
        Assert.Equal(new[] { "j" }, Rows($"SELECT value FROM {table}"));
    }

    [Fact]
    public void BatchIdTable_HoldsQueryIdAndLastBatch()
    {
        string table = NewTable();
        var input = new MemoryStream<string>(Spark);
        var query = Writer(input.ToDF(), table, OutputMode.Append).Option("batchIdTable", "my_batches").Start();
        try
        {
            input.AddData("a");
            query.ProcessAllAvailable();
            input.AddData("b");
            query.ProcessAllAvailable();
        }
        finally { query.Stop(); }
        Assert.Equal(new[] { $"{query.Id},{query.LastProgress!.BatchId}" }, Rows($"SELECT query_id, batch_id FROM my_batches WHERE table_name = '\"{table}\"'"));
    }

    [Fact]
    public void UnreachableServer_FailsNamingHostAndPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var input = new MemoryStream<string>(Spark);
        var query = input.ToDF().WriteStream().Format("postgres").Option("url", $"Host=127.0.0.1;Port={port};Username=postgres;Timeout=5")
            .Option("dbtable", "t").Start();
        try
        {
            input.AddData("a");
            var e = Assert.ThrowsAny<Exception>(() => query.ProcessAllAvailable());
            Assert.Contains("[DATABASE_UNREACHABLE]", Messages(e));
            Assert.Contains($"127.0.0.1:{port}", Messages(e));
        }
        finally { query.Stop(); }
    }

    [Fact]
    public void ColumnNameOverPostgresLimit_FailsAtStart()
    {
        var input = new MemoryStream<string>(Spark);
        var df = input.ToDF().Select(Functions.Col("value").Alias(new string('c', 64)));
        var e = Assert.ThrowsAny<AnalysisException>(() => Writer(df, NewTable(), OutputMode.Append).Start());
        Assert.Contains("[INVALID_IDENTIFIER]", e.Message);
        Assert.Contains("63 bytes", e.Message);
    }

    [Fact]
    public void Url_WithPassword_NotEchoedInErrors()
    {
        var input = new MemoryStream<string>(Spark);
        var e = Assert.ThrowsAny<AnalysisException>(() => input.ToDF().WriteStream().Format("postgres")
            .Option("url", "Host=h;Password=s3cret;Bogus Key=1").Option("dbtable", "t").Start());
        Assert.Contains("[INVALID_PARAMETER_VALUE]", e.Message);
        Assert.DoesNotContain("s3cret", e.Message);
    }
}
