namespace Spate.Cli.Checkpoints;

/// <summary>What a streaming checkpoint directory holds, as <c>spate checkpoint show</c> reports it.</summary>
/// <param name="Path">Full path of the checkpoint directory.</param>
/// <param name="QueryId">The id in <c>metadata</c>, kept by the query across restarts; null when the file is missing.</param>
/// <param name="Batches">Every entry of the offset log, ascending, with its commit state.</param>
/// <param name="LatestOffsets">The newest offset log entry (the offsets of every source), or null before the first batch.</param>
/// <param name="Sources">One entry per source index (from the offsets and from <c>sources/i</c>).</param>
/// <param name="State">The stateful operators under <c>state/</c>.</param>
internal sealed record CheckpointInfo(
    string Path,
    string? QueryId,
    IReadOnlyList<BatchInfo> Batches,
    LatestOffsetsInfo? LatestOffsets,
    IReadOnlyList<SourceInfo> Sources,
    IReadOnlyList<StateOperatorInfo> State)
{
    /// <summary>The newest committed batch id, or null when none is.</summary>
    public long? LatestCommittedBatchId => Batches.LastOrDefault(b => b.Committed)?.BatchId;

    /// <summary>
    /// The batch whose offsets are logged but which has no commit: a restarted query runs it again with the same
    /// offsets (Spark's recovery). Null when the newest batch is committed.
    /// </summary>
    public long? UncommittedBatchId => Batches.Count > 0 && !Batches[^1].Committed ? Batches[^1].BatchId : null;
}

/// <summary>One batch of the offset log and, when it has one, of the commit log.</summary>
internal sealed record BatchInfo(long BatchId, long BatchWatermarkMs, long BatchTimestampMs, bool Committed, long? NextBatchWatermarkMs);

/// <summary>The newest offset log entry.</summary>
internal sealed record LatestOffsetsInfo(long BatchId, long BatchWatermarkMs, long BatchTimestampMs, IReadOnlyDictionary<string, string> Conf);

/// <summary>A source of the query: its offset in the newest batch and the files of its private log (<c>sources/i</c>).</summary>
internal sealed record SourceInfo(int Index, string? Offset, IReadOnlyList<FileEntry> Files);

/// <summary>A file with its size in bytes (relative name).</summary>
internal sealed record FileEntry(string Name, long Bytes);

/// <summary>A stateful operator's state: <c>state/&lt;op&gt;/</c>.</summary>
internal sealed record StateOperatorInfo(int OperatorId, string? OperatorName, string? KeySchema, string? ValueSchema, IReadOnlyList<StatePartitionInfo> Partitions)
{
    /// <summary>The newest version of any partition.</summary>
    public long LatestVersion => Partitions.Count == 0 ? 0 : Partitions.Max(p => p.LatestVersion);

    /// <summary>Bytes of every delta and snapshot file.</summary>
    public long Bytes => Partitions.Sum(p => p.Bytes);

    /// <summary>Keys of every partition at the version read.</summary>
    public long Keys => Partitions.Sum(p => p.Keys);
}

/// <summary>One partition of an operator's state: its files, newest version, and keys at <paramref name="KeysVersion"/>.</summary>
internal sealed record StatePartitionInfo(int Partition, long LatestVersion, int Deltas, int Snapshots, long Bytes, long KeysVersion, long Keys);
