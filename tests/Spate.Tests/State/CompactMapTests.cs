using System.Diagnostics;
using System.Text;
using Spate.Columnar;
using Spate.State;
using Xunit.Abstractions;

namespace Spate.Tests.State;

public sealed class CompactMapTests
{
    private readonly ITestOutputHelper _output;
    public CompactMapTests(ITestOutputHelper output) { _output = output; }

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Set_ThenGet_ReturnsValueAndPreviousState()
    {
        var m = new CompactMap();
        Assert.Equal(EntryState.Missing, m.Set(B("a"), B("1")));
        Assert.Equal(EntryState.Present, m.Set(B("a"), B("22")));
        Assert.Equal(EntryState.Present, m.TryGetValue(B("a"), out var v));
        Assert.Equal("22", Encoding.UTF8.GetString(v));
        Assert.Equal(EntryState.Missing, m.TryGetValue(B("b"), out _));
        Assert.Equal(1, m.Count);
    }

    [Fact]
    public void MarkDeleted_KeepsKeyAsDeleted_NotCounted()
    {
        var m = new CompactMap();
        m.Set(B("a"), B("1"));
        Assert.Equal(EntryState.Present, m.MarkDeleted(B("a")));
        Assert.Equal(EntryState.Deleted, m.GetState(B("a")));
        Assert.Equal(0, m.Count);
        Assert.Equal(1, m.DeletedCount);
        Assert.Equal(EntryState.Deleted, m.Set(B("a"), B("2")));
        Assert.Equal(1, m.Count);
        Assert.Equal(0, m.DeletedCount);
    }

    [Fact]
    public void EmptyKeyAndValue_AreEntriesLikeAnyOther()
    {
        var m = new CompactMap();
        m.Set(ReadOnlySpan<byte>.Empty, ReadOnlySpan<byte>.Empty);
        Assert.Equal(EntryState.Present, m.TryGetValue(ReadOnlySpan<byte>.Empty, out var v));
        Assert.Equal(0, v.Length);
        Assert.True(m.Remove(ReadOnlySpan<byte>.Empty));
        Assert.Equal(0, m.Count);
    }

    [Fact]
    public void RandomOperations_MatchDictionary_ThroughGrowthTombstonesAndCompaction()
    {
        var rnd = new Random(42);
        var m = new CompactMap();
        var model = new Dictionary<string, string>();
        for (int op = 0; op < 300_000; op++)
        {
            var key = "key" + rnd.Next(20_000);
            int r = rnd.Next(10);
            if (r < 6)
            {
                // Lengths vary so updates both overwrite in place and move entries (garbage, then compaction).
                var value = new string((char)('a' + rnd.Next(26)), rnd.Next(0, r == 0 ? 300 : 20));
                m.Set(B(key), B(value));
                model[key] = value;
            }
            else if (r < 9)
            {
                Assert.Equal(model.Remove(key), m.Remove(B(key)));
            }
            else
            {
                var state = m.TryGetValue(B(key), out var v);
                Assert.Equal(model.TryGetValue(key, out var expected) ? EntryState.Present : EntryState.Missing, state);
                if (expected != null) Assert.Equal(expected, Encoding.UTF8.GetString(v));
            }
        }
        Assert.Equal(model.Count, m.Count);
        var seen = new Dictionary<string, string>();
        int cursor = 0;
        while (m.Next(ref cursor, out var k, out var val, out bool deleted))
        {
            Assert.False(deleted);
            seen.Add(Encoding.UTF8.GetString(k), Encoding.UTF8.GetString(val));
        }
        Assert.Equal(model, seen);
        // Compaction keeps garbage below the live data (plus one chunk).
        Assert.True(m.AllocatedBytes < 3 * m.LiveBytes + (8 << 20), $"{m.AllocatedBytes} allocated for {m.LiveBytes} live");
    }

