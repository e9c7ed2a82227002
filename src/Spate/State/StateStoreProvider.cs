using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;

namespace Spate.State;

/// <summary>
/// The default state store provider: per operator and partition, a map in memory plus delta files under
/// <c>state/&lt;operatorId&gt;/&lt;partitionId&gt;/&lt;version&gt;.delta</c> when the query has a checkpoint.
/// </summary>
internal sealed class StateStoreProvider
{
    private readonly string? _root;
    private readonly Dictionary<(int Op, int Part), Loaded> _loaded = new();
    private readonly object _lock = new();
    private readonly HashSet<int> _checked = new();

    public StateStoreProvider(string? stateRoot) { _root = stateRoot; }

    private sealed class Loaded
    {
        public required Dictionary<byte[], byte[]> Map;
        public long Version;
    }

    /// <summary>The store of operator <paramref name="operatorId"/>, partition <paramref name="partition"/>, at <paramref name="version"/>.</summary>
    public IStateStore GetStore(int operatorId, int partition, long version)
    {
        lock (_lock)
        {
            if (!_loaded.TryGetValue((operatorId, partition), out var loaded) || loaded.Version != version)
            {
                loaded = new Loaded { Map = Load(operatorId, partition, version), Version = version };
                _loaded[(operatorId, partition)] = loaded;
            }
            return new Store(this, operatorId, partition, loaded);
        }
    }

