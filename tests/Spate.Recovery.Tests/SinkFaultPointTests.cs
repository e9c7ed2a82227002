using Xunit.Abstractions;

namespace Spate.Recovery.Tests;

/// <summary>
/// The connectors' own exactly-once sinks (no foreachBatch in the child): the SQLite sink, which records the batch id
/// in <c>_spate_batches</c> in the batch's transaction, and the parquet file sink, which commits a batch's files in
/// <c>_spark_metadata</c>, killed at the named fault points of batch 2.
/// </summary>
public class SinkFaultPointTests
{
    private readonly ITestOutputHelper _output;
    public SinkFaultPointTests(ITestOutputHelper output) { _output = output; }

    public static TheoryData<ChildMode, string> Points()
    {
        var data = new TheoryData<ChildMode, string>();
        foreach (var mode in new[] { ChildMode.SqliteAggregate, ChildMode.SqliteRaw, ChildMode.ParquetRaw })
            foreach (var point in new[] { "afterOffsetLog", "afterSink", "afterCommitLog" })
                data.Add(mode, point);
        // The state delta is written before the sink: a replay must rebuild the same rows from the older version.
        data.Add(ChildMode.SqliteAggregate, "afterStateDelta");
        return data;
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void ConnectorSink_KilledAtFaultPoint_RecoversExactlyOnce(ChildMode mode, string point) =>
        FaultPointScenario.Run(mode, point, 2, _output);
}

/// <summary>SIGKILL at random instants of the queries writing through the connectors' sinks (see <see cref="RandomKillScenario"/>).</summary>
public class SinkRandomKillTests
{
    private readonly ITestOutputHelper _output;
    public SinkRandomKillTests(ITestOutputHelper output) { _output = output; }

    [Theory]
    [InlineData(ChildMode.SqliteAggregate, 31)]
    [InlineData(ChildMode.SqliteRaw, 32)]
    [InlineData(ChildMode.ParquetRaw, 33)]
    public void ConnectorSink_KilledAtRandomInstants_RecoversExactlyOnce(ChildMode mode, int seed) =>
        RandomKillScenario.Run(mode, RandomKillScenario.Seed(seed), RandomKillScenario.SinkKillsPerTest(), _output);
}
