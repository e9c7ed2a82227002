using System.Text;
using Spate.State;

namespace Spate.Tests.State;

/// <summary>
/// The behaviour every state store provider owes the streaming engine (Spark's StateStoreSuiteBase): exact versions,
/// commit and abort, reload from the checkpoint, re-running a batch, metrics. Each provider's test class inherits it.
/// </summary>
public abstract class StateStoreContractTests : IDisposable
{
    protected readonly string Root = Path.Combine(Path.GetTempPath(), "spate-state-" + Guid.NewGuid().ToString("N"));
    private readonly List<StateStoreProvider> _providers = new();

    /// <summary>The provider class name under test (spark.sql.streaming.stateStore.providerClass).</summary>
    protected abstract string ProviderClass { get; }

    internal StateStoreProvider NewProvider(int minDeltasForSnapshot = 10, int minBatchesToRetain = 100, string? root = null)
    {
        var p = new StateStoreProvider(root ?? Root, new StateStoreOptions(ProviderClass, minDeltasForSnapshot, minBatchesToRetain));
        _providers.Add(p);
        return p;
    }

    /// <summary>Releases a provider as a stopped query would, so another one can open the same state.</summary>
    internal static void Close(StateStoreProvider p) => p.Dispose();

    protected static byte[] B(string s) => Encoding.UTF8.GetBytes(s);
    protected static string S(byte[] b) => Encoding.UTF8.GetString(b);

    internal static Dictionary<string, string> Contents(IStateStore store) =>
        store.Entries().ToDictionary(kv => S(kv.Key), kv => S(kv.Value));

    internal static long CommitVersion(StateStoreProvider p, long version, params (string Key, string? Value)[] changes)
    {
        var store = p.GetStore(0, 0, version);
        foreach (var (k, v) in changes)
        {
            if (v == null) store.Remove(B(k)); else store.Put(B(k), B(v));
        }
        return store.Commit();
    }

    [Fact]
    public void GetStore_VersionZero_IsEmpty()
    {
        var store = NewProvider().GetStore(0, 0, 0);
        Assert.Equal(0, store.Version);
        Assert.False(store.TryGet(B("a"), out _));
        Assert.Empty(store.Entries());
        Assert.Equal(0, store.Metrics.NumKeys);
    }