    /// <summary>
    /// Records the key and value layout of an operator's state on first use, and on restart checks that the query's
    /// stateful operator still has it: state written by a different aggregation cannot be read back.
    /// </summary>
    public void CheckSchema(int operatorId, string operatorName, Spate.Sql.Types.StructType keySchema, Spate.Sql.Types.StructType valueSchema)
    {
        if (_root == null) return;
        lock (_checked) if (!_checked.Add(operatorId)) return;
        var dir = Path.Combine(_root, operatorId.ToString(), "_metadata");
        var path = Path.Combine(dir, "schema");
        var text = $"v1\n{operatorName}\n{keySchema.Json}\n{valueSchema.Json}";
        lock (_lock)
        {
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(dir);
                Spate.Checkpoints.MetadataLog.WriteAtomically(path, text);
                return;
            }
            var lines = File.ReadAllText(path).Split('\n');
            if (lines.Length < 4) return;
            var storedKey = (Spate.Sql.Types.StructType)Spate.Sql.Types.DataType.FromJson(lines[2]);
            var storedValue = (Spate.Sql.Types.StructType)Spate.Sql.Types.DataType.FromJson(lines[3]);
            if (!SameLayout(storedKey, keySchema) || !SameLayout(storedValue, valueSchema))
                throw new InvalidOperationException(
                    $"[STATE_STORE_KEY_SCHEMA_NOT_COMPATIBLE] The stateful operator {operatorId} ({operatorName}) of this query does not match the state in the checkpoint {_root}: " +
                    $"the checkpoint has keys ({storedKey.ToDDL()}) and values ({storedValue.ToDDL()}), the query has keys ({keySchema.ToDDL()}) and values ({valueSchema.ToDDL()}). " +
                    "The grouping keys or the aggregates changed: run the changed query on a new checkpoint location.");
        }
    }

    // Names may change (aliases); types and order may not.
    private static bool SameLayout(Spate.Sql.Types.StructType a, Spate.Sql.Types.StructType b) =>
        a.Fields.Count == b.Fields.Count && a.Fields.Zip(b.Fields).All(p => p.First.DataType.Equals(p.Second.DataType));

    private string? DirOf(int op, int part) => _root == null ? null : Path.Combine(_root, op.ToString(), part.ToString());

    private Dictionary<byte[], byte[]> Load(int op, int part, long version)
    {
        var map = new Dictionary<byte[], byte[]>(ByteArrayComparer.Instance);
        var dir = DirOf(op, part);
        if (dir == null || version == 0 || !Directory.Exists(dir)) return map;
        for (long v = 1; v <= version; v++)
        {
            var path = Path.Combine(dir, v + ".delta");
            if (!File.Exists(path))
                throw new InvalidDataException($"[CANNOT_LOAD_STATE_STORE] Error loading state store of operator {op}, partition {part} at version {version}: the delta file {path} is missing.");
            ApplyDelta(map, path);
        }
        return map;
    }

    private static void ApplyDelta(Dictionary<byte[], byte[]> map, string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 12 || !Checksum(bytes.AsSpan(0, bytes.Length - 8)).SequenceEqual(bytes.AsSpan(bytes.Length - 8)))
            throw new InvalidDataException($"[CHECKPOINT_FILE_CORRUPT] The state file {path} is corrupt (truncated or its checksum does not match).");
        int pos = 4; // magic
        int end = bytes.Length - 8;
        while (pos < end)
        {
            int keyLen = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(pos));
            pos += 4;
            var key = bytes.AsSpan(pos, keyLen).ToArray();
            pos += keyLen;
            int valueLen = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(pos));
            pos += 4;
            if (valueLen < 0) { map.Remove(key); continue; }
            map[key] = bytes.AsSpan(pos, valueLen).ToArray();
            pos += valueLen;
        }
    }

    private static byte[] Checksum(ReadOnlySpan<byte> data) => SHA256.HashData(data)[..8];

    private void WriteDelta(int op, int part, long version, Dictionary<byte[], byte[]?> changes)
    {
        var dir = DirOf(op, part);
        if (dir == null) return;
        Directory.CreateDirectory(dir);
        using var ms = new MemoryStream();
        Span<byte> len = stackalloc byte[4];
        ms.Write("SPD1"u8);
        foreach (var (k, v) in changes)
        {
            BinaryPrimitives.WriteInt32LittleEndian(len, k.Length); ms.Write(len); ms.Write(k);
            BinaryPrimitives.WriteInt32LittleEndian(len, v?.Length ?? -1); ms.Write(len);
            if (v != null) ms.Write(v);
        }
        ms.Write(Checksum(ms.GetBuffer().AsSpan(0, (int)ms.Length)));
        var path = Path.Combine(dir, version + ".delta");
        var tmp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        // Like Spark's delta files, not fsynced: the rename is atomic, so a crashed process leaves a whole file or none,
        // and a batch whose commit log entry is missing is re-run and rewrites its deltas.
        using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            fs.Write(ms.GetBuffer(), 0, (int)ms.Length);
        File.Move(tmp, path, overwrite: true);
    }

    private sealed class Store : IStateStore
    {
        private readonly StateStoreProvider _provider;
        private readonly int _op, _part;
        private readonly Loaded _loaded;
        private readonly Dictionary<byte[], byte[]?> _changes = new(ByteArrayComparer.Instance);
        private readonly Dictionary<byte[], byte[]?>.AlternateLookup<ReadOnlySpan<byte>> _changesBySpan;
        private readonly Dictionary<byte[], byte[]>.AlternateLookup<ReadOnlySpan<byte>> _mapBySpan;
        private long _removed;
        private long _commitMs;
        private bool _done;

        public Store(StateStoreProvider provider, int op, int part, Loaded loaded)
        {
            _provider = provider;
            _op = op;
            _part = part;
            _loaded = loaded;
            _changesBySpan = _changes.GetAlternateLookup<ReadOnlySpan<byte>>();
            _mapBySpan = loaded.Map.GetAlternateLookup<ReadOnlySpan<byte>>();
            Version = loaded.Version;
        }

        public long Version { get; private set; }

        public bool TryGet(ReadOnlySpan<byte> key, out byte[] value)
        {
            if (_changesBySpan.TryGetValue(key, out var changed))
            {
                value = changed!;
                return changed != null;
            }
            return _mapBySpan.TryGetValue(key, out value!);
        }

        public void Put(byte[] key, byte[] value) => _changes[key] = value;

        public void Remove(ReadOnlySpan<byte> key)
        {
            if (_mapBySpan.ContainsKey(key) || (_changesBySpan.TryGetValue(key, out var v) && v != null)) _removed++;
            _changesBySpan[key] = null;
        }

        public IEnumerable<KeyValuePair<byte[], byte[]>> Entries()
        {
            foreach (var kv in _loaded.Map)
                if (!_changes.ContainsKey(kv.Key)) yield return kv;
            foreach (var kv in _changes)
                if (kv.Value != null) yield return KeyValuePair.Create(kv.Key, kv.Value);
        }

        public long Commit()
        {
            if (_done) throw new InvalidOperationException("State store already committed or aborted.");
            var sw = Stopwatch.StartNew();
            long newVersion = Version + 1;
            lock (_provider._lock)
            {
                if (_loaded.Version != Version)
                    throw new InvalidOperationException($"[STATE_STORE_CONCURRENT_UPDATE] State of operator {_op}, partition {_part} changed from version {Version} while this task ran.");
                _provider.WriteDelta(_op, _part, newVersion, _changes);
                Spate.Streaming.FaultPoints.Hit("afterStateDelta", newVersion - 1);
                foreach (var (k, v) in _changes)
                {
                    if (v == null) _loaded.Map.Remove(k); else _loaded.Map[k] = v;
                }
                _loaded.Version = newVersion;
            }
            _commitMs = sw.ElapsedMilliseconds;
            _done = true;
            Version = newVersion;
            return newVersion;
        }

        public void Abort()
        {
            _changes.Clear();
            _done = true;
        }

        public StateStoreMetrics Metrics
        {
            get
            {
                long bytes = 0;
                foreach (var kv in _loaded.Map) bytes += kv.Key.Length + kv.Value.Length + 64;
                return new StateStoreMetrics(_loaded.Map.Count + (_done ? 0 : _changes.Count(c => c.Value != null && !_loaded.Map.ContainsKey(c.Key))),
                    _changes.Count(c => c.Value != null), _removed, bytes, _commitMs);
            }
        }
    }
}
