using System.Diagnostics;
using Xunit.Abstractions;

namespace Spate.Recovery.Tests;

/// <summary>
/// Kills the child with SIGKILL at random instants (seeded), restarts it, and checks after every kill that the sink holds
/// an exactly-once prefix of the answer; when a round's checkpoint reaches its last batch, the full answer is checked
/// and a new round starts on a fresh checkpoint, until the number of kills is reached.
/// <c>SPATE_RECOVERY_KILLS</c> sets the total kills over the random-kill tests (CI default 24; a soak runs 500+),
/// <c>SPATE_RECOVERY_SEED</c> replaces the fixed seeds to explore other instants.
/// </summary>
internal static class RandomKillScenario
{
    private const int DefaultTotalKills = 24;
    private const int TestsSharingKills = 2;
    private const int Batches = 30;
    private const int RowsPerBatch = 20;
    // Kills land up to this long after the first batch of a run: a few batches' worth, so each run makes some progress.
    private const int MaxDelayAfterFirstBatchMs = 250;

    public static int KillsPerTest()
    {
        var text = Environment.GetEnvironmentVariable("SPATE_RECOVERY_KILLS");
        int total = string.IsNullOrWhiteSpace(text) ? DefaultTotalKills
            : int.TryParse(text, out int n) && n > 0 ? n : throw new ArgumentException($"SPATE_RECOVERY_KILLS must be a positive integer, got '{text}'.");
        return (total + TestsSharingKills - 1) / TestsSharingKills;
    }

    public static int Seed(int fallback)
    {
        var text = Environment.GetEnvironmentVariable("SPATE_RECOVERY_SEED");
        return string.IsNullOrWhiteSpace(text) ? fallback
            : int.TryParse(text, out int s) ? s : throw new ArgumentException($"SPATE_RECOVERY_SEED must be an integer, got '{text}'.");
    }

    /// <summary>Kills for each connector-sink mode in CI (their three tests add about a dozen kills); with
    /// <c>SPATE_RECOVERY_KILLS</c> set they take as many as each foreachBatch test.</summary>
    public static int SinkKillsPerTest() =>
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("SPATE_RECOVERY_KILLS")) ? 4 : KillsPerTest();

    public static void Run(ChildMode mode, int seed, ITestOutputHelper output) => Run(mode, seed, KillsPerTest(), output);

    /// <param name="resultFor">Where the result goes for a round's directory (default: <see cref="ChildModes.ResultPath"/>).</param>
    public static void Run(ChildMode mode, int seed, int target, ITestOutputHelper output, Func<TempDir, string>? resultFor = null)
    {
        var random = new Random(seed);
        int kills = 0, rounds = 0, beforeStart = 0;
        long rows = 0;
        long startupMs = 1000; // refined from each run's time to "started"
        long firstBatchMs = 500; // and from "started" to its first batch
        var total = Stopwatch.StartNew();
        while (kills < target)
        {
            rounds++;
            using var dir = new TempDir($"random-{mode}-{seed}-{rounds}");
            string result = resultFor?.Invoke(dir) ?? mode.ResultPath(dir);
            while (true)
            {
                string context = $"{mode}, seed {seed}, round {rounds}, kill {kills + 1}";
                using var child = ChildProcess.Start(dir.Checkpoint, result, Batches, mode, RowsPerBatch);
                // One kill in five lands during start-up and recovery, three in ten while the first batch after recovery
                // runs (it is slow: planning and the first JIT of the query), the others once batches follow each other.
                int phase = random.Next(10);
                int delay;
                string when;
                if (phase < 2)
                {
                    delay = random.Next((int)startupMs);
                    when = "after process start";
                    Task.WaitAny(child.Exited, Task.Delay(delay));
                }
                else if (phase < 5)
                {
                    delay = random.Next((int)firstBatchMs);
                    when = "after started";
                    Task.WaitAny(child.Started, child.Exited);
                    if (child.Started.IsCompleted) startupMs = Math.Max(100, child.StartedAt.ElapsedMilliseconds);
                    Task.WaitAny(child.Exited, Task.Delay(delay));
                }
                else
                {
                    delay = random.Next(MaxDelayAfterFirstBatchMs);
                    when = "after the first batch";
                    long startedAtMs = -1;
                    Task.WaitAny(child.Started, child.Exited);
                    if (child.Started.IsCompleted) { startedAtMs = child.StartedAt.ElapsedMilliseconds; startupMs = Math.Max(100, startedAtMs); }
                    Task.WaitAny(child.FirstBatch, child.Exited);
                    if (child.FirstBatch.IsCompleted && startedAtMs >= 0) firstBatchMs = Math.Max(20, child.StartedAt.ElapsedMilliseconds - startedAtMs);
                    Task.WaitAny(child.Exited, Task.Delay(delay));
                }
                int exit = child.HasExited ? child.WaitForExit() : child.Kill();
                if (exit == 0)
                {
                    // The round's last batch was reached before the kill: the whole answer must be there.
                    rows += ExactlyOnce.Verify(result, mode, RowsPerBatch, Batches, context + " (finished)") * RowsPerBatch;
                    break;
                }
                Assert.True(exit == ChildProcess.KilledExitCode, $"{context}: the child failed by itself (exit {exit}) instead of being killed.\n{child.Describe()}");
                kills++;
                if (!child.Started.IsCompleted) beforeStart++;
                HarnessStats.AddKills(1);
                ExactlyOnce.Verify(result, mode, RowsPerBatch, context: $"{context} ({delay} ms {when})");
                if (kills < target) continue;
                // Enough kills: let this round run to its end and check the full answer.
                using var last = ChildProcess.Start(dir.Checkpoint, result, Batches, mode, RowsPerBatch);
                int code = last.WaitForExit();
                Assert.True(code == 0, $"{context}: the final run failed with exit {code}.\n{last.Describe()}");
                rows += ExactlyOnce.Verify(result, mode, RowsPerBatch, Batches, context + " (final run)") * RowsPerBatch;
                break;
            }
        }
        HarnessStats.AddRowsChecked(rows);
        output.WriteLine($"{mode}, seed {seed}: {kills} SIGKILLs ({beforeStart} before the query started) over {rounds} checkpoints in {total.Elapsed.TotalSeconds:F0} s; " +
                         $"{rows} input rows exactly once. {HarnessStats.Summary}");
    }
}