    private static Dictionary<string, (string? Value, bool Deleted)> Scan(CompactMap m)
    {
        var seen = new Dictionary<string, (string?, bool)>();
        long position = 0;
        while (m.NextEntry(ref position, out var k, out var v, out bool deleted))
            seen.Add(Encoding.UTF8.GetString(k), (deleted ? null : Encoding.UTF8.GetString(v), deleted));
        return seen;
    }

    private static Dictionary<string, (string? Value, bool Deleted)> SlotScan(CompactMap m)
    {
        var seen = new Dictionary<string, (string?, bool)>();
        int cursor = 0;
        while (m.Next(ref cursor, out var k, out var v, out bool deleted))
            seen.Add(Encoding.UTF8.GetString(k), (deleted ? null : Encoding.UTF8.GetString(v), deleted));
        return seen;
    }

    [Fact]
    public void NextEntry_InWriteOrder_SeesEveryEntryOnceAcrossChunks()
    {
        var m = new CompactMap();
        var keys = new List<string>();
        // ~40 bytes per entry over 300k keys: many chunks, whose unused tails the scan must skip.
        for (int i = 0; i < 300_000; i++)
        {
            var k = "user" + i + "-" + new string('x', i % 23);
            m.Set(B(k), B("v" + (i % 1000)));
            keys.Add(k);
        }
        m.MarkDeleted(B("never-set"));
        m.Set(B(keys[5]), B("v9")); // same length: overwritten in place, still no garbage
        var order = new List<string>();
        long position = 0;
        while (m.NextEntry(ref position, out var k, out _, out _)) order.Add(Encoding.UTF8.GetString(k));
        Assert.Equal(keys.Count + 1, order.Count);
        Assert.Equal(keys, order.Take(keys.Count)); // write order, not slot order
        Assert.Equal(SlotScan(m), Scan(m));
        Assert.Equal(("v9", false), Scan(m)[keys[5]]);
        Assert.Equal((null, true), Scan(m)["never-set"]);
    }

    [Fact]
    public void NextEntry_AfterRemovesAndMovedValues_StillSeesExactlyTheEntries()
    {
        var rnd = new Random(7);
        var m = new CompactMap();
        for (int op = 0; op < 100_000; op++)
        {
            var key = "k" + rnd.Next(5_000);
            int r = rnd.Next(10);
            if (r < 6) m.Set(B(key), B(new string('a', rnd.Next(0, 30))));
            else if (r < 8) m.Remove(B(key));
            else m.MarkDeleted(B(key));
            if (op % 10_000 == 0) Assert.Equal(SlotScan(m), Scan(m));
        }
        Assert.Equal(SlotScan(m), Scan(m));
        m.Clear();
        Assert.Empty(Scan(m));
        m.Set(B("after-clear"), B("1"));
        Assert.Equal(new Dictionary<string, (string?, bool)> { ["after-clear"] = ("1", false) }, Scan(m));
        var view = m.Freeze();
        m.Set(B("only-in-original"), B("2"));
        Assert.Equal(new Dictionary<string, string> { ["after-clear"] = "1" }, ViewScan(view));
    }

    [Fact]
    public void LargeValue_BiggerThanChunk_RoundTrips()
    {
        var m = new CompactMap();
        var big = new byte[5 << 20];
        big[^1] = 7;
        m.Set(B("small"), B("x"));
        m.Set(B("big"), big);
        m.Set(B("after"), B("y"));
        Assert.Equal(EntryState.Present, m.TryGetValue(B("big"), out var v));
        Assert.Equal(big.Length, v.Length);
        Assert.Equal(7, v[^1]);
        Assert.Equal(EntryState.Present, m.TryGetValue(B("after"), out var y));
        Assert.Equal("y", Encoding.UTF8.GetString(y));
    }

