using Xunit.Abstractions;

namespace Spate.Recovery.Tests;

/// <summary>The stateful query (update-mode aggregation into <c>counts</c>) killed at every named fault point.</summary>
public class AggregateFaultPointTests
{
    private readonly ITestOutputHelper _output;
    public AggregateFaultPointTests(ITestOutputHelper output) { _output = output; }

    public static TheoryData<string, long> Windows()
    {
        var data = new TheoryData<string, long>();
        foreach (var point in new[] { "afterOffsetLog", "afterGetBatch", "afterSink", "afterCommitLog", "afterStateDelta" })
            foreach (long batch in new long[] { 0, 3 })
                data.Add(point, batch);
        return data;
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public void Aggregate_KilledAtFaultPoint_RecoversExactlyOnce(string point, long batchId) =>
        FaultPointScenario.Run(ChildMode.Aggregate, point, batchId, _output);
}

/// <summary>The stateless query (every input row appended to <c>rows</c>) killed at every fault point it passes.</summary>
public class RawFaultPointTests
{
    private readonly ITestOutputHelper _output;
    public RawFaultPointTests(ITestOutputHelper output) { _output = output; }

    // afterStateDelta is not passed: a stateless query has no state store.
    [Theory]
    [InlineData("afterOffsetLog", 2)]
    [InlineData("afterGetBatch", 2)]
    [InlineData("afterSink", 2)]
    [InlineData("afterCommitLog", 2)]
    public void Raw_KilledAtFaultPoint_RecoversExactlyOnce(string point, long batchId) =>
        FaultPointScenario.Run(ChildMode.Raw, point, batchId, _output);
}

/// <summary>The harness itself: with the sink's batch-id check off, a replayed batch must be reported as duplicated.</summary>
public class HarnessSelfTests
{
    [Fact]
    public void NonIdempotentSink_KilledAfterSink_ReportedAsDuplicated()
    {
        using var dir = new TempDir("self-test");
        using (var dying = ChildProcess.Start(dir.Checkpoint, dir.Database, FaultPointScenario.Batches, ChildMode.Raw, FaultPointScenario.RowsPerBatch, "afterSink:2", idempotent: false))
            Assert.True(dying.WaitForExit() == ChildProcess.KilledExitCode, dying.Describe());
        using (var replaying = ChildProcess.Start(dir.Checkpoint, dir.Database, FaultPointScenario.Batches, ChildMode.Raw, FaultPointScenario.RowsPerBatch, idempotent: false))
            Assert.True(replaying.WaitForExit() == 0, replaying.Describe());
        var violation = Assert.Throws<ExactlyOnceViolation>(() =>
            ExactlyOnce.Verify(dir.Database, ChildMode.Raw, FaultPointScenario.RowsPerBatch, FaultPointScenario.Batches, "self-test"));
        // Batch 2 (values 100..149) reached the sink twice: once before the kill, once replayed.
        Assert.Contains($"0 lost, {FaultPointScenario.RowsPerBatch} duplicated, 0 unexpected", violation.Message);
        Assert.Contains("100x2", violation.Message);
    }
}
