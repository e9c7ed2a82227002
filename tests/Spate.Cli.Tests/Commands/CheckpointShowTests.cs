using System.Text.Json;
using Spate.Cli.Tests.Infrastructure;

namespace Spate.Cli.Tests.Commands;

/// <summary><c>spate checkpoint show</c> on a checkpoint written by a real query, intact and damaged.</summary>
public sealed class CheckpointShowTests : IClassFixture<FraudCheckpoint>, IDisposable
{
    private readonly FraudCheckpoint _checkpoint;
    private readonly string _scratch = Directory.CreateTempSubdirectory("spate-cli-show-").FullName;

    public CheckpointShowTests(FraudCheckpoint checkpoint) => _checkpoint = checkpoint;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private string Copy() => _checkpoint.CopyTo(Path.Combine(_scratch, "checkpoint"));

    [Fact]
    public async Task Show_CommittedCheckpoint_PrintsIdBatchesOffsetsAndState()
    {
        var (code, output, error) = await ProducerRun.RunAsync("checkpoint", "show", _checkpoint.Path);

        Assert.True(code == 0, error);
        Assert.Equal("", error);
        var id = JsonDocument.Parse(File.ReadAllText(Path.Combine(_checkpoint.Path, "metadata"))).RootElement.GetProperty("id").GetString();
        Assert.StartsWith($"Checkpoint: {_checkpoint.Path}\nQuery id:   {id}\n", output, StringComparison.Ordinal);
        Assert.Contains("Batches: 2 in the offset log (0-1), 2 committed (0-1)\n", output, StringComparison.Ordinal);
        Assert.Matches(@"\n  batch +committed +batchWatermarkMs +batchTimestampMs +time \(UTC\)\n  0 +yes +0 +\d{13} +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\n  1 +yes ", output);
        Assert.Contains("Every batch is committed; the next batch is 2.\n", output, StringComparison.Ordinal);
        Assert.Contains("Latest offsets (batch 1):\n  batchWatermarkMs: 0\n", output, StringComparison.Ordinal);
        Assert.Contains("    spark.sql.shuffle.partitions = 3\n", output, StringComparison.Ordinal);
        Assert.Contains("Sources:\n  source 0: offset {\"logOffset\":1}\n    sources/0: 2 files (0, 1), ", output, StringComparison.Ordinal);
        Assert.Contains("State:\n  operator 0", output, StringComparison.Ordinal);
        Assert.Contains("    key schema:   id STRING\n", output, StringComparison.Ordinal);
        Assert.Contains($"    3 partitions, latest version 2, ", output, StringComparison.Ordinal);
        Assert.Contains($", {_checkpoint.Keys} keys\n", output, StringComparison.Ordinal);
        Assert.Matches(@"\n    partition +latest version +deltas +snapshots +size +keys \(at version\)\n    0 +2 +2 +0 +\d+ B +\d+ \(2\)\n    1 +2 +2 +0 ", output);
    }

    [Fact]
    public async Task ShowJson_CommittedCheckpoint_MatchesTheFiles()
    {
        var (code, output, _) = await ProducerRun.RunAsync("checkpoint", "show", _checkpoint.Path, "--json");

        Assert.Equal(0, code);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(_checkpoint.Path, json.GetProperty("path").GetString());
        Assert.Equal(1, json.GetProperty("latestBatchId").GetInt64());
        Assert.Equal(1, json.GetProperty("latestCommittedBatchId").GetInt64());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("uncommittedBatchId").ValueKind);
        var batches = json.GetProperty("batches").EnumerateArray().ToList();
        Assert.Equal([0L, 1L], batches.Select(b => b.GetProperty("batchId").GetInt64()));
        Assert.All(batches, b => Assert.True(b.GetProperty("committed").GetBoolean()));