    private static Dictionary<string, string> ViewScan(CompactMap.FrozenView view)
    {
        var seen = new Dictionary<string, string>();
        long position = 0;
        while (view.Next(ref position, out var k, out var v)) seen.Add(Encoding.UTF8.GetString(k), Encoding.UTF8.GetString(v));
        Assert.Equal(view.Count, seen.Count);
        return seen;
    }

    private static Dictionary<string, string> Present(CompactMap m) =>
        Scan(m).Where(e => !e.Value.Deleted).ToDictionary(e => e.Key, e => e.Value.Value!);

    [Fact]
    public void Freeze_ViewKeepsTheEntriesOfThatMoment_WhileTheMapMovesOn()
    {
        var m = new CompactMap();
        for (int i = 0; i < 50_000; i++) m.Set(B("k" + i), B("v" + (i % 10)));
        m.Remove(B("k7")); // garbage before the freeze: the view must skip it
        m.Set(B("k8"), B("longer-value")); // moved before the freeze
        var expected = Present(m);
        var view = m.Freeze();
        // Same-length update (normally in place), longer update, removal, new key, and enough churn to want compaction.
        m.Set(B("k1"), B("x1"));
        m.Set(B("k2"), B("a much longer value"));
        m.Remove(B("k3"));
        m.Set(B("new"), B("n"));
        for (int round = 0; round < 5; round++)
            for (int i = 10; i < 50_000; i++) m.Set(B("k" + i), B("value-of-round-" + round + new string('y', round)));
        Assert.False(m.ReleaseFrozen()); // not complete yet: the chunks stay untouched
        Assert.Equal(expected, ViewScan(view));
        var now = Present(m);
        Assert.Equal("x1", now["k1"]);
        Assert.False(now.ContainsKey("k3"));
        view.Complete();
        Assert.True(m.ReleaseFrozen());
        Assert.Equal(now, Present(m)); // after release (dead marks applied, compaction allowed)
        m.Set(B("k1"), B("z1")); // in place again
        var second = m.Freeze();
        Assert.Equal(Present(m), ViewScan(second));
        second.Complete();
    }

    [Fact]
    public void Freeze_RandomOperationsBetweenFreezes_ViewsMatchDictionaryCopies()
    {
        var rnd = new Random(42);
        var m = new CompactMap();
        var reference = new Dictionary<string, string>();
        CompactMap.FrozenView? view = null;
        Dictionary<string, string>? atFreeze = null;
        for (int op = 0; op < 200_000; op++)
        {
            var key = "k" + rnd.Next(8_000);
            if (rnd.Next(10) < 7)
            {
                var value = new string('a', rnd.Next(0, 12));
                m.Set(B(key), B(value));
                reference[key] = value;
            }
            else
            {
                m.Remove(B(key));
                reference.Remove(key);
            }
            if (op % 9_000 == 0)
            {
                if (view != null)
                {
                    Assert.Equal(atFreeze, ViewScan(view));
                    view.Complete();
                    if (rnd.Next(2) == 0) Assert.True(m.ReleaseFrozen());
                }
                view = m.Freeze(); // waits for (and releases) a view still out
                atFreeze = new Dictionary<string, string>(reference);
            }
        }
        Assert.Equal(atFreeze, ViewScan(view!));
        Assert.Equal(reference, Present(m));
        view!.Complete();
        Assert.True(m.ReleaseFrozen());
        Assert.Equal(reference, Present(m));
    }

