using Spate.RocksDb;
using Spate.State;
using Spate.Tests.State;

namespace Spate.RocksDb.Tests;

/// <summary>The provider contract, run against RocksDB.</summary>
public sealed class RocksDbStateStoreContractTests : StateStoreContractTests
{
    protected override string ProviderClass => StateStoreProviders.RocksDb;
}

/// <summary>RocksDB specifics: checkpoints per version, registration names, clean-up, a re-run after a failed commit.</summary>
public sealed class RocksDbStateStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "spate-rocks-" + Guid.NewGuid().ToString("N"));
    private string PartDir => Path.Combine(_root, "0", "0");

    private StateStoreProvider Provider(string providerClass = StateStoreProviders.RocksDb, int retain = 100) =>
        new(_root, new StateStoreOptions(providerClass, 10, retain));

    private List<long> Checkpoints() =>
        Directory.EnumerateDirectories(PartDir, "*.rocksdb").Select(d => long.Parse(Path.GetFileName(d).Split('.')[0])).Order().ToList();

    [Theory]
    [InlineData(StateStoreProviders.RocksDb)]
    [InlineData("rocksdb")]
    [InlineData("RocksDB")]
    [InlineData(RocksDbModule.SpateName)]
    public void ProviderClass_RocksDbNames_WriteCheckpointPerVersion(string name)
    {
        using (var p = Provider(name))
        {
            StateStoreContractTests.CommitVersion(p, 0, ("a", "1"));
            StateStoreContractTests.CommitVersion(p, 1, ("b", "2"));
        }
        Assert.Equal(new long[] { 1, 2 }, Checkpoints());
        Assert.Empty(Directory.EnumerateFiles(PartDir, "*.delta"));
    }

    [Fact]
    public void Maintenance_DeletesCheckpointsOutsideRetention_RetainedVersionsLoad()
    {
        using (var p = Provider(retain: 3))
        {
            for (long v = 0; v < 8; v++) StateStoreContractTests.CommitVersion(p, v, ($"k{v}", v.ToString()));
            p.WaitForMaintenance();
        }
        Assert.Equal(new long[] { 6, 7, 8 }, Checkpoints());
        using var q = Provider(retain: 3);
        var store = q.GetStore(0, 0, 6);
        Assert.Equal(6, store.Metrics.NumKeys);
        Assert.True(store.TryGet("k5"u8, out var v5));
        Assert.Equal("5", System.Text.Encoding.UTF8.GetString(v5));
        Assert.False(store.TryGet("k6"u8, out _));
        var e = Assert.Throws<InvalidDataException>(() => q.GetStore(0, 0, 5));
        Assert.Contains("[CANNOT_LOAD_STATE_STORE]", e.Message);
    }

    [Fact]
    public void GetStore_SameProcessRestartWithoutDispose_TakesOverOpenDatabase()
    {
        // A query that stopped without closing its provider: RocksDB forbids a second open of the same directory.
        var first = Provider();
        StateStoreContractTests.CommitVersion(first, 0, ("a", "1"));
        using var second = Provider();
        StateStoreContractTests.CommitVersion(second, 1, ("b", "2"));
        var store = second.GetStore(0, 0, 2);
        Assert.Equal(2, store.Metrics.NumKeys);
        Assert.True(store.TryGet("a"u8, out _));
    }

    [Fact]
    public void Metrics_MemoryUsed_ReportsDatabaseMemory()
    {
        using var p = Provider();
        var store = p.GetStore(0, 0, 0);
        for (int i = 0; i < 1000; i++) store.Put(System.Text.Encoding.UTF8.GetBytes("key" + i), new byte[9]);
        Assert.True(store.Metrics.MemoryUsedBytes > 0);
        store.Commit();
        Assert.Equal(1000, store.Metrics.NumKeys);
        Assert.Equal(1000, store.Metrics.NumUpdated);
    }

    public void Dispose()
    {
        try { if (Directory.Exists(_root)) Directory.Delete(_root, true); } catch (IOException) { }
    }
}
