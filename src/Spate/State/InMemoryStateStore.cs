using System.Diagnostics;

namespace Spate.State;

/// <summary>
/// A task's view of one partition of the default backend: reads see the committed map overlaid with this task's
/// pending changes; <see cref="Commit"/> writes them as a delta file, then applies them. Metrics are kept as the task
/// goes, so reading them costs O(1) whatever the size of the state.
/// </summary>
internal sealed class InMemoryStateStore : IStateStore
{
    private readonly InMemoryStateStoreBackend _backend;
    private readonly int _op, _part;
    private readonly InMemoryStateStoreBackend.LoadedState _loaded;
    private readonly int _generation;
    private long _netNewKeys;
    private long _removed;
    private long _commitMs;
    private long _numKeysAtCommit;
    private long _updatedAtCommit;
    private bool _done;
    private bool _committed;

    public InMemoryStateStore(InMemoryStateStoreBackend backend, int op, int part, InMemoryStateStoreBackend.LoadedState loaded)
    {
        _backend = backend;
        _op = op;
        _part = part;
        _loaded = loaded;
        _generation = loaded.Generation;
        Version = loaded.Version;
    }

    public long Version { get; private set; }

    private CompactMap Pending => _loaded.Pending;

    public bool TryGet(ReadOnlySpan<byte> key, out byte[] value)
    {
        CheckUsable();
        switch (Pending.TryGetValue(key, out var pending))
        {
            case EntryState.Present: value = pending.ToArray(); return true;
            case EntryState.Deleted: value = null!; return false;
        }
        if (_loaded.Map.TryGetValue(key, out var committed) == EntryState.Present) { value = committed.ToArray(); return true; }
        value = null!;
        return false;
    }

    public bool TryRead(ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value) => TryRead(key, Columnar.BytesHashTable.Hash(key), out value);

    public bool TryRead(ReadOnlySpan<byte> key, ulong keyHash, out ReadOnlySpan<byte> value)
    {
        CheckUsable();
        if (Pending.Count + Pending.DeletedCount > 0)
        {
            switch (Pending.TryGetValue(key, keyHash, out value))
            {
                case EntryState.Present: return true;
                case EntryState.Deleted: value = default; return false;
            }
        }
        if (_loaded.Map.Count > 0 && _loaded.Map.TryGetValue(key, keyHash, out value) == EntryState.Present) return true;
        value = default;
        return false;
    }

    public void Prefetch(ulong keyHash)
    {
        if (_loaded.Map.Count > 0) _loaded.Map.Prefetch(keyHash);
        Pending.Prefetch(keyHash);
    }

    public void Put(byte[] key, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        Put((ReadOnlySpan<byte>)key, value);
    }

    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => Put(key, Columnar.BytesHashTable.Hash(key), value);

    public void Put(ReadOnlySpan<byte> key, ulong keyHash, ReadOnlySpan<byte> value)
    {
        CheckUsable();
        var before = Pending.Set(key, keyHash, value);
        // Counting keys that are new to the committed state needs a look there only when the committed state has keys.
        if (before == EntryState.Deleted || (before == EntryState.Missing
            && (_loaded.Map.Count == 0 || _loaded.Map.TryGetValue(key, keyHash, out _) != EntryState.Present))) _netNewKeys++;
    }

