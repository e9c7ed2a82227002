namespace Spate.State;

/// <summary>
/// The default state store backend (Spark's HDFSBackedStateStoreProvider): per operator and partition, a
/// <see cref="CompactMap"/> in memory; when the query has a checkpoint, each commit writes
/// <c>state/&lt;op&gt;/&lt;part&gt;/&lt;version&gt;.delta</c>, every <see cref="StateStoreOptions.MinDeltasForSnapshot"/> versions a
/// <c>&lt;version&gt;.snapshot</c> is written in the background, and files older than the last
/// <see cref="StateStoreOptions.MinBatchesToRetain"/> versions need are deleted.
/// </summary>
internal sealed class InMemoryStateStoreBackend : IStateStoreBackend
{
    private readonly string? _root;
    private readonly StateStoreOptions _options;
    private readonly Dictionary<(int Op, int Part), LoadedState> _loaded = new();
    private readonly object _lock = new();
    // Snapshots known to be whole (written by this process or verified), so maintenance reads each at most once.
    private readonly HashSet<string> _verifiedSnapshots = new();

    public InMemoryStateStoreBackend(string? stateRoot, StateStoreOptions options)
    {
        _root = stateRoot;
        _options = options;
    }

    /// <summary>One partition's committed state and the pending changes of the task using it.</summary>
    internal sealed class LoadedState
    {
        public required CompactMap Map;
        public long Version;
        public long SnapshotVersion;
        // Not readonly: the first commit into an empty state swaps Map and Pending instead of copying.
        public CompactMap Pending = new();
        public int Generation;
    }

    internal StateStoreOptions Options => _options;

    public IStateStore GetStore(int operatorId, int partition, long version)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        lock (_lock)
        {
            if (!_loaded.TryGetValue((operatorId, partition), out var loaded) || loaded.Version != version)
            {
                loaded = Load(operatorId, partition, version);
                _loaded[(operatorId, partition)] = loaded;
            }
            // Commits lock the partition only, so partitions write their deltas in parallel.
            lock (loaded)
            {
                loaded.Generation++;
                loaded.Pending.Clear();
                return new InMemoryStateStore(this, operatorId, partition, loaded);
            }
        }
    }

    internal string? DirOf(int op, int part) => _root == null ? null : Path.Combine(_root, op.ToString(), part.ToString());

    private LoadedState Load(int op, int part, long version)
    {
        var dir = DirOf(op, part);
        if (dir == null || version == 0 || !Directory.Exists(dir)) return new LoadedState { Map = new CompactMap(), Version = version };
        // A snapshot of this directory may still be on its way to disk (a previous run in this process).
        StateMaintenance.Wait();
        CompactMap? map = null;
        long snapshotVersion = 0;
        var snapshots = StateFiles.Versions(dir, StateFiles.SnapshotSuffix);
        for (int i = snapshots.Count - 1; i >= 0 && map == null; i--)
        {
            if (snapshots[i] > version) continue;
            // A torn or corrupt snapshot is skipped: an older one plus more deltas give the same state.
            map = StateFiles.TryReadSnapshot(StateFiles.SnapshotPath(dir, snapshots[i]), snapshots[i]);
            if (map != null) snapshotVersion = snapshots[i];
        }
        map ??= new CompactMap();
        for (long v = snapshotVersion + 1; v <= version; v++)
        {
            var path = StateFiles.DeltaPath(dir, v);
            if (!File.Exists(path))
                throw new InvalidDataException(
                    $"[CANNOT_LOAD_STATE_STORE] Error loading state store of operator {op}, partition {part} at version {version}: the delta file {path} is missing" +
                    (snapshotVersion > 0 ? $" (loading from the snapshot of version {snapshotVersion})." : " and no usable snapshot precedes it."));
            StateFiles.ApplyDelta(map, path);
        }
        return new LoadedState { Map = map, Version = version, SnapshotVersion = snapshotVersion };
    }

    /// <summary>Called by a store's commit, holding the partition's lock, after its delta is written and applied.</summary>
    internal void AfterCommit(int op, int part, LoadedState loaded)
    {
        var dir = DirOf(op, part);
        if (dir == null || loaded.Version - loaded.SnapshotVersion < _options.MinDeltasForSnapshot) return;
        // Freeze now, write later: the batch does not wait for the file, and nothing is copied (a copy of a map of
        // millions of keys is hundreds of MB of new large arrays, each one a step towards a full GC). The map leaves
        // the chunks the view reads alone until the view is complete.
        var frozen = loaded.Map.Freeze();
        long version = loaded.Version;
        loaded.SnapshotVersion = version;
        StateMaintenance.Enqueue(() =>
        {
            try { StateFiles.WriteSnapshot(dir, version, frozen); }
            finally { frozen.Complete(); }
            lock (_verifiedSnapshots) _verifiedSnapshots.Add(StateFiles.SnapshotPath(dir, version));
            CleanUp(dir, version);
        });
    }

    /// <summary>
    /// Deletes the files no version from <c>latest - minBatchesToRetain + 1</c> on needs: snapshots older than the newest
    /// whole snapshot at or below that version, and the deltas it covers. Without such a snapshot nothing is deleted.
    /// </summary>
    internal void CleanUp(string dir, long latest)
    {
        long oldestToKeep = latest - _options.MinBatchesToRetain + 1;
        if (oldestToKeep <= 1) return;
        var snapshots = StateFiles.Versions(dir, StateFiles.SnapshotSuffix);
        long baseVersion = 0;
        for (int i = snapshots.Count - 1; i >= 0; i--)
        {
            if (snapshots[i] > oldestToKeep) continue;
            var path = StateFiles.SnapshotPath(dir, snapshots[i]);
            bool whole;
            lock (_verifiedSnapshots) whole = _verifiedSnapshots.Contains(path);
            if (!whole)
            {
                try { whole = ChecksummedFileWriter.Verify(File.ReadAllBytes(path)); }
                catch (IOException) { whole = false; }
                if (whole) lock (_verifiedSnapshots) _verifiedSnapshots.Add(path);
            }
            if (whole) { baseVersion = snapshots[i]; break; }
        }
        if (baseVersion == 0) return;
        foreach (long v in snapshots)
            if (v < baseVersion) TryDelete(StateFiles.SnapshotPath(dir, v));
        foreach (long v in StateFiles.Versions(dir, StateFiles.DeltaSuffix))
            if (v <= baseVersion) TryDelete(StateFiles.DeltaPath(dir, v));
    }

    private void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { }
        lock (_verifiedSnapshots) _verifiedSnapshots.Remove(path);
    }

    public void WaitForMaintenance() => StateMaintenance.Wait();

    public void Dispose() => StateMaintenance.Wait();
}
