using System.Globalization;
using System.Text.Json;
using Spate.Checkpoints;
using Spate.State;
using Spate.Sql.Types;

namespace Spate.Cli.Checkpoints;

/// <summary>
/// Reads a streaming checkpoint without changing it, through the engine's own log and state readers, so a torn
/// or edited file fails the same checksum checks a restarting query would apply.
/// </summary>
internal static class CheckpointReader
{
    /// <summary>Reads <paramref name="directory"/>; every problem is a <see cref="CheckpointReadException"/> with a one-line message.</summary>
    public static CheckpointInfo Read(string directory)
    {
        var path = System.IO.Path.GetFullPath(directory);
        if (File.Exists(path)) throw new CheckpointReadException($"{path} is a file, not a checkpoint directory");
        if (!Directory.Exists(path)) throw new CheckpointReadException($"{path}: no such directory");

        var offsetsDir = System.IO.Path.Combine(path, "offsets");
        var commitsDir = System.IO.Path.Combine(path, "commits");
        var metadataPath = System.IO.Path.Combine(path, "metadata");
        if (!File.Exists(metadataPath) && !Directory.Exists(offsetsDir) && !Directory.Exists(commitsDir))
            throw new CheckpointReadException($"{path} is not a streaming checkpoint: it has no metadata file and no offsets/ or commits/ log");

        try
        {
            var queryId = File.Exists(metadataPath) ? StreamMetadata.ReadOrCreate(path, Guid.Empty).ToString() : null;
            // The logs' constructors create their directory: only open the ones that exist.
            var offsets = Directory.Exists(offsetsDir) ? new OffsetLog(offsetsDir) : null;
            var commits = Directory.Exists(commitsDir) ? new CommitLog(commitsDir) : null;

            var batches = new List<BatchInfo>();
            OffsetSeq? latest = null;
            foreach (var id in offsets?.BatchIds() ?? [])
            {
                var seq = offsets!.GetSeq(id)!;
                var next = commits?.NextWatermark(id);
                batches.Add(new BatchInfo(id, seq.BatchWatermarkMs, seq.BatchTimestampMs, next is not null, next));
                latest = seq;
            }
            // A commit without its offsets (purged or deleted) is still read, so its checksum is checked too.
            foreach (var id in commits?.BatchIds() ?? [])
                if (batches.All(b => b.BatchId != id)) commits!.NextWatermark(id);

            var latestOffsets = latest is null ? null : new LatestOffsetsInfo(batches[^1].BatchId, latest.BatchWatermarkMs, latest.BatchTimestampMs, latest.Conf);
            var committedVersion = batches.LastOrDefault(b => b.Committed) is { } c ? c.BatchId + 1 : 0;
            return new CheckpointInfo(path, queryId, batches, latestOffsets, ReadSources(path, latest), ReadState(path, committedVersion));
        }
        catch (InvalidDataException ex)
        {
            throw new CheckpointReadException(ex.Message, ex);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw new CheckpointReadException($"[CHECKPOINT_FILE_CORRUPT] A log file of the checkpoint {path} holds invalid JSON or a value of the wrong type: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointReadException($"cannot read the checkpoint {path}: {ex.Message}", ex);
        }
    }

    private static List<SourceInfo> ReadSources(string path, OffsetSeq? latest)
    {
        var sourcesDir = System.IO.Path.Combine(path, "sources");
        var indexes = new SortedSet<int>(Enumerable.Range(0, latest?.Offsets.Count ?? 0));
        foreach (var index in NumberedDirectories(sourcesDir)) indexes.Add(index);
        return indexes.Select(i =>
        {
            var dir = System.IO.Path.Combine(sourcesDir, i.ToString(CultureInfo.InvariantCulture));
            var files = Directory.Exists(dir)
                ? Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
                    .Where(f => !System.IO.Path.GetFileName(f).StartsWith('.'))
                    .Select(f => new FileEntry(System.IO.Path.GetRelativePath(dir, f), new FileInfo(f).Length))
                    .OrderBy(f => f.Name, LogNameComparer.Instance).ToList()
                : [];
            var offset = latest is not null && i < latest.Offsets.Count ? latest.Offsets[i] : null;
            return new SourceInfo(i, offset, files);
        }).ToList();
    }

    private static List<StateOperatorInfo> ReadState(string path, long committedVersion)
    {
        var stateDir = System.IO.Path.Combine(path, "state");
        var provider = new StateStoreProvider(stateDir);
        var operators = new List<StateOperatorInfo>();
        foreach (var op in NumberedDirectories(stateDir))
        {
            var opDir = System.IO.Path.Combine(stateDir, op.ToString(CultureInfo.InvariantCulture));
            var (name, keys, values) = ReadSchema(System.IO.Path.Combine(opDir, "_metadata", "schema"));
            var partitions = new List<StatePartitionInfo>();
            foreach (var part in NumberedDirectories(opDir))
            {
                var partDir = System.IO.Path.Combine(opDir, part.ToString(CultureInfo.InvariantCulture));
                long latest = 0, bytes = 0;
                int deltas = 0, snapshots = 0;
                foreach (var file in Directory.EnumerateFiles(partDir))
                {
                    var fileName = System.IO.Path.GetFileName(file);
                    var extension = System.IO.Path.GetExtension(fileName);
                    if (extension is not (".delta" or ".snapshot")
                        || !long.TryParse(System.IO.Path.GetFileNameWithoutExtension(fileName), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                        continue;
                    if (extension == ".delta") deltas++; else snapshots++;
                    latest = Math.Max(latest, version);
                    bytes += new FileInfo(file).Length;
                }
                // Keys as of the last committed batch (a newer version belongs to a batch that will be re-run);
                // loading goes through the engine's store, which checks every file's checksum.
                var keysVersion = Math.Min(latest, committedVersion);
                long keyCount = keysVersion == 0 ? 0 : provider.GetStore(op, part, keysVersion).Entries().LongCount();
                partitions.Add(new StatePartitionInfo(part, latest, deltas, snapshots, bytes, keysVersion, keyCount));
            }
            operators.Add(new StateOperatorInfo(op, name, keys, values, partitions));
        }
        return operators;
    }

    // state/<op>/_metadata/schema: "v1", the operator's name, then the key and value schemas as Spark's type JSON.
    private static (string? Name, string? Keys, string? Values) ReadSchema(string file)
    {
        if (!File.Exists(file)) return (null, null, null);
        var lines = File.ReadAllText(file).Split('\n');
        if (lines.Length < 4 || lines[0] != "v1")
            throw new InvalidDataException($"[CHECKPOINT_FILE_CORRUPT] The state schema file {file} is corrupt: expected v1, the operator name, the key schema and the value schema on four lines.");
        try
        {
            var keys = (StructType)DataType.FromJson(lines[2]);
            var values = (StructType)DataType.FromJson(lines[3]);
            return (lines[1], keys.ToDDL(), values.ToDDL());
        }
        catch (Exception ex) when (ex is JsonException or InvalidCastException or ArgumentException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"[CHECKPOINT_FILE_CORRUPT] The state schema file {file} is corrupt: {ex.Message}", ex);
        }
    }

    private static IEnumerable<int> NumberedDirectories(string dir) =>
        !Directory.Exists(dir)
            ? []
            : Directory.EnumerateDirectories(dir)
                .Select(d => int.TryParse(System.IO.Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1)
                .Where(n => n >= 0).Order();
}