    public void Remove(ReadOnlySpan<byte> key)
    {
        CheckUsable();
        var pending = Pending.GetState(key);
        bool exists = pending == EntryState.Present || (pending == EntryState.Missing && _loaded.Map.GetState(key) == EntryState.Present);
        if (!exists) return;
        _removed++;
        _netNewKeys--;
        Pending.MarkDeleted(key);
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> Entries()
    {
        CheckUsable();
        int cursor = 0;
        while (NextCommitted(ref cursor, out var k, out var v)) yield return KeyValuePair.Create(k, v);
        cursor = 0;
        while (Pending.NextLive(ref cursor, out var k, out var v)) yield return KeyValuePair.Create(k, v);
    }

    public void Reserve(int keys)
    {
        CheckUsable();
        Pending.EnsureCapacity(Pending.Count + Pending.DeletedCount + keys);
    }

    public void ForEach(StateEntryVisitor visitor)
    {
        CheckUsable();
        var map = _loaded.Map;
        var pending = Pending;
        // Committed entries this task has not changed (no lookups when it changed nothing yet), then its own.
        bool overlay = pending.Count + pending.DeletedCount > 0;
        long cursor = 0;
        while (map.NextEntry(ref cursor, out var k, out var v, out bool deleted))
        {
            if (deleted || (overlay && pending.GetState(k) != EntryState.Missing)) continue;
            visitor(k, v);
        }
        cursor = 0;
        while (pending.NextEntry(ref cursor, out var k, out var v, out bool deleted))
            if (!deleted) visitor(k, v);
    }

    // Committed entries this task has not changed.
    private bool NextCommitted(ref int cursor, out byte[] key, out byte[] value)
    {
        while (_loaded.Map.Next(ref cursor, out var k, out var v, out _))
        {
            if (Pending.GetState(k) != EntryState.Missing) continue;
            key = k.ToArray();
            value = v.ToArray();
            return true;
        }
        key = value = null!;
        return false;
    }

    public long Commit()
    {
        CheckUsable();
        var sw = Stopwatch.StartNew();
        long newVersion = Version + 1;
        lock (_loaded)
        {
            if (_loaded.Version != Version || _loaded.Generation != _generation)
                throw new InvalidOperationException($"[STATE_STORE_CONCURRENT_UPDATE] State of operator {_op}, partition {_part} changed from version {Version} while this task ran.");
            // A snapshot written since the last commit gives its chunks back (no waiting if it is still being written).
            _loaded.Map.ReleaseFrozen();
            var dir = _backend.DirOf(_op, _part);
            if (dir != null)
            {
                Directory.CreateDirectory(dir);
                // A snapshot of this version from an earlier run of the batch may not match what this run commits.
                var stale = StateFiles.SnapshotPath(dir, newVersion);
                if (File.Exists(stale)) File.Delete(stale);
                StateFiles.WriteDelta(dir, newVersion, Pending);
            }
            Spate.Streaming.FaultPoints.Hit("afterStateDelta", newVersion - 1);
            _updatedAtCommit = Pending.Count;
            if (_loaded.Map.Count + _loaded.Map.DeletedCount == 0 && Pending.DeletedCount == 0)
            {
                // Nothing committed yet (the first batch, or all keys expired): the changes are the new state as they
                // stand, so the maps swap roles instead of copying every entry.
                var empty = _loaded.Map;
                empty.Clear();
                _loaded.Map = Pending;
                _loaded.Pending = empty;
            }
            else
            {
                _loaded.Map.EnsureCapacity((int)Math.Min(int.MaxValue, _loaded.Map.Count + Math.Max(0, _netNewKeys)));
                long cursor = 0;
                while (Pending.NextEntry(ref cursor, out var k, out var v, out bool deleted))
                {
                    if (deleted) _loaded.Map.Remove(k); else _loaded.Map.Set(k, v);
                }
                Pending.Clear(keepBytes: _loaded.Map.AllocatedBytes / 16);
            }
            _loaded.Version = newVersion;
            _numKeysAtCommit = _loaded.Map.Count;
            _backend.AfterCommit(_op, _part, _loaded);
        }
        _commitMs = sw.ElapsedMilliseconds;
        _done = _committed = true;
        Version = newVersion;
        return newVersion;
    }

    public void Abort()
    {
        if (_done) return;
        lock (_loaded)
        {
            if (_loaded.Generation == _generation) Pending.Clear(keepBytes: _loaded.Map.AllocatedBytes / 16);
        }
        _done = true;
    }

    public StateStoreMetrics Metrics
    {
        get
        {
            long memory = _loaded.Map.AllocatedBytes + Pending.AllocatedBytes;
            if (_committed) return new StateStoreMetrics(_numKeysAtCommit, _updatedAtCommit, _removed, memory, _commitMs);
            if (_done) return new StateStoreMetrics(_loaded.Map.Count, 0, 0, memory, 0); // aborted
            return new StateStoreMetrics(_loaded.Map.Count + _netNewKeys, Pending.Count, _removed, memory, 0);
        }
    }

    private void CheckUsable()
    {
        if (_done) throw new InvalidOperationException($"State store of operator {_op}, partition {_part} was already committed or aborted.");
        if (_loaded.Generation != _generation)
            throw new InvalidOperationException($"[STATE_STORE_CONCURRENT_UPDATE] State of operator {_op}, partition {_part} was handed to another task while this one ran.");
    }
}
