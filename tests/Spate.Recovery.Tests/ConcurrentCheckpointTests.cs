using Xunit.Abstractions;

namespace Spate.Recovery.Tests;

/// <summary>Two processes started at once on the same checkpoint (and the same SQLite file).</summary>
public class ConcurrentCheckpointTests
{
    private const int Batches = 30;
    private const int RowsPerBatch = 20;
    private readonly ITestOutputHelper _output;

    public ConcurrentCheckpointTests(ITestOutputHelper output) { _output = output; }

    // Without a cross-process lock both processes run all 30 batches: one writes them, the other finds each batch id in
    // SQLite and skips it (seen: exit 0 and 0). The result stays exactly-once only thanks to the sink's batch-id check.
    [Fact]
    public void TwoProcessesOnOneCheckpoint_StartedTogether_OnlyOneMakesProgress()
    {
        using var dir = new TempDir("concurrent-lock");
        var (a, b) = RunTogether(dir);
        using (a)
        using (b)
        {
            var winners = new[] { a, b }.Where(c => c.WaitForExit() == 0).ToList();
            var losers = new[] { a, b }.Where(c => c.WaitForExit() != 0).ToList();
            string both = $"first:\n{a.Describe()}\nsecond:\n{b.Describe()}";
            Assert.True(winners.Count == 1 && losers.Count == 1, $"expected exactly one process to run the query and the other to fail; exit codes {a.WaitForExit()} and {b.WaitForExit()}.\n{both}");
            var loser = losers[0];
            Assert.True(loser.WaitForExit() == 1, $"the second process must fail with an error, not crash.\n{both}");
            Assert.True(loser.CommittedBatches.Count == 0, $"the second process wrote batches {string.Join(",", loser.CommittedBatches)}.\n{both}");
            // A clear error: it says the checkpoint is in use by another query, and where.
            Assert.Contains("CONCURRENT", loser.Errors, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(dir.Checkpoint, loser.Errors);
        }
        ExactlyOnce.Verify(dir.Database, ChildMode.Aggregate, RowsPerBatch, Batches, "two processes on one checkpoint");
    }

    [Fact]
    public void TwoProcessesOnOneCheckpoint_StartedTogether_ResultStillExactlyOnce()
    {
        using var dir = new TempDir("concurrent-result");
        var (a, b) = RunTogether(dir);
        using (a)
        using (b)
        {
            foreach (var c in new[] { a, b })
            {
                int exit = c.WaitForExit();
                // Either runs the query to its end, or is refused with an error: neither may crash.
                Assert.True(exit is 0 or 1, $"a process on the shared checkpoint ended with exit {exit}.\n{c.Describe()}");
                _output.WriteLine($"exit {exit}, wrote batches [{string.Join(",", c.CommittedBatches)}]{(exit == 1 ? ": " + c.Errors.Trim() : "")}");
            }
            Assert.True(a.WaitForExit() == 0 || b.WaitForExit() == 0, $"neither process finished the query.\n{a.Describe()}\n{b.Describe()}");
            var overlap = a.CommittedBatches.Intersect(b.CommittedBatches).ToList();
            Assert.True(overlap.Count == 0, $"both processes wrote batches {string.Join(",", overlap)}: the sink's batch-id check failed.");
        }
        long batches = ExactlyOnce.Verify(dir.Database, ChildMode.Aggregate, RowsPerBatch, Batches, "two processes on one checkpoint");
        HarnessStats.AddRowsChecked(batches * RowsPerBatch);
    }

    private static (ChildProcess, ChildProcess) RunTogether(TempDir dir)
    {
        var a = ChildProcess.Start(dir.Checkpoint, dir.Database, Batches, ChildMode.Aggregate, RowsPerBatch);
        var b = ChildProcess.Start(dir.Checkpoint, dir.Database, Batches, ChildMode.Aggregate, RowsPerBatch);
        return (a, b);
    }
}