    [Fact]
    public async Task Freeze_SnapshotWrittenOnAnotherThread_WhileCommitsContinue_ReadsBackTheFrozenVersion()
    {
        var dir = Path.Combine(Path.GetTempPath(), "spate-freeze-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var m = new CompactMap();
            for (int i = 0; i < 200_000; i++) m.Set(B("user" + i), B("c" + i));
            var expected = Present(m);
            var view = m.Freeze();
            var writer = Task.Run(() =>
            {
                try { StateFiles.WriteSnapshot(dir, 10, view); }
                finally { view.Complete(); }
            });
            for (int i = 0; i < 200_000; i += 3) m.Set(B("user" + i), B("d" + i));
            for (int i = 1; i < 200_000; i += 7) m.Remove(B("user" + i));
            await writer;
            m.ReleaseFrozen();
            var read = StateFiles.TryReadSnapshot(StateFiles.SnapshotPath(dir, 10), 10);
            Assert.NotNull(read);
            Assert.Equal(expected, Present(read!));
            Assert.Equal("d3", Present(m)["user3"]);
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>
    /// The count aggregate's state at a million keys: a string key encoded by RowEncoder (1 + 4 + ~10 bytes) and a
    /// 9-byte count buffer, measured by the map's own accounting (chunks plus index).
    /// </summary>
    [Fact]
    public void CountAggregateState_MillionKeys_CostsUnder48BytesPerKey()
    {
        const int n = 1_000_000;
        var root = Path.Combine(Path.GetTempPath(), "spate-statemem-" + Guid.NewGuid().ToString("N"));
        try
        {
            var stage = Stopwatch.StartNew();
            var provider = new StateStoreProvider(root, new StateStoreOptions(null, MinDeltasForSnapshot: 1));
            var store = provider.GetStore(0, 0, 0);
            var keys = (StringVector)ColumnVector.Create(Spate.Sql.Types.StringType.Instance);
            for (int i = 0; i < n; i++) keys.Append($"user{i:D6}");
            var counts = (PrimitiveVector<long>)ColumnVector.Create(Spate.Sql.Types.LongType.Instance);
            for (int i = 0; i < n; i++) counts.Append(i);
            var keyCols = new ColumnVector[] { keys };
            var valueCols = new ColumnVector[] { counts };
            var encoder = new RowEncoder();
            _output.WriteLine($"vectors: {stage.ElapsedMilliseconds} ms"); stage.Restart();
            for (int i = 0; i < n; i++)
            {
                var k = encoder.Encode(keyCols, i).ToArray();
                store.Put(k, encoder.Encode(valueCols, i).ToArray());
            }
            _output.WriteLine($"puts: {stage.ElapsedMilliseconds} ms"); stage.Restart();
            store.Commit();
            _output.WriteLine($"commit: {stage.ElapsedMilliseconds} ms"); stage.Restart();
            var metrics = store.Metrics;
            Assert.Equal(n, metrics.NumKeys);
            double perKey = (double)metrics.MemoryUsedBytes / n;
            _output.WriteLine($"state bytes per key at 1M keys: {perKey:F1}");
            Assert.True(perKey < 48, $"{perKey:F1} bytes per key");
            provider.WaitForMaintenance();
            provider.Dispose();
            _output.WriteLine($"snapshot: {stage.ElapsedMilliseconds} ms"); stage.Restart();

            // Recovery: load version 1 (the snapshot) in a new provider.
            var sw = Stopwatch.StartNew();
            using var reloaded = new StateStoreProvider(root);
            var loaded = reloaded.GetStore(0, 0, 1);
            sw.Stop();
            _output.WriteLine($"load of 1M keys from a snapshot: {sw.ElapsedMilliseconds} ms");
            Assert.Equal(n, loaded.Metrics.NumKeys);
            Assert.True(loaded.TryGet(encoder.Encode(keyCols, 123_456), out var value));
            Assert.Equal(encoder.Encode(valueCols, 123_456).ToArray(), value);

            // Without the snapshot: replay of the delta.
            File.Delete(StateFiles.SnapshotPath(Path.Combine(root, "0", "0"), 1));
            sw.Restart();
            using var replayed = new StateStoreProvider(root);
            Assert.Equal(n, replayed.GetStore(0, 0, 1).Metrics.NumKeys);
            _output.WriteLine($"load of 1M keys from a delta: {sw.ElapsedMilliseconds} ms");
        }
        finally
        {
            try { Directory.Delete(root, true); } catch (IOException) { }
        }
    }
}
