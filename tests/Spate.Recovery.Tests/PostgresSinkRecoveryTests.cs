using Xunit.Abstractions;

namespace Spate.Recovery.Tests;

/// <summary>
/// The PostgreSQL sink (<c>Format("postgres")</c>, batch ids in <c>_spate_batches</c> in the batch's transaction)
/// killed at the named fault points of batch 2 and at random instants, against a throwaway server.
/// </summary>
[Collection(RecoveryPostgresCollection.Name)]
public class PostgresSinkRecoveryTests
{
    private readonly ITestOutputHelper _output;
    private readonly RecoveryPostgres _postgres;

    public PostgresSinkRecoveryTests(ITestOutputHelper output, RecoveryPostgres postgres)
    {
        _output = output;
        _postgres = postgres;
    }

    [Theory]
    [InlineData(ChildMode.PostgresAggregate, "afterOffsetLog")]
    [InlineData(ChildMode.PostgresAggregate, "afterSink")]
    [InlineData(ChildMode.PostgresAggregate, "afterCommitLog")]
    [InlineData(ChildMode.PostgresRaw, "afterOffsetLog")]
    [InlineData(ChildMode.PostgresRaw, "afterSink")]
    [InlineData(ChildMode.PostgresRaw, "afterCommitLog")]
    public void PostgresSink_KilledAtFaultPoint_RecoversExactlyOnce(ChildMode mode, string point) =>
        FaultPointScenario.Run(mode, point, 2, _output, _ => _postgres.NewDatabase());

    [Theory]
    [InlineData(ChildMode.PostgresAggregate, 41)]
    [InlineData(ChildMode.PostgresRaw, 42)]
    public void PostgresSink_KilledAtRandomInstants_RecoversExactlyOnce(ChildMode mode, int seed) =>
        RandomKillScenario.Run(mode, RandomKillScenario.Seed(seed), RandomKillScenario.SinkKillsPerTest(), _output, _ => _postgres.NewDatabase());
}
