using System.Runtime.InteropServices;
using Spate.State;

namespace Spate.RocksDb;

/// <summary>
/// State in RocksDB, for state larger than memory (Spark's RocksDBStateStoreProvider). Per operator partition, a working
/// database in <c>state/&lt;op&gt;/&lt;part&gt;/working</c> holds the latest version; each commit writes the task's changes
/// as one write batch (no WAL), then saves a RocksDB checkpoint (flushed, SST files hard-linked) as
/// <c>state/&lt;op&gt;/&lt;part&gt;/&lt;version&gt;.rocksdb</c>. Loading a version other than the working one rebuilds the
/// working database from that checkpoint, so a re-run batch starts from exactly its version. Checkpoints older than
/// <see cref="StateStoreOptions.MinBatchesToRetain"/> versions are deleted in the background.
/// </summary>
internal sealed partial class RocksDbStateStoreBackend : IStateStoreBackend
{
    private const string CheckpointSuffix = ".rocksdb";

    // Open databases by working directory, across backends: RocksDB allows one open per directory and process, and a
    // query restarted in the same process takes over the database its previous run left open.
    private static readonly Dictionary<string, RocksDbInstance> OpenDatabases = new(StringComparer.Ordinal);
    private static readonly object OpenLock = new();

    private readonly string _root;
    private readonly bool _temporaryRoot;
    private readonly StateStoreOptions _options;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public RocksDbStateStoreBackend(string? stateRoot, StateStoreOptions options)
    {
        _temporaryRoot = stateRoot == null;
        _root = Path.GetFullPath(stateRoot ?? Path.Combine(Path.GetTempPath(), "spate-rocksdb-" + Guid.NewGuid().ToString("N")));
        _options = options;
    }

    internal StateStoreOptions Options => _options;

    public IStateStore GetStore(int operatorId, int partition, long version)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        var dir = Path.Combine(_root, operatorId.ToString(), partition.ToString());
        var work = Path.Combine(dir, "working");
        RocksDbInstance instance;
        lock (OpenLock)
        {
            if (!OpenDatabases.TryGetValue(work, out instance!) || instance.Version != version)
            {
                if (instance != null)
                {
                    lock (instance) instance.Dispose();
                    OpenDatabases.Remove(work);
                }
                instance = Restore(dir, work, operatorId, partition, version);
                OpenDatabases[work] = instance;
            }
            lock (_used) _used.Add(work);
        }
        lock (instance)
        {
            instance.Generation++;
            instance.Pending.Clear();
            return new RocksDbStateStore(this, operatorId, partition, dir, instance);
        }
    }

    internal static string CheckpointPath(string dir, long version) => Path.Combine(dir, version + CheckpointSuffix);

    // A fresh working database holding exactly `version`.
    private static RocksDbInstance Restore(string dir, string work, int op, int part, long version)
    {
        // A clean-up may still be deleting old checkpoints of a previous run in this process.
        StateMaintenance.Wait();
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        if (version > 0)
        {
            var checkpoint = CheckpointPath(dir, version);
            if (!Directory.Exists(checkpoint))
                throw new InvalidDataException(
                    $"[CANNOT_LOAD_STATE_STORE] Error loading state store of operator {op}, partition {part} at version {version}: the RocksDB checkpoint {checkpoint} is missing.");
            CopyCheckpoint(checkpoint, work);
        }
        Directory.CreateDirectory(work);
        var instance = RocksDbInstance.Open(work);
        if (instance.Version != version)
        {
            instance.Dispose();
            throw new InvalidDataException(
                $"[CANNOT_LOAD_STATE_STORE] Error loading state store of operator {op}, partition {part} at version {version}: the RocksDB checkpoint holds version {instance.Version}.");
        }
        return instance;
    }

    // SST files never change once written, so they are hard-linked (copied where links are not possible); the
    // manifest and other small files are copied, because the opened database writes to them.
    private static void CopyCheckpoint(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            var target = Path.Combine(to, Path.GetFileName(file));
            if (file.EndsWith(".sst", StringComparison.Ordinal) && !OperatingSystem.IsWindows() && Link(file, target) == 0) continue;
            File.Copy(file, target);
        }
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string existing, string newPath);

    /// <summary>Queues deletion of the checkpoints no retained version needs (each checkpoint stands alone).</summary>
    internal void ScheduleCleanUp(string dir, long latest)
    {
        long oldestToKeep = latest - _options.MinBatchesToRetain + 1;
        if (oldestToKeep <= 1) return;
        StateMaintenance.Enqueue(() =>
        {
            foreach (var path in Directory.EnumerateDirectories(dir, "*" + CheckpointSuffix + "*"))
            {
                var name = Path.GetFileName(path);
                int dot = name.IndexOf('.');
                if (dot <= 0 || !long.TryParse(name.AsSpan(0, dot), System.Globalization.NumberStyles.None, null, out long v)) continue;
                if (v < oldestToKeep) Directory.Delete(path, recursive: true);
            }
        });
    }

    public void WaitForMaintenance() => StateMaintenance.Wait();

    /// <summary>Closes the databases this backend opened; a later query reopens them from their checkpoints.</summary>
    public void Dispose()
    {
        StateMaintenance.Wait();
        string[] used;
        lock (_used) used = _used.ToArray();
        lock (OpenLock)
        {
            foreach (var work in used)
            {
                if (!OpenDatabases.Remove(work, out var instance)) continue;
                lock (instance) instance.Dispose();
            }
        }
        if (_temporaryRoot)
        {
            try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
