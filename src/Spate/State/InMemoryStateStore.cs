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

    public void Put(byte[] key, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        CheckUsable();
        var before = Pending.Set(key, value);
        if (before == EntryState.Deleted || (before == EntryState.Missing && _loaded.Map.GetState(key) != EntryState.Present)) _netNewKeys++;
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
            _loaded.Map.EnsureCapacity((int)Math.Min(int.MaxValue, _loaded.Map.Count + Math.Max(0, _netNewKeys)));
            int cursor = 0;
            while (Pending.Next(ref cursor, out var k, out var v, out bool deleted))
            {
                if (deleted) _loaded.Map.Remove(k); else _loaded.Map.Set(k, v);
            }
            Pending.Clear();
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
            if (_loaded.Generation == _generation) Pending.Clear();
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