    [Fact]
    public void Commit_NewProvider_LoadsCommittedVersion()
    {
        var p = NewProvider();
        Assert.Equal(1, CommitVersion(p, 0, ("a", "1"), ("b", "2")));
        Assert.Equal(2, CommitVersion(p, 1, ("a", "3"), ("c", "4")));
        Close(p);
        var store = NewProvider().GetStore(0, 0, 2);
        Assert.Equal(2, store.Version);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "3", ["b"] = "2", ["c"] = "4" }, Contents(store));
        Assert.True(store.TryGet(B("c"), out var c));
        Assert.Equal("4", S(c));
    }

    internal static Dictionary<string, string> VisitedContents(IStateStore store)
    {
        var seen = new Dictionary<string, string>();
        store.ForEach((k, v) => seen.Add(Encoding.UTF8.GetString(k), Encoding.UTF8.GetString(v)));
        return seen;
    }

    [Fact]
    public void SpanReadsWritesAndVisits_AgreeWithArrayOnes_OverPendingChanges()
    {
        var p = NewProvider();
        CommitVersion(p, 0, ("a", "1"), ("b", "2"), ("c", "3"));
        var store = p.GetStore(0, 0, 1);
        store.Reserve(2);
        // A reused buffer: the store must copy what it is given.
        var buffer = B("b?");
        store.Put(buffer.AsSpan(0, 1), "20"u8);
        buffer[0] = (byte)'d';
        store.Put(buffer.AsSpan(0, 1), "40"u8);
        store.Remove(B("c"));
        Assert.True(store.TryRead(B("b"), out var b));
        Assert.Equal("20", Encoding.UTF8.GetString(b));
        Assert.True(store.TryRead(B("a"), out var a));
        Assert.Equal("1", Encoding.UTF8.GetString(a));
        Assert.False(store.TryRead(B("c"), out _));
        Assert.False(store.TryRead(B("zz"), out _));
        var expected = new Dictionary<string, string> { ["a"] = "1", ["b"] = "20", ["d"] = "40" };
        Assert.Equal(expected, Contents(store));
        Assert.Equal(expected, VisitedContents(store));
        Assert.Equal(3, store.Metrics.NumKeys);
        Assert.Equal(2, store.Commit());
        Close(p);
        Assert.Equal(expected, VisitedContents(NewProvider().GetStore(0, 0, 2)));
    }

    [Fact]
    public void FirstCommit_IntoEmptyState_LaterBatchesAndReloadsSeeItAll()
    {
        var p = NewProvider(minDeltasForSnapshot: 2);
        var first = p.GetStore(0, 0, 0);
        for (int i = 0; i < 10_000; i++) first.Put(B("k" + i), B("v" + i));
        Assert.Equal(1, first.Commit());
        Assert.Equal(10_000, first.Metrics.NumKeys);
        // The next batch changes some keys, adds one and removes one; the first batch's keys are all still there.
        var second = p.GetStore(0, 0, 1);
        Assert.Equal(10_000, VisitedContents(second).Count);
        second.Put(B("k1"), B("changed"));
        second.Put(B("new"), B("n"));
        second.Remove(B("k2"));
        Assert.Equal(2, second.Commit());
        var expected = Enumerable.Range(0, 10_000).Where(i => i != 2).ToDictionary(i => "k" + i, i => i == 1 ? "changed" : "v" + i);
        expected["new"] = "n";
        Assert.Equal(expected, VisitedContents(p.GetStore(0, 0, 2)));
        Close(p);
        var reloaded = NewProvider().GetStore(0, 0, 2);
        Assert.Equal(expected, Contents(reloaded));
        Assert.Equal(expected.Count, reloaded.Metrics.NumKeys);
    }

    [Fact]
    public void GetStore_OlderVersion_LoadsExactlyThatVersion()
    {
        var p = NewProvider();
        CommitVersion(p, 0, ("a", "1"));
        CommitVersion(p, 1, ("a", "2"), ("b", "1"));
        CommitVersion(p, 2, ("a", null));
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1" }, Contents(p.GetStore(0, 0, 1)));
        Assert.Equal(new Dictionary<string, string> { ["a"] = "2", ["b"] = "1" }, Contents(p.GetStore(0, 0, 2)));
        Assert.Equal(new Dictionary<string, string> { ["b"] = "1" }, Contents(p.GetStore(0, 0, 3)));
    }

    [Fact]
    public void Abort_DiscardsChanges_StoreStaysAtVersion()
    {
        var p = NewProvider();
        CommitVersion(p, 0, ("a", "1"));
        var store = p.GetStore(0, 0, 1);
        store.Put(B("a"), B("changed"));
        store.Put(B("b"), B("new"));
        store.Remove(B("a"));
        store.Abort();
        var again = p.GetStore(0, 0, 1);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1" }, Contents(again));
        Assert.Equal(2, again.Commit());
    }

    [Fact]
    public void Commit_RerunOfBatch_ReplacesVersionFromSameStartingState()
    {
        var p = NewProvider();
        CommitVersion(p, 0, ("a", "1"));
        CommitVersion(p, 1, ("a", "first run"), ("x", "1"));
        // The batch that made version 2 runs again after a failure, from version 1, and does something else.
        CommitVersion(p, 1, ("a", "second run"));
        Assert.Equal(new Dictionary<string, string> { ["a"] = "second run" }, Contents(p.GetStore(0, 0, 2)));
        Close(p);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "second run" }, Contents(NewProvider().GetStore(0, 0, 2)));
    }

    [Fact]
    public void Commit_Twice_Throws()
    {
        var store = NewProvider().GetStore(0, 0, 0);
        store.Put(B("a"), B("1"));
        store.Commit();
        Assert.Throws<InvalidOperationException>(() => store.Commit());
    }

    [Fact]
    public void TryGet_SeesOwnPutsAndRemovesBeforeCommit()
    {
        var p = NewProvider();
        CommitVersion(p, 0, ("a", "1"), ("b", "2"));
        var store = p.GetStore(0, 0, 1);
        store.Put(B("a"), B("10"));
        store.Remove(B("b"));
        store.Put(B("c"), B("3"));
        Assert.True(store.TryGet(B("a"), out var a));
        Assert.Equal("10", S(a));
        Assert.False(store.TryGet(B("b"), out _));
        Assert.Equal(new Dictionary<string, string> { ["a"] = "10", ["c"] = "3" }, Contents(store));
        store.Put(B("b"), B("back"));
        Assert.Equal(new Dictionary<string, string> { ["a"] = "10", ["b"] = "back", ["c"] = "3" }, Contents(store));
    }

    [Fact]
    public void Metrics_CountKeysUpdatesAndRemovals()
    {
        var p = NewProvider();
        CommitVersion(p, 0, ("a", "1"), ("b", "2"), ("c", "3"));
        var store = p.GetStore(0, 0, 1);
        Assert.Equal(3, store.Metrics.NumKeys);
        store.Put(B("a"), B("9"));   // update
        store.Put(B("d"), B("4"));   // new
        store.Remove(B("b"));        // removed
        store.Remove(B("zz"));       // absent: not counted
        store.Put(B("e"), B("5"));
        store.Remove(B("e"));        // new, then removed: counted as a removal of a live key
        var before = store.Metrics;
        Assert.Equal(3, before.NumKeys); // a, c, d
        Assert.Equal(2, before.NumUpdated);
        Assert.Equal(2, before.NumRemoved);
        store.Commit();
        var after = store.Metrics;
        Assert.Equal(3, after.NumKeys);
        Assert.Equal(2, after.NumUpdated);
        Assert.Equal(2, after.NumRemoved);
        Assert.True(after.MemoryUsedBytes > 0);
    }

    [Fact]
    public void GetStore_VersionNeverCommitted_ThrowsCannotLoad()
    {
        var p = NewProvider();
        CommitVersion(p, 0, ("a", "1"));
        var e = Assert.ThrowsAny<Exception>(() => p.GetStore(0, 0, 5));
        Assert.Contains("[CANNOT_LOAD_STATE_STORE]", e.Message);
    }

    [Fact]
    public void Partitions_AreIndependent()
    {
        var p = NewProvider();
        var s0 = p.GetStore(0, 0, 0);
        var s1 = p.GetStore(0, 1, 0);
        var other = p.GetStore(1, 0, 0);
        s0.Put(B("k"), B("p0"));
        s1.Put(B("k"), B("p1"));
        other.Put(B("k"), B("op1"));
        s0.Commit(); s1.Commit(); other.Commit();
        Close(p);
        var q = NewProvider();
        Assert.True(q.GetStore(0, 1, 1).TryGet(B("k"), out var v));
        Assert.Equal("p1", S(v));
        Assert.True(q.GetStore(1, 0, 1).TryGet(B("k"), out var w));
        Assert.Equal("op1", S(w));
    }

    [Fact]
    public void ManyVersions_WithMaintenance_EveryRetainedVersionLoads()
    {
        var p = NewProvider(minDeltasForSnapshot: 3, minBatchesToRetain: 5);
        for (long v = 0; v < 25; v++)
            CommitVersion(p, v, ($"k{v % 7}", $"v{v}"), ($"gone{v}", v % 2 == 0 ? "x" : null), ($"gone{v - 1}", null));
        p.WaitForMaintenance();
        Close(p);
        var q = NewProvider(minDeltasForSnapshot: 3, minBatchesToRetain: 5);
        for (long v = 21; v <= 25; v++)
        {
            var expected = new Dictionary<string, string>();
            for (long u = 0; u < v; u++)
            {
                expected[$"k{u % 7}"] = $"v{u}";
                if (u % 2 == 0) expected[$"gone{u}"] = "x";
                expected.Remove($"gone{u - 1}");
            }
            Assert.Equal(expected, Contents(q.GetStore(0, 0, v)));
        }
    }

    [Fact]
    public void Entries_LargeState_RoundTripsThroughReload()
    {
        var p = NewProvider(minDeltasForSnapshot: 2);
        for (long v = 0; v < 4; v++)
        {
            var store = p.GetStore(0, 0, v);
            for (int i = 0; i < 5000; i++) store.Put(B($"key-{v}-{i}"), B(new string('v', i % 50)));
            store.Commit();
        }
        p.WaitForMaintenance();
        Close(p);
        var loaded = NewProvider().GetStore(0, 0, 4);
        Assert.Equal(20000, loaded.Metrics.NumKeys);
        Assert.Equal(20000, loaded.Entries().Count());
        Assert.True(loaded.TryGet(B("key-3-49"), out var v49));
        Assert.Equal(new string('v', 49), S(v49));
    }

    public void Dispose()
    {
        foreach (var p in _providers) p.Dispose();
        try { if (Directory.Exists(Root)) Directory.Delete(Root, true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }
}
