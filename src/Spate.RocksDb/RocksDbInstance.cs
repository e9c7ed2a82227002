using System.Buffers.Binary;
using RocksDbSharp;

namespace Spate.RocksDb;

/// <summary>
/// An open working database of one operator partition, and the version it holds. The state lives in the default
/// column family; <c>spate_meta</c> holds the version and key count, written in the same batch as the state so a
/// checkpoint's numbers always match its data.
/// </summary>
internal sealed class RocksDbInstance : IDisposable
{
    private static readonly byte[] VersionKey = "version"u8.ToArray();
    private static readonly byte[] NumKeysKey = "numKeys"u8.ToArray();
    private const string MetaFamily = "spate_meta";

    private RocksDbInstance(RocksDbSharp.RocksDb db, string workDir)
    {
        Db = db;
        WorkDir = workDir;
        Meta = db.GetColumnFamily(MetaFamily);
        Version = ReadLong(VersionKey);
        NumKeys = ReadLong(NumKeysKey);
    }

    public RocksDbSharp.RocksDb Db { get; }
    public ColumnFamilyHandle Meta { get; }
    public string WorkDir { get; }
    /// <summary>The version the database holds; -1 once a failed commit left it in between versions.</summary>
    public long Version { get; set; }
    public long NumKeys { get; set; }
    /// <summary>Bumped whenever a store is handed out, so a stale store cannot commit.</summary>
    public int Generation { get; set; }
    /// <summary>The pending changes of the task holding the store.</summary>
    public Spate.State.CompactMap Pending { get; } = new();

    /// <summary>Opens (creating if missing) the database in <paramref name="workDir"/>.</summary>
    public static RocksDbInstance Open(string workDir)
    {
        var options = new DbOptions()
            .SetCreateIfMissing(true)
            .SetCreateMissingColumnFamilies(true)
            // Each partition has its own database: keep its memtable modest (Spark's default is 64 MB).
            .SetWriteBufferSize(16UL << 20);
        var families = new ColumnFamilies { { MetaFamily, new ColumnFamilyOptions() } };
        return new RocksDbInstance(RocksDbSharp.RocksDb.Open(options, workDir, families), workDir);
    }

    /// <summary>Adds the version and key count to a commit's batch.</summary>
    public void AddMeta(WriteBatch batch, long version, long numKeys)
    {
        var buffer = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(buffer, version);
        batch.Put(VersionKey, buffer, Meta);
        var count = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(count, numKeys);
        batch.Put(NumKeysKey, count, Meta);
    }

    private long ReadLong(byte[] key)
    {
        var value = Db.Get(key, Meta);
        return value is { Length: 8 } ? BinaryPrimitives.ReadInt64LittleEndian(value) : 0;
    }

    /// <summary>Memtables and table readers: what the database holds in memory beyond the block cache.</summary>
    public long MemoryBytes()
    {
        long total = 0;
        foreach (var property in new[] { "rocksdb.cur-size-all-mem-tables", "rocksdb.estimate-table-readers-mem" })
            if (long.TryParse(Db.GetProperty(property), out long v)) total += v;
        return total;
    }

    public void Dispose() => Db.Dispose();
}
