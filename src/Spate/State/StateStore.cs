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
    /// <summary>
    /// Reads a key's value without copying it out; the span is valid until the store next changes. Stores that can
    /// hand out their own bytes override this (the default copies through <see cref="TryGet"/>).
    /// </summary>
    bool TryRead(ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        bool found = TryGet(key, out var copy);
        value = found ? copy : default;
        return found;
    }

    /// <summary>Sets a key's value from bytes the store copies, so callers can pass reused buffers.</summary>
    void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => Put(key.ToArray(), value.ToArray());

    /// <summary>
    /// <see cref="TryRead(ReadOnlySpan{byte}, out ReadOnlySpan{byte})"/> with the key's
    /// <see cref="Spate.Columnar.BytesHashTable.Hash"/> already known (a caller that grouped by the key has it).
    /// </summary>
    bool TryRead(ReadOnlySpan<byte> key, ulong keyHash, out ReadOnlySpan<byte> value) => TryRead(key, out value);

    /// <summary><see cref="Put(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> with the key's
    /// <see cref="Spate.Columnar.BytesHashTable.Hash"/> already known.</summary>
    void Put(ReadOnlySpan<byte> key, ulong keyHash, ReadOnlySpan<byte> value) => Put(key, value);

    /// <summary>A hint that the key with this <see cref="Spate.Columnar.BytesHashTable.Hash"/> is about to be read or
    /// put, so the store can start loading its memory (no effect on results).</summary>
    void Prefetch(ulong keyHash) { }

    /// <summary>A hint that about <paramref name="keys"/> more keys will be put, so the store can size itself once.</summary>
    void Reserve(int keys) { }

    /// <summary>Visits every entry, as <see cref="Entries"/> lists them, without copying each out; the spans are valid
    /// during the call only, and the visitor must not change the store.</summary>
    void ForEach(StateEntryVisitor visitor)
    {
        foreach (var (k, v) in Entries()) visitor(k, v);
    }

    long Commit();
    void Abort();
    StateStoreMetrics Metrics { get; }
}

/// <summary>Receives one state entry; the spans are valid during the call only.</summary>
internal delegate void StateEntryVisitor(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);

/// <summary>What progress reports say about a store.</summary>
internal sealed record StateStoreMetrics(long NumKeys, long NumUpdated, long NumRemoved, long MemoryUsedBytes, long CommitTimeMs);