        // The latest offsets entry, as the file spells it (line 2 is the metadata JSON, line 3 the source's offset).
        var offsetLines = File.ReadAllText(Path.Combine(_checkpoint.Path, "offsets", "1")).Split('\n');
        var metadata = JsonDocument.Parse(offsetLines[1]).RootElement;
        var latest = json.GetProperty("latestOffsets");
        Assert.Equal(metadata.GetProperty("batchTimestampMs").GetInt64(), latest.GetProperty("batchTimestampMs").GetInt64());
        Assert.Equal("3", latest.GetProperty("conf").GetProperty("spark.sql.shuffle.partitions").GetString());
        var source = json.GetProperty("sources")[0];
        Assert.Equal(1, source.GetProperty("offset").GetProperty("logOffset").GetInt64());
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(
            System.Text.Json.Nodes.JsonNode.Parse(offsetLines[2]), System.Text.Json.Nodes.JsonNode.Parse(source.GetProperty("offset").GetRawText())));

        var op = json.GetProperty("state")[0];
        Assert.Equal(0, op.GetProperty("operatorId").GetInt32());
        Assert.Equal("id STRING", op.GetProperty("keySchema").GetString());
        Assert.Equal(2, op.GetProperty("latestVersion").GetInt64());
        Assert.Equal(_checkpoint.Keys, op.GetProperty("keys").GetInt64());
        var stateFiles = Directory.GetFiles(Path.Combine(_checkpoint.Path, "state", "0"), "*.delta", SearchOption.AllDirectories);
        Assert.Equal(stateFiles.Sum(f => new FileInfo(f).Length), op.GetProperty("bytes").GetInt64());
        Assert.Equal(3, op.GetProperty("partitions").GetArrayLength());
    }

    [Fact]
    public async Task Show_LastBatchNotCommitted_SaysItWillBeRerun()
    {
        var copy = Copy();
        // A crash after the offsets were logged and the state written, before the commit.
        File.Delete(Path.Combine(copy, "commits", "1"));

        var (code, output, _) = await ProducerRun.RunAsync("checkpoint", "show", copy);
        var (_, jsonText, _) = await ProducerRun.RunAsync("checkpoint", "show", copy, "--json");

        Assert.Equal(0, code);
        Assert.Contains("Batches: 2 in the offset log (0-1), 1 committed (0)\n", output, StringComparison.Ordinal);
        Assert.Matches(@"\n  1 +no +0 ", output);
        Assert.Contains("Batch 1 is not committed: the query stopped while running it; on restart it runs again with the same offsets.\n", output, StringComparison.Ordinal);
        // Keys are counted as of the last committed batch (version 1), though version 2 is on disk.
        Assert.Matches(@"\n    0 +2 +2 +0 +\d+ B +\d+ \(1\)\n", output);
        var json = JsonDocument.Parse(jsonText).RootElement;
        Assert.Equal(1, json.GetProperty("uncommittedBatchId").GetInt64());
        Assert.Equal(0, json.GetProperty("latestCommittedBatchId").GetInt64());
    }

    [Fact]
    public async Task Show_EditedOffsetFile_FailsWithChecksumError()
    {
        var copy = Copy();
        var file = Path.Combine(copy, "offsets", "1");
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"logOffset\":1", "\"logOffset\":7", StringComparison.Ordinal));

        var (code, output, error) = await ProducerRun.RunAsync("checkpoint", "show", copy);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal($"spate checkpoint show: [CHECKPOINT_FILE_CORRUPT] The checkpoint file {file} is corrupt: its checksum does not match its content. "
            + "Restore it from a backup, or delete the checkpoint directory to start the query afresh (its progress and state are then lost).\n", error);
    }

    [Fact]
    public async Task Show_TruncatedCommitFile_FailsNamingTheFile()
    {
        var copy = Copy();
        var file = Path.Combine(copy, "commits", "0");
        File.WriteAllText(file, "v1\n");

        var (code, _, error) = await ProducerRun.RunAsync("checkpoint", "show", copy);

        Assert.Equal(1, code);
        Assert.StartsWith($"spate checkpoint show: [CHECKPOINT_FILE_CORRUPT] The checkpoint file {file} is corrupt: the checksum line is missing", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Show_CorruptStateDelta_FailsNamingTheFile()
    {
        var copy = Copy();
        var file = Path.Combine(copy, "state", "0", "1", "2.delta");
        var bytes = File.ReadAllBytes(file);
        bytes[4] ^= 0xFF;
        File.WriteAllBytes(file, bytes);

        var (code, _, error) = await ProducerRun.RunAsync("checkpoint", "show", copy);

        Assert.Equal(1, code);
        Assert.Equal($"spate checkpoint show: [CHECKPOINT_FILE_CORRUPT] The state file {file} is corrupt (truncated or its checksum does not match).\n", error);
    }

    [Fact]
    public async Task Show_MissingDirectory_OneLineError()
    {
        var missing = Path.Combine(_scratch, "nope");

        var (code, output, error) = await ProducerRun.RunAsync("checkpoint", "show", missing);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal($"spate checkpoint show: {missing}: no such directory\n", error);
    }

    [Fact]
    public async Task Show_DirectoryThatIsNotACheckpoint_OneLineError()
    {
        File.WriteAllText(Path.Combine(_scratch, "notes.txt"), "hello");

        var (code, _, error) = await ProducerRun.RunAsync("checkpoint", "show", _scratch);
        var (fileCode, _, fileError) = await ProducerRun.RunAsync("checkpoint", "show", Path.Combine(_scratch, "notes.txt"));

        Assert.Equal(1, code);
        Assert.Equal($"spate checkpoint show: {_scratch} is not a streaming checkpoint: it has no metadata file and no offsets/ or commits/ log\n", error);
        Assert.Equal(1, fileCode);
        Assert.Equal($"spate checkpoint show: {Path.Combine(_scratch, "notes.txt")} is a file, not a checkpoint directory\n", fileError);
        // Reading never creates anything.
        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(_scratch).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Show_CheckpointBeforeFirstBatch_SaysNoBatchesYet()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_scratch, "fresh")).FullName;
        File.WriteAllText(Path.Combine(dir, "metadata"), "{\"id\":\"6f1b2c3d-0000-4000-8000-000000000001\"}");

        var (code, output, _) = await ProducerRun.RunAsync("checkpoint", "show", dir);

        Assert.Equal(0, code);
        Assert.Equal($"Checkpoint: {dir}\nQuery id:   6f1b2c3d-0000-4000-8000-000000000001\n\nBatches: none yet (the offset log is empty).\n\n"
            + "State: none (no stateful operator has written state).\n", output);
    }

    [Fact]
    public async Task Show_CorruptMetadata_FailsWithChecksumClassError()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_scratch, "bad")).FullName;
        File.WriteAllText(Path.Combine(dir, "metadata"), "{\"id\":");

        var (code, _, error) = await ProducerRun.RunAsync("checkpoint", "show", dir);

        Assert.Equal(1, code);
        Assert.Equal($"spate checkpoint show: [CHECKPOINT_FILE_CORRUPT] The checkpoint file {Path.Combine(dir, "metadata")} is corrupt: expected {{\"id\":\"<uuid>\"}}.\n", error);
    }

    [Fact]
    public async Task Show_NoDirectoryArgument_ParseErrorExitsOne()
    {
        var (code, _, error) = await ProducerRun.RunAsync("checkpoint", "show");

        Assert.Equal(1, code);
        Assert.StartsWith("spate checkpoint show: ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }
}
