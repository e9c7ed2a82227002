namespace Spate.State;

/// <summary>
/// A versioned key-value store holding one stateful operator's state for one partition (Spark's StateStore).
/// <para>Usage: a task gets the store at version v (the state after batch v-1), reads and updates it, then calls
/// <see cref="Commit"/>, which makes version v+1, or <see cref="Abort"/>.</para>
/// <para>Fault-tolerance model: each commit writes a delta file (<c>v+1.delta</c>) atomically before it becomes
/// visible; loading version v replays the deltas up to v (from the newest snapshot at or below v) and ignores
/// newer files, so re-running a batch after a crash starts from the same state and overwrites its delta.</para>
/// </summary>
internal interface IStateStore
{
    long Version { get; }
    bool TryGet(ReadOnlySpan<byte> key, out byte[] value);
    void Put(byte[] key, byte[] value);
    void Remove(ReadOnlySpan<byte> key);
    /// <summary>Every entry of the state as of now (committed state plus this task's updates).</summary>
    IEnumerable<KeyValuePair<byte[], byte[]>> Entries();
    long Commit();
    void Abort();
    StateStoreMetrics Metrics { get; }
}

/// <summary>What progress reports say about a store.</summary>
internal sealed record StateStoreMetrics(long NumKeys, long NumUpdated, long NumRemoved, long MemoryUsedBytes, long CommitTimeMs);
