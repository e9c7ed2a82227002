using Xunit.Abstractions;

namespace Spate.Recovery.Tests;

/// <summary>
/// Kill at a named instant, then recover: the child runs with <c>SPATE_FAULT_POINT=point:batchId</c> and must die there
/// (SIGKILL, exit 137); a second run without it must finish the batches, and the sink's result must be exactly-once.
/// </summary>
internal static class FaultPointScenario
{
    public const int Batches = 6;
    public const int RowsPerBatch = 50;

    /// <param name="resultFor">Where the result goes for a scenario directory (default: <see cref="ChildModes.ResultPath"/>).</param>
    public static void Run(ChildMode mode, string point, long batchId, ITestOutputHelper output, Func<TempDir, string>? resultFor = null)
    {
        using var dir = new TempDir($"{point}-{batchId}");
        string context = $"{mode} query killed at {point}:{batchId}";

        string result = resultFor?.Invoke(dir) ?? mode.ResultPath(dir);
        using (var dying = ChildProcess.Start(dir.Checkpoint, result, Batches, mode, RowsPerBatch, $"{point}:{batchId}"))
        {
            int exit = dying.WaitForExit();
            Assert.True(exit == ChildProcess.KilledExitCode, $"{context}: expected the child to be killed (exit {ChildProcess.KilledExitCode}), got exit {exit}.\n{dying.Describe()}");
            Assert.Contains($"SPATE_FAULT_POINT {point} at batch {batchId}", dying.Errors);
        }
        // Whatever was written before the kill is already exactly-once, and ends where the fault point says.
        long before = ExactlyOnce.Verify(result, mode, RowsPerBatch, context: context + ", before restart");
        long sinkDone = point is "afterSink" or "afterCommitLog" ? 1 : 0;
        Assert.True(before == batchId + sinkDone, $"{context}: {before} batches in the sink at the kill, expected {batchId + sinkDone}.");

        using var recovering = ChildProcess.Start(dir.Checkpoint, result, Batches, mode, RowsPerBatch);
        int code = recovering.WaitForExit();
        Assert.True(code == 0, $"{context}: the restarted child failed with exit {code}.\n{recovering.Describe()}");
        // The first batch after restart: a batch that reached the sink without its commit log is replayed and skipped by
        // the sink; one whose commit log is written is not run again. A sink mode only sees the batch commit ("progress"):
        // whether the sink skipped the replay shows in the result.
        string first = recovering.Output.First(ChildProcess.IsBatchLine);
        string expectedFirst = mode.ViaSink()
            ? $"progress {(point == "afterCommitLog" ? batchId + 1 : batchId)}"
            : point switch
            {
                "afterSink" => $"skipped {batchId}",
                "afterCommitLog" => $"committed {batchId + 1}",
                _ => $"committed {batchId}",
            };
        Assert.True(first == expectedFirst, $"{context}: the restarted child began with '{first}', expected '{expectedFirst}'.\n{recovering.Describe()}");
        long batches = ExactlyOnce.Verify(result, mode, RowsPerBatch, Batches, context);
        HarnessStats.AddKills(1);
        HarnessStats.AddRowsChecked(batches * RowsPerBatch);
        output.WriteLine($"{context}: died with {before} batches written, recovered to {batches} batches, {batches * RowsPerBatch} input rows exactly once.");
    }
}
