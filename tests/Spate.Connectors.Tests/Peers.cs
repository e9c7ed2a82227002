using Spate.Databases.Tests;
using Spate.S3.Tests;
using Spate.Sql;

namespace Spate.Connectors.Tests;

/// <summary>
/// The project's one session and the real peers, each started once on first use (a peer that cannot start fails the
/// cases that need it with its own message, the others still run) and stopped when the collection ends.
/// </summary>
public sealed class Peers : IDisposable
{
    private readonly Lazy<MockCluster> _kafka = new(() => new MockCluster());
    private readonly Lazy<PostgresServer> _postgres = new(() => new PostgresServer());
    private readonly Lazy<S3rverFixture> _s3 = new(() => new S3rverFixture());

    public Peers()
    {
        Spark = SparkSession.Builder().Master("local[2]").Config("spark.sql.shuffle.partitions", "2")
            .Config("spark.ui.enabled", "false").GetOrCreate();
    }

    public SparkSession Spark { get; }

    /// <summary>librdkafka's mock cluster.</summary>
    public MockCluster Kafka => _kafka.Value;

    /// <summary>A throwaway PostgreSQL server.</summary>
    public PostgresServer Postgres => _postgres.Value;

    /// <summary>s3rver with one bucket; starting it also sets the session's <c>spark.hadoop.fs.s3a.*</c> confs to point at it.</summary>
    public S3rverFixture S3 => _s3.Value;

    public void Dispose()
    {
        if (_kafka.IsValueCreated) _kafka.Value.Dispose();
        if (_postgres.IsValueCreated) _postgres.Value.Dispose();
        if (_s3.IsValueCreated) _s3.Value.Dispose();
    }
}

/// <summary>Every case of the project shares the peers and runs alone: the console sink's cases redirect Console.Out.</summary>
[CollectionDefinition("connectors", DisableParallelization = true)]
public sealed class ConnectorsCollection : ICollectionFixture<Peers> { }
