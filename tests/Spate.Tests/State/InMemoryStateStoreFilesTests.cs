using Spate.State;

namespace Spate.Tests.State;

/// <summary>The default provider's files: snapshots, falling back from bad ones, and what clean-up may delete.</summary>
public sealed class InMemoryStateStoreFilesTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "spate-statefiles-" + Guid.NewGuid().ToString("N"));
    private string PartDir => Path.Combine(_root, "0", "0");

    private StateStoreProvider Provider(int minDeltas, int retain = 100) =>
        new(_root, new StateStoreOptions(null, minDeltas, retain));

    // Version v sets k{v % 5} = v and adds key n{v}; returns the expected contents at `upTo`.
    private static Dictionary<string, string> Expected(long upTo)
    {
        var d = new Dictionary<string, string>();
        for (long u = 0; u < upTo; u++)
        {
            d[$"k{u % 5}"] = u.ToString();
            d[$"n{u}"] = "x";
        }
        return d;
    }

    private static void Run(StateStoreProvider p, long from, long to)
    {
        for (long v = from; v < to; v++)
            StateStoreContractTests.CommitVersion(p, v, ($"k{v % 5}", v.ToString()), ($"n{v}", "x"));
        p.WaitForMaintenance();
    }

    private List<long> Files(string suffix) => StateFiles.Versions(PartDir, suffix);

    [Fact]
    public void Commit_EveryMinDeltas_WritesSnapshot()
    {
        using var p = Provider(minDeltas: 4);
        Run(p, 0, 13);
        Assert.Equal(new long[] { 4, 8, 12 }, Files(".snapshot"));
        Assert.Equal(Enumerable.Range(1, 13).Select(i => (long)i), Files(".delta"));
        Assert.Null(StateMaintenance.TakeLastError());
    }

    [Fact]
    public void GetStore_AfterRestart_LoadsFromSnapshotPlusDeltas()
    {
        using (var p = Provider(minDeltas: 4)) Run(p, 0, 10);
        // Without the deltas the snapshot covers, only the snapshot can give version 8's state.
        for (int v = 1; v <= 8; v++) File.Delete(StateFiles.DeltaPath(PartDir, v));
        using var q = Provider(minDeltas: 4);
        Assert.Equal(Expected(10), StateStoreContractTests.Contents(q.GetStore(0, 0, 10)));
    }

    [Fact]
    public void GetStore_CorruptNewestSnapshot_FallsBackToOlderSnapshot()
    {
        using (var p = Provider(minDeltas: 4)) Run(p, 0, 10);
        var path = StateFiles.SnapshotPath(PartDir, 8);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        for (int v = 1; v <= 4; v++) File.Delete(StateFiles.DeltaPath(PartDir, v));
        using var q = Provider(minDeltas: 4);
        Assert.Equal(Expected(10), StateStoreContractTests.Contents(q.GetStore(0, 0, 10)));
    }

    [Fact]
    public void GetStore_TornSnapshots_FallBackToFullDeltaReplay()
    {
        using (var p = Provider(minDeltas: 4)) Run(p, 0, 10);
        foreach (long v in Files(".snapshot"))
        {
            var path = StateFiles.SnapshotPath(PartDir, v);
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length - 5).ToArray());
        }
        using var q = Provider(minDeltas: 4);
        Assert.Equal(Expected(10), StateStoreContractTests.Contents(q.GetStore(0, 0, 10)));
    }

    [Fact]
    public void GetStore_CorruptDelta_ThrowsCheckpointFileCorrupt()
    {
        using (var p = Provider(minDeltas: 100)) Run(p, 0, 3);
        var path = StateFiles.DeltaPath(PartDir, 2);
        var bytes = File.ReadAllBytes(path);
        bytes[5] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        using var q = Provider(minDeltas: 100);
        var e = Assert.Throws<InvalidDataException>(() => q.GetStore(0, 0, 3));
        Assert.Contains("[CHECKPOINT_FILE_CORRUPT]", e.Message);
    }

    [Fact]
    public void Maintenance_DeletesOnlyFilesNoRetainedVersionNeeds()
    {
        using (var p = Provider(minDeltas: 4, retain: 6)) Run(p, 0, 21);
        // Clean-up runs after the snapshot of 20: versions 15..20 must stay loadable, so snapshot 12 and the deltas
        // after it stay; older snapshots and deltas go.
        Assert.Equal(new long[] { 12, 16, 20 }, Files(".snapshot"));
        Assert.Equal(Enumerable.Range(13, 9).Select(i => (long)i), Files(".delta"));
        using var q = Provider(minDeltas: 4, retain: 6);
        for (long v = 15; v <= 21; v++) Assert.Equal(Expected(v), StateStoreContractTests.Contents(q.GetStore(0, 0, v)));
    }

    [Fact]
    public void Maintenance_BaseSnapshotCorrupt_KeepsOlderFiles()
    {
        using (var p = Provider(minDeltas: 4, retain: 6)) Run(p, 0, 17);
        // Clean-up after 16 used snapshot 8 (16 - 6 + 1 = 11). Break snapshot 8: the next clean-up must not rely on it.
        Assert.Equal(new long[] { 8, 12, 16 }, Files(".snapshot"));
        var path = StateFiles.SnapshotPath(PartDir, 12);
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        using (var p = Provider(minDeltas: 4, retain: 6)) Run(p, 17, 21); // clean-up at 20: version 15 needs snapshot 12, which is corrupt, so 8
        Assert.Contains(8L, Files(".snapshot"));
        Assert.Equal(Enumerable.Range(9, 13).Select(i => (long)i), Files(".delta"));
        using var q = Provider(minDeltas: 4, retain: 6);
        Assert.Equal(Expected(15), StateStoreContractTests.Contents(q.GetStore(0, 0, 15)));
    }

    [Fact]
    public void Commit_RerunOfSnapshotVersion_DropsStaleSnapshot()
    {
        using var p = Provider(minDeltas: 2);
        Run(p, 0, 2);
        Assert.Equal(new long[] { 2 }, Files(".snapshot"));
        // Batch 1 runs again from version 1 (say after a failure) and commits something else as version 2.
        StateStoreContractTests.CommitVersion(p, 1, ("k1", "rerun"));
        p.WaitForMaintenance();
        using var q = Provider(minDeltas: 2);
        var store = q.GetStore(0, 0, 2);
        Assert.True(store.TryGet("k1"u8, out var v));
        Assert.Equal("rerun", System.Text.Encoding.UTF8.GetString(v));
        Assert.False(store.TryGet("n1"u8, out _));
    }

    [Fact]
    public void Provider_WithoutCheckpoint_KeepsStateInMemoryOnly()
    {
        using var p = new StateStoreProvider(null);
        StateStoreContractTests.CommitVersion(p, 0, ("a", "1"));
        Assert.True(p.GetStore(0, 0, 1).TryGet("a"u8, out _));
        Assert.False(Directory.Exists(_root));
    }

    [Fact]
    public void Provider_UnknownClass_ThrowsProviderNotFound()
    {
        using var p = new StateStoreProvider(_root, new StateStoreOptions("com.example.NoSuchProvider"));
        var e = Assert.Throws<InvalidOperationException>(() => p.GetStore(0, 0, 0));
        Assert.Contains("[STATE_STORE_PROVIDER_NOT_FOUND]", e.Message);
        Assert.Contains("com.example.NoSuchProvider", e.Message);
    }

    [Fact]
    public void Options_FromConf_ReadsSparkConfsAndRejectsBadNumbers()
    {
        var conf = new Spate.Sql.RuntimeConfig(Array.Empty<KeyValuePair<string, string>>());
        conf.Set(StateStoreOptions.MinDeltasForSnapshotConf, "3");
        conf.Set(StateStoreOptions.ProviderClassConf, StateStoreProviders.RocksDb);
        var o = StateStoreOptions.FromConf(conf);
        Assert.Equal(3, o.MinDeltasForSnapshot);
        Assert.Equal(100, o.MinBatchesToRetain);
        Assert.Equal(StateStoreProviders.RocksDb, o.ProviderClass);
        conf.Set(StateStoreOptions.MinBatchesToRetainConf, "0");
        var e = Assert.Throws<ArgumentException>(() => StateStoreOptions.FromConf(conf));
        Assert.Contains("[INVALID_CONF_VALUE]", e.Message);
        Assert.Contains(StateStoreOptions.MinBatchesToRetainConf, e.Message);
    }

    public void Dispose()
    {
        try { if (Directory.Exists(_root)) Directory.Delete(_root, true); } catch (IOException) { }
    }
}
