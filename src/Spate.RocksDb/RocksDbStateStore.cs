using System.Diagnostics;
using RocksDbSharp;
using Spate.State;

namespace Spate.RocksDb;

/// <summary>
/// A task's view of one partition's RocksDB state: reads see the database overlaid with this task's pending changes,
/// which <see cref="Commit"/> writes as one batch before saving the new version's checkpoint.
/// </summary>
internal sealed class RocksDbStateStore : IStateStore
{
    private static readonly WriteOptions NoWal = new WriteOptions().DisableWal(1);
    private readonly RocksDbStateStoreBackend _backend;
    private readonly int _op, _part;
    private readonly string _dir;
    private readonly RocksDbInstance _instance;
    private readonly int _generation;
    private long _netNewKeys;
    private long _removed;
    private long _commitMs;
    private long _numKeysAtCommit;
    private long _updatedAtCommit;
    private bool _done;
    private bool _committed;

    public RocksDbStateStore(RocksDbStateStoreBackend backend, int op, int part, string dir, RocksDbInstance instance)
    {
        _backend = backend;
        _op = op;
        _part = part;
        _dir = dir;
        _instance = instance;
        _generation = instance.Generation;
        Version = instance.Version;
    }

    public long Version { get; private set; }

    private CompactMap Pending => _instance.Pending;

    public bool TryGet(ReadOnlySpan<byte> key, out byte[] value)
    {
        CheckUsable();
        switch (Pending.TryGetValue(key, out var pending))
        {
            case EntryState.Present: value = pending.ToArray(); return true;
            case EntryState.Deleted: value = null!; return false;
        }
        value = _instance.Db.Get(key)!;
        return value != null;
    }

    public void Put(byte[] key, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        CheckUsable();
        var before = Pending.Set(key, value);
        if (before == EntryState.Deleted || (before == EntryState.Missing && !_instance.Db.HasKey(key))) _netNewKeys++;
    }

    public void Remove(ReadOnlySpan<byte> key)
    {
        CheckUsable();
        var pending = Pending.GetState(key);
        bool exists = pending == EntryState.Present || (pending == EntryState.Missing && _instance.Db.HasKey(key));
        if (!exists) return;
        _removed++;
        _netNewKeys--;
        Pending.MarkDeleted(key);
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> Entries()
    {
        CheckUsable();
        using (var it = _instance.Db.NewIterator())
        {
            for (it.SeekToFirst(); it.Valid(); it.Next())
            {
                var key = it.Key();
                if (Pending.GetState(key) != EntryState.Missing) continue;
                yield return KeyValuePair.Create(key, it.Value());
            }
        }
        int cursor = 0;
        while (Pending.NextLive(ref cursor, out var k, out var v)) yield return KeyValuePair.Create(k, v);
    }

    public long Commit()
    {
        CheckUsable();
        var sw = Stopwatch.StartNew();
        long newVersion = Version + 1;
        lock (_instance)
        {
            if (_instance.Version != Version || _instance.Generation != _generation)
                throw new InvalidOperationException($"[STATE_STORE_CONCURRENT_UPDATE] State of operator {_op}, partition {_part} changed from version {Version} while this task ran.");
            long numKeys = _instance.NumKeys + _netNewKeys;
            try
            {
                using (var batch = new WriteBatch())
                {
                    int cursor = 0;
                    while (Pending.Next(ref cursor, out var k, out var v, out bool deleted))
                    {
                        if (deleted) batch.Delete(k.ToArray()); else batch.Put(k.ToArray(), v.ToArray());
                    }
                    _instance.AddMeta(batch, newVersion, numKeys);
                    _instance.Db.Write(batch, NoWal);
                }
                // A checkpoint left by an earlier run of this batch (or a torn one) is replaced.
                var checkpoint = RocksDbStateStoreBackend.CheckpointPath(_dir, newVersion);
                if (Directory.Exists(checkpoint)) Directory.Delete(checkpoint, recursive: true);
                if (Directory.Exists(checkpoint + ".tmp")) Directory.Delete(checkpoint + ".tmp", recursive: true);
                using (var c = _instance.Db.Checkpoint()) c.Save(checkpoint);
            }
            catch
            {
                // The database may hold part of this batch: the next task must rebuild it from a checkpoint.
                _instance.Version = -1;
                throw;
            }
            Spate.Streaming.FaultPoints.Hit("afterStateDelta", newVersion - 1);
            _updatedAtCommit = Pending.Count;
            Pending.Clear();
            _instance.Version = newVersion;
            _instance.NumKeys = numKeys;
            _numKeysAtCommit = numKeys;
        }
        _backend.ScheduleCleanUp(_dir, newVersion);
        _commitMs = sw.ElapsedMilliseconds;
        _done = _committed = true;
        Version = newVersion;
        return newVersion;
    }

    public void Abort()
    {
        if (_done) return;
        lock (_instance)
        {
            if (_instance.Generation == _generation) Pending.Clear();
        }
        _done = true;
    }

    public StateStoreMetrics Metrics
    {
        get
        {
            long memory = Pending.AllocatedBytes + _instance.MemoryBytes();
            if (_committed) return new StateStoreMetrics(_numKeysAtCommit, _updatedAtCommit, _removed, memory, _commitMs);
            if (_done) return new StateStoreMetrics(_instance.NumKeys, 0, 0, memory, 0);
            return new StateStoreMetrics(_instance.NumKeys + _netNewKeys, Pending.Count, _removed, memory, 0);
        }
    }

    private void CheckUsable()
    {
        if (_done) throw new InvalidOperationException($"State store of operator {_op}, partition {_part} was already committed or aborted.");
        if (_instance.Generation != _generation)
            throw new InvalidOperationException($"[STATE_STORE_CONCURRENT_UPDATE] State of operator {_op}, partition {_part} was handed to another task while this one ran.");
    }
}
