using System.Text;
using Xunit.Abstractions;

namespace Spate.Recovery.Tests;

/// <summary>
/// A damaged checkpoint must stop the query with an error naming the damaged file, before any output; never be read
/// as valid. Each case kills the stateful query right after <c>commits/3</c> (so the newest files are known: offsets/3,
/// commits/3 and the state deltas of version 4), damages one file, restarts, then restores the file and checks that the
/// query still finishes exactly-once (the failed start changed nothing).
/// </summary>
public class CorruptCheckpointTests
{
    private const int Batches = 6;
    private const int RowsPerBatch = 50;
    private const long KilledAfterBatch = 3;
    private readonly ITestOutputHelper _output;

    public CorruptCheckpointTests(ITestOutputHelper output) { _output = output; }

    public static TheoryData<string, string> Damages()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in new[] { "offsets", "commits", "state" })
            foreach (var damage in new[] { "truncate", "edit" })
                data.Add(file, damage);
        data.Add("metadata", "truncate");
        return data;
    }

    [Theory]
    [MemberData(nameof(Damages))]
    public void DamagedCheckpointFile_Restart_FailsNamingFileWithoutOutput(string file, string damage)
    {
        using var dir = new TempDir($"corrupt-{file}-{damage}");
        KillAfterCommitLog(dir);
        string path = file switch
        {
            "offsets" => Path.Combine(dir.Checkpoint, "offsets", KilledAfterBatch.ToString()),
            "commits" => Path.Combine(dir.Checkpoint, "commits", KilledAfterBatch.ToString()),
            "state" => NewestDelta(dir.Checkpoint),
            _ => Path.Combine(dir.Checkpoint, "metadata"),
        };
        Assert.True(File.Exists(path), $"expected the checkpoint to have {path}");
        var original = File.ReadAllBytes(path);
        File.WriteAllBytes(path, damage == "truncate" ? original[..(original.Length / 2)] : Edit(file, original));

        using (var failing = ChildProcess.Start(dir.Checkpoint, dir.Database, Batches, ChildMode.Aggregate, RowsPerBatch))
        {
            int exit = failing.WaitForExit();
            Assert.True(exit == 1, $"expected the query to fail (exit 1) on the damaged {path}, got exit {exit}.\n{failing.Describe()}");
            Assert.Contains("[CHECKPOINT_FILE_CORRUPT]", failing.Errors);
            Assert.Contains(path, failing.Errors);
            Assert.DoesNotContain(failing.Output, l => l.StartsWith("committed", StringComparison.Ordinal) || l.StartsWith("skipped", StringComparison.Ordinal));
            _output.WriteLine(failing.Errors);
        }
        ExactlyOnce.Verify(dir.Database, ChildMode.Aggregate, RowsPerBatch, KilledAfterBatch + 1, $"after the failed start on a damaged {file} file");

        File.WriteAllBytes(path, original);
        using var recovered = ChildProcess.Start(dir.Checkpoint, dir.Database, Batches, ChildMode.Aggregate, RowsPerBatch);
        int code = recovered.WaitForExit();
        Assert.True(code == 0, $"the query failed after {path} was restored: exit {code}.\n{recovered.Describe()}");
        ExactlyOnce.Verify(dir.Database, ChildMode.Aggregate, RowsPerBatch, Batches, $"after {path} was restored");
    }

    [Fact]
    public void MissingStateDelta_Restart_FailsNamingFileWithoutOutput()
    {
        using var dir = new TempDir("missing-delta");
        KillAfterCommitLog(dir);
        string path = NewestDelta(dir.Checkpoint);
        File.Delete(path);
        using var failing = ChildProcess.Start(dir.Checkpoint, dir.Database, Batches, ChildMode.Aggregate, RowsPerBatch);
        int exit = failing.WaitForExit();
        Assert.True(exit == 1, $"expected the query to fail (exit 1) without {path}, got exit {exit}.\n{failing.Describe()}");
        Assert.Contains("[CANNOT_LOAD_STATE_STORE]", failing.Errors);
        Assert.Contains(path, failing.Errors);
        Assert.Empty(failing.CommittedBatches);
        ExactlyOnce.Verify(dir.Database, ChildMode.Aggregate, RowsPerBatch, KilledAfterBatch + 1, "after the failed start without a state delta");
    }

    [Fact]
    public void TornTempFilesInCheckpoint_Restart_AreIgnoredAndResultExactlyOnce()
    {
        // A kill during a write leaves a temp file that was never renamed into place: it is not part of the log.
        using var dir = new TempDir("torn-temp");
        KillAfterCommitLog(dir);
        string next = (KilledAfterBatch + 1).ToString();
        var offsets = File.ReadAllBytes(Path.Combine(dir.Checkpoint, "offsets", KilledAfterBatch.ToString()));
        File.WriteAllBytes(Path.Combine(dir.Checkpoint, "offsets", $".{next}.{Guid.NewGuid():N}.tmp"), offsets[..(offsets.Length / 2)]);
        File.WriteAllText(Path.Combine(dir.Checkpoint, "commits", $".{next}.{Guid.NewGuid():N}.tmp"), "v1\n{\"nextBatch");
        var delta = NewestDelta(dir.Checkpoint);
        File.WriteAllBytes(Path.Combine(Path.GetDirectoryName(delta)!, $"{KilledAfterBatch + 2}.delta.{Guid.NewGuid():N}.tmp"), new byte[] { 0x53, 0x50, 0x44 });

        using var child = ChildProcess.Start(dir.Checkpoint, dir.Database, Batches, ChildMode.Aggregate, RowsPerBatch);
        int code = child.WaitForExit();
        Assert.True(code == 0, $"the query failed with temp files left in its checkpoint: exit {code}.\n{child.Describe()}");
        ExactlyOnce.Verify(dir.Database, ChildMode.Aggregate, RowsPerBatch, Batches, "with torn temp files in the checkpoint");
    }

    private static void KillAfterCommitLog(TempDir dir)
    {
        using var child = ChildProcess.Start(dir.Checkpoint, dir.Database, Batches, ChildMode.Aggregate, RowsPerBatch, $"afterCommitLog:{KilledAfterBatch}");
        int exit = child.WaitForExit();
        Assert.True(exit == ChildProcess.KilledExitCode, $"expected the child to be killed after commits/{KilledAfterBatch}, got exit {exit}.\n{child.Describe()}");
        HarnessStats.AddKills(1);
        ExactlyOnce.Verify(dir.Database, ChildMode.Aggregate, RowsPerBatch, KilledAfterBatch + 1, "after the kill");
    }

    /// <summary>The delta file of the newest state version (the one a restart reads last), of the first partition having it.</summary>
    private static string NewestDelta(string checkpoint)
    {
        var deltas = Directory.EnumerateFiles(Path.Combine(checkpoint, "state"), "*.delta", SearchOption.AllDirectories)
            .Select(p => (Path: p, Version: long.Parse(Path.GetFileNameWithoutExtension(p))))
            .OrderByDescending(d => d.Version).ThenBy(d => d.Path, StringComparer.Ordinal).ToList();
        Assert.True(deltas.Count > 0, $"no state delta files under {checkpoint}/state");
        Assert.Equal(KilledAfterBatch + 1, deltas[0].Version);
        return deltas[0].Path;
    }

    /// <summary>An edit that keeps the file well-formed but changes what it says, so only the checksum can catch it.</summary>
    private static byte[] Edit(string file, byte[] original)
    {
        if (file == "state")
        {
            var copy = (byte[])original.Clone();
            copy[copy.Length / 2] ^= 0x5A;
            return copy;
        }
        var lines = Encoding.UTF8.GetString(original).Split('\n');
        if (file == "offsets")
        {
            // The source offset of batch 3 is "4" (batches read so far); "5" would silently skip a batch of rows.
            Assert.Equal((KilledAfterBatch + 1).ToString(), lines[2]);
            lines[2] = (KilledAfterBatch + 2).ToString();
        }
        else
        {
            Assert.Contains("\"nextBatchWatermarkMs\":0", lines[1]);
            lines[1] = lines[1].Replace("\"nextBatchWatermarkMs\":0", "\"nextBatchWatermarkMs\":9");
        }
        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }
}
