using System.Numerics;
using System.Runtime.CompilerServices;
using Spate.Columnar;

namespace Spate.State;

/// <summary>What a <see cref="CompactMap"/> knows about a key.</summary>
internal enum EntryState : byte
{
    /// <summary>The key is not in the map.</summary>
    Missing,
    /// <summary>The key has a value.</summary>
    Present,
    /// <summary>The key is recorded as removed (used by a store's pending changes).</summary>
    Deleted,
}

/// <summary>
/// A byte-keyed hash map with no object per entry: entries live back to back in 4 MB byte chunks
/// (<c>varint keyLength*2+dead, varint valueLength+1, key, value</c>; valueLength+1 = 0 marks a removed key; dead = 1
/// marks bytes no slot refers to any more, so the chunks can be read without the index), and an
/// open-addressing index of <c>long</c> slots (24-bit hash tag, 40-bit entry reference) finds them with linear probing.
/// The chunks hold no references, so the GC never scans them, and the byte accounting is exact and O(1).
/// A value rewritten with the same length is overwritten in place; otherwise the old bytes become garbage, reclaimed by
/// compaction when garbage outweighs live data. Not thread-safe, except that a <see cref="Freeze"/>n view may be read by
/// another thread while the map moves on.
/// </summary>
internal sealed class CompactMap
{
    private const int ChunkBits = 22;
    private const int ChunkSize = 1 << ChunkBits;
    private const long RefMask = (1L << 40) - 1;
    private const long Tombstone = -1;
    private const int MinCapacity = 16;

    private readonly List<byte[]> _chunks = new();
    private int _used; // bytes used in the last chunk
    private readonly List<int> _sealedUsed = new(); // bytes used in each chunk before the last
    // Chunks kept by Clear for the next use (a store's pending changes are cleared every batch): reusing them spares
    // the large-object heap a fresh batch-sized allocation each batch, and with it gen2 collections.
    private readonly List<byte[]> _spare = new();
    private long _spareBytes;
    private const long MaxSpareBytes = 16L << 20;
    private const int MaxKeptSlots = 1 << 21;
    private long[] _slots;
    private int _shift; // 64 - log2(capacity): the slot comes from the mixed hash's high bits, which partitioning does not fix
    // Each map scrambles slot order with its own odd multiplier. Iterating one map yields keys in its slot order; without
    // this, inserting them in that order into another, smaller or growing map piles them into one probe run (quadratic).
    private readonly ulong _seed = (ulong)Random.Shared.NextInt64() | 1;
    private int _tombstones;
    private long _liveBytes;
    private long _garbageBytes;
    // While a frozen view is out: chunks [0, _frozenChunks) are never written (updates append instead of overwriting,
    // no compaction), and entries there that become garbage are listed in _deferredDead and marked dead on release.
    private FrozenView? _frozen;
    private int _frozenChunks;
    private long[] _deferredDead = Array.Empty<long>();
    private int _deferredCount;

    public CompactMap(int expectedCount = 0) : this(expectedCount, 0) { }

    private CompactMap(int expectedCount, ulong seed)
    {
        if (seed != 0) _seed = seed;
        int capacity = MinCapacity;
        while (capacity * 3L / 4 < expectedCount) capacity <<= 1;
        _slots = new long[capacity];
        _shift = 64 - BitOperations.Log2((uint)capacity);
    }

    /// <summary>Keys with a value.</summary>
    public int Count { get; private set; }
    /// <summary>Keys recorded as removed.</summary>
    public int DeletedCount { get; private set; }
    /// <summary>Bytes held: chunks plus the index (what the map costs on the heap, give or take the array headers).</summary>
    public long AllocatedBytes => _chunkBytes + _spareBytes + _slots.LongLength * sizeof(long);
    /// <summary>Bytes of live entries (headers, keys and values).</summary>
    public long LiveBytes => _liveBytes;

    private long _chunkBytes;

    // ---- lookup ----------------------------------------------------------------------------------------------

    public EntryState TryGetValue(ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value) => TryGetValue(key, BytesHashTable.Hash(key), out value);

    /// <summary>Like <see cref="TryGetValue(ReadOnlySpan{byte}, out ReadOnlySpan{byte})"/> with the key's
    /// <see cref="BytesHashTable.Hash"/> already known.</summary>
    public EntryState TryGetValue(ReadOnlySpan<byte> key, ulong hash, out ReadOnlySpan<byte> value)
    {
        int slot = Find(key, hash, out _);
        if (slot < 0) { value = default; return EntryState.Missing; }
        ReadEntry(_slots[slot] & RefMask, out _, out value, out bool deleted, out _);
        return deleted ? EntryState.Deleted : EntryState.Present;
    }

    public EntryState GetState(ReadOnlySpan<byte> key) => TryGetValue(key, out _);

    // ---- updates ---------------------------------------------------------------------------------------------

    /// <summary>Sets the key's value; returns what the key was before.</summary>
    public EntryState Set(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => Upsert(key, BytesHashTable.Hash(key), value, deleted: false);

    /// <summary>Sets the key's value, its <see cref="BytesHashTable.Hash"/> already known; returns what the key was before.</summary>
    public EntryState Set(ReadOnlySpan<byte> key, ulong hash, ReadOnlySpan<byte> value) => Upsert(key, hash, value, deleted: false);

    /// <summary>Starts loading the first index slot of a key with this hash into the cache (a hint; no effect on results).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(ulong hash)
    {
        if (System.Runtime.Intrinsics.X86.Sse.IsSupported)
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(
                ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(_slots), (int)((hash * _seed) >> _shift))));
    }

    /// <summary>Records the key as removed (for pending changes); returns what the key was before.</summary>
    public EntryState MarkDeleted(ReadOnlySpan<byte> key) => Upsert(key, BytesHashTable.Hash(key), default, deleted: true);

    /// <summary>Removes the key and its entry; returns whether it was there (present or marked deleted).</summary>
    public bool Remove(ReadOnlySpan<byte> key)
    {
        int slot = Find(key, BytesHashTable.Hash(key), out _);
        if (slot < 0) return false;
        ReadEntry(_slots[slot] & RefMask, out _, out _, out bool deleted, out int size);
        MarkDead(_slots[slot] & RefMask);
        _slots[slot] = Tombstone;
        _tombstones++;
        _liveBytes -= size;
        _garbageBytes += size;
        if (deleted) DeletedCount--; else Count--;
        MaybeCompact();
        return true;
    }

    private EntryState Upsert(ReadOnlySpan<byte> key, ulong hash, ReadOnlySpan<byte> value, bool deleted)
    {
        int slot = Find(key, hash, out int free);
        if (slot >= 0)
        {
            long reference = _slots[slot] & RefMask;
            ReadEntry(reference, out _, out var old, out bool wasDeleted, out int oldSize);
            var before = wasDeleted ? EntryState.Deleted : EntryState.Present;
            if (wasDeleted != deleted)
            {
                if (deleted) { Count--; DeletedCount++; } else { Count++; DeletedCount--; }
            }
            if (!deleted && !wasDeleted && old.Length == value.Length && !IsFrozen(reference))
            {
                // Same length: overwrite in place, no garbage (the common case for aggregation buffers).
                value.CopyTo(WritableAt(reference, oldSize - value.Length, value.Length));
                return before;
            }
            long newRef = Append(key, value, deleted, out int newSize);
            _slots[slot] = (_slots[slot] & ~RefMask) | (newRef + 1);
            MarkDead(reference);
            _liveBytes += newSize - oldSize;
            _garbageBytes += oldSize;
            MaybeCompact();
            return before;
        }
        if (free < 0 || _slots[free] == 0)
        {
            // Taking an empty slot: grow first if that would pass 3/4 full (tombstones count as full).
            if ((Count + DeletedCount + _tombstones + 1) > _slots.Length * 3L / 4)
            {
                Rehash(Count + DeletedCount + 1 > _slots.Length / 2 ? _slots.Length * 2 : _slots.Length);
                free = FindFree(hash);
            }
        }
        else
        {
            _tombstones--;
        }
        long r = Append(key, value, deleted, out int size);
        _slots[free] = Tag(hash) | (r + 1);
        _liveBytes += size;
        if (deleted) DeletedCount++; else Count++;
        return EntryState.Missing;
    }

    /// <summary>Makes room for <paramref name="count"/> entries without further growth.</summary>
    public void EnsureCapacity(int count)
    {
        int capacity = _slots.Length;
        while (capacity * 3L / 4 < count) capacity <<= 1;
        if (capacity != _slots.Length) Rehash(capacity);
    }

    /// <summary>Empties the map, keeping up to <paramref name="keepBytes"/> (at most 16 MB) of its chunks and its
    /// index for reuse.</summary>
    /// <remarks>A store's pending changes are cleared every batch: reused chunks spare the GC a large allocation per
    /// batch. The store passes a share of its committed state's size, so small states don't carry a batch's worth
    /// of buffers around (memory per key stays what the state needs).</remarks>
    public void Clear(long keepBytes = MaxSpareBytes)
    {
        keepBytes = Math.Min(keepBytes, MaxSpareBytes);
        if (_slots.Length > MaxKeptSlots || _slots.LongLength * sizeof(long) > Math.Max(keepBytes, MinCapacity * sizeof(long))) _slots = new long[MinCapacity];
        else Array.Clear(_slots);
        _shift = 64 - BitOperations.Log2((uint)_slots.Length);
        // Keep chunks (up to keepBytes) for reuse. Frozen chunks stay as they are: a view may still be reading them.
        while (_spareBytes > keepBytes && _spare.Count > 0)
        {
            _spareBytes -= _spare[^1].Length;
            _spare.RemoveAt(_spare.Count - 1);
        }
        bool frozen = _frozen != null;
        _frozen = null;
        _frozenChunks = _deferredCount = 0;
        foreach (var c in _chunks)
        {
            if (frozen) break;
            if (_spareBytes + c.Length > keepBytes) continue;
            _spare.Add(c);
            _spareBytes += c.Length;
        }
        _chunks.Clear();
        _chunkBytes = 0;
        _sealedUsed.Clear();
        _used = 0;
        Count = DeletedCount = _tombstones = 0;
        _liveBytes = _garbageBytes = 0;
    }

    /// <summary>
    /// A consistent view of the map as it is now, without copying it, for writing a snapshot on another thread while
    /// this map moves on: until the view is <see cref="FrozenView.Complete"/>d and <see cref="ReleaseFrozen"/> sees it,
    /// the chunks it reads are not written. A view still out from an earlier call is waited for first.
    /// </summary>
    public FrozenView Freeze()
    {
        if (_frozen != null)
        {
            _frozen.WaitForCompletion();
            ReleaseFrozen();
        }
        var chunks = _chunks.ToArray();
        var used = new int[chunks.Length];
        for (int i = 0; i < chunks.Length; i++) used[i] = i < _sealedUsed.Count ? _sealedUsed[i] : _used;
        _frozen = new FrozenView(chunks, used, Count);
        _frozenChunks = chunks.Length;
        return _frozen;
    }

    /// <summary>Once the frozen view (if any) is complete: marks the garbage it kept readable as dead and lets the map
    /// write its chunks in place again. Returns whether no view is out any more.</summary>
    public bool ReleaseFrozen()
    {
        if (_frozen == null) return true;
        if (!_frozen.IsComplete) return false;
        _frozen = null;
        _frozenChunks = 0;
        for (int i = 0; i < _deferredCount; i++) SetDead(_deferredDead[i]);
        _deferredCount = 0;
        MaybeCompact();
        return true;
    }

    /// <summary>
    /// The entries a map had when <see cref="Freeze"/> was called, read from its chunks (which the map leaves alone
    /// while the view is out) in the order they were written. Readable from any one thread.
    /// </summary>
    internal sealed class FrozenView
    {
        private readonly byte[][] _chunks;
        private readonly int[] _used;
        private readonly ManualResetEventSlim _complete = new();

        internal FrozenView(byte[][] chunks, int[] used, int count)
        {
            _chunks = chunks;
            _used = used;
            Count = count;
        }

        /// <summary>Keys with a value.</summary>
        public int Count { get; }

        internal bool IsComplete => _complete.IsSet;

        /// <summary>Says the reader is done: the map may reuse the chunks.</summary>
        public void Complete() => _complete.Set();

        internal void WaitForCompletion() => _complete.Wait();

        /// <summary>Steps to the next present entry from <paramref name="position"/> (start at 0).</summary>
        public bool Next(scoped ref long position, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
        {
            int chunk = (int)(position >> 32);
            int offset = (int)(uint)position;
            while (chunk < _chunks.Length)
            {
                var bytes = _chunks[chunk];
                int used = _used[chunk];
                while (offset < used)
                {
                    int p = offset;
                    int keyCode = ReadVarIntFast(bytes, ref p);
                    int vcode = ReadVarIntFast(bytes, ref p);
                    int keyLen = keyCode >> 1;
                    int valueLen = vcode == 0 ? 0 : vcode - 1;
                    int start = p;
                    offset = p + keyLen + valueLen;
                    if ((keyCode & 1) != 0 || vcode == 0) continue;
                    key = bytes.AsSpan(start, keyLen);
                    value = bytes.AsSpan(start + keyLen, valueLen);
                    position = ((long)chunk << 32) | (uint)offset;
                    return true;
                }
                chunk++;
                offset = 0;
            }
            position = (long)chunk << 32;
            key = value = default;
            return false;
        }
    }

    // ---- iteration -------------------------------------------------------------------------------------------

    /// <summary>Steps to the next present entry from <paramref name="cursor"/>, copied out as arrays (for iterators that
    /// outlive changes to the map).</summary>
    public bool NextLive(ref int cursor, out byte[] key, out byte[] value)
    {
        while (Next(ref cursor, out var k, out var v, out bool deleted))
        {
            if (deleted) continue;
            key = k.ToArray();
            value = v.ToArray();
            return true;
        }
        key = value = null!;
        return false;
    }

    /// <summary>
    /// Steps to the next entry (present or deleted) from <paramref name="cursor"/> (start at 0). The spans stay valid
    /// until the map is next changed.
    /// </summary>
    public bool Next(scoped ref int cursor, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value, out bool deleted)
    {
        var slots = _slots;
        while (cursor < slots.Length)
        {
            long s = slots[cursor++];
            if (s == 0 || s == Tombstone) continue;
            ReadEntry(s & RefMask, out key, out value, out deleted, out _);
            return true;
        }
        key = value = default;
        deleted = false;
        return false;
    }

    /// <summary>
    /// Steps to the next entry (present or deleted) from <paramref name="position"/> (start at 0), like
    /// <see cref="Next"/> but in the order entries were written when no entry was superseded or removed since the last
    /// compaction: then the chunks hold exactly the map's entries and a scan reads memory sequentially instead of
    /// jumping to a random place per key. The spans stay valid until the map is next changed; don't change the map
    /// during a scan.
    /// </summary>
    public bool NextEntry(scoped ref long position, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value, out bool deleted)
    {
        if (_garbageBytes != 0)
        {
            int cursor = (int)position;
            bool found = Next(ref cursor, out key, out value, out deleted);
            position = cursor;
            return found;
        }
        int chunk = (int)(position >> 32);
        int offset = (int)(uint)position;
        while (chunk < _chunks.Count)
        {
            int used = chunk == _chunks.Count - 1 ? _used : _sealedUsed[chunk];
            if (offset < used)
            {
                ReadEntry((((long)chunk << ChunkBits) | (uint)offset) + 1, out key, out value, out deleted, out int size);
                position = ((long)chunk << 32) | (uint)(offset + size);
                return true;
            }
            chunk++;
            offset = 0;
        }
        position = (long)chunk << 32;
        key = value = default;
        deleted = false;
        return false;
    }

    // ---- internals -------------------------------------------------------------------------------------------

    // Whether the entry (a slot's reference) is in a chunk a frozen view reads.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsFrozen(long slotRef) => ((slotRef - 1) >> ChunkBits) < _frozenChunks;

    // The entry's bytes are garbage: flag them so chunk scans skip them (later, if a frozen view still reads them).
    private void MarkDead(long slotRef)
    {
        if (!IsFrozen(slotRef)) { SetDead(slotRef); return; }
        if (_deferredCount == _deferredDead.Length) Array.Resize(ref _deferredDead, Math.Max(4096, _deferredDead.Length * 2));
        _deferredDead[_deferredCount++] = slotRef;
    }

    // The dead flag is bit 0 of the key length varint's first byte.
    private void SetDead(long slotRef)
    {
        long r = slotRef - 1;
        _chunks[(int)(r >> ChunkBits)][(int)(r & (ChunkSize - 1))] |= 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Tag(ulong hash) => (long)((hash & 0xFFFFFF) << 40);

    // The slot holding the key, or -1; free: the first tombstone or empty slot on the probe path.
    private int Find(ReadOnlySpan<byte> key, ulong hash, out int free)
    {
        var slots = _slots;
        int mask = slots.Length - 1;
        int i = (int)((hash * _seed) >> _shift);
        long tag = Tag(hash);
        free = -1;
        while (true)
        {
            long s = slots[i];
            if (s == 0)
            {
                if (free < 0) free = i;
                return -1;
            }
            if (s == Tombstone)
            {
                if (free < 0) free = i;
            }
            else if ((s & ~RefMask) == tag)
            {
                ReadKey(s & RefMask, out var k);
                if (k.SequenceEqual(key)) return i;
            }
            i = (i + 1) & mask;
        }
    }

    private int FindFree(ulong hash)
    {
        int mask = _slots.Length - 1;
        int i = (int)((hash * _seed) >> _shift);
        while (_slots[i] != 0 && _slots[i] != Tombstone) i = (i + 1) & mask;
        return i;
    }

    private void Rehash(int capacity)
    {
        var old = _slots;
        _slots = new long[capacity];
        _shift = 64 - BitOperations.Log2((uint)capacity);
        _tombstones = 0;
        int mask = capacity - 1;
        foreach (long s in old)
        {
            if (s == 0 || s == Tombstone) continue;
            ReadKey(s & RefMask, out var k);
            int i = (int)((BytesHashTable.Hash(k) * _seed) >> _shift);
            while (_slots[i] != 0) i = (i + 1) & mask;
            _slots[i] = s;
        }
    }

    // Rewrites live entries into fresh chunks once garbage is both large and more than the live data.
    private void MaybeCompact()
    {
        if (_garbageBytes < ChunkSize || _garbageBytes < _liveBytes || _frozen != null) return;
        var oldChunks = _chunks.ToArray();
        _chunks.Clear();
        _sealedUsed.Clear();
        _chunkBytes = 0;
        _used = 0;
        _garbageBytes = 0;
        for (int i = 0; i < _slots.Length; i++)
        {
            long s = _slots[i];
            if (s == 0 || s == Tombstone) continue;
            var span = EntrySpan(oldChunks, s & RefMask, out int size);
            long r = Reserve(size);
            span.CopyTo(ChunkSpan(r, size));
            _slots[i] = (s & ~RefMask) | (r + 1);
        }
        if (_tombstones > 0) Rehash(_slots.Length);
    }

    private long Append(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool deleted, out int size)
    {
        int vcode = deleted ? 0 : value.Length + 1;
        size = VarIntSize(key.Length << 1) + VarIntSize(vcode) + key.Length + (deleted ? 0 : value.Length);
        long r = Reserve(size);
        var dest = ChunkSpan(r, size);
        int p = WriteVarInt(dest, key.Length << 1);
        p += WriteVarInt(dest[p..], vcode);
        key.CopyTo(dest[p..]);
        if (!deleted) value.CopyTo(dest[(p + key.Length)..]);
        return r;
    }

    // A reference (chunk << ChunkBits | offset) to size free bytes; an entry never straddles chunks.
    private long Reserve(int size)
    {
        if (_chunks.Count == 0 || _used + size > _chunks[^1].Length || _chunks.Count == _frozenChunks)
        {
            // Chunks double from 4 KB to 4 MB, so small maps stay small; a larger entry gets a chunk of its own.
            int next = (int)Math.Clamp(_chunkBytes, 4096, ChunkSize);
            var chunk = TakeSpare(Math.Max(next, size)) ?? new byte[Math.Max(next, size)];
            if (_chunks.Count > 0) _sealedUsed.Add(_used);
            _chunks.Add(chunk);
            _chunkBytes += chunk.Length;
            _used = 0;
        }
        long r = ((long)(_chunks.Count - 1) << ChunkBits) | (uint)_used;
        _used += size;
        return r;
    }

    // A kept chunk of at least size bytes, or null. Its old bytes need no clearing: entries are found by reference only.
    private byte[]? TakeSpare(int size)
    {
        for (int i = _spare.Count - 1; i >= 0; i--)
        {
            var c = _spare[i];
            if (c.Length < size || c.Length > ChunkSize && c.Length > size) continue;
            _spare.RemoveAt(i);
            _spareBytes -= c.Length;
            return c;
        }
        return null;
    }

    private Span<byte> ChunkSpan(long r, int size) => _chunks[(int)(r >> ChunkBits)].AsSpan((int)(r & (ChunkSize - 1)), size);

    // reference + 1 is what slots hold; these take the slot's low 40 bits.
    private Span<byte> WritableAt(long slotRef, int offsetInEntry, int length)
    {
        long r = slotRef - 1;
        return _chunks[(int)(r >> ChunkBits)].AsSpan((int)(r & (ChunkSize - 1)) + offsetInEntry, length);
    }

    private static ReadOnlySpan<byte> EntrySpan(byte[][] chunks, long slotRef, out int size)
    {
        long r = slotRef - 1;
        var chunk = chunks[(int)(r >> ChunkBits)];
        int off = (int)(r & (ChunkSize - 1));
        int p = off;
        int keyLen = ReadVarIntFast(chunk, ref p) >> 1;
        int vcode = ReadVarIntFast(chunk, ref p);
        size = p - off + keyLen + Math.Max(0, vcode - 1);
        return chunk.AsSpan(off, size);
    }

    private void ReadKey(long slotRef, out ReadOnlySpan<byte> key)
    {
        long r = slotRef - 1;
        var chunk = _chunks[(int)(r >> ChunkBits)];
        int p = (int)(r & (ChunkSize - 1));
        int keyLen = ReadVarIntFast(chunk, ref p) >> 1;
        ReadVarIntFast(chunk, ref p);
        key = chunk.AsSpan(p, keyLen);
    }

    private void ReadEntry(long slotRef, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value, out bool deleted, out int size)
    {
        long r = slotRef - 1;
        var chunk = _chunks[(int)(r >> ChunkBits)];
        int off = (int)(r & (ChunkSize - 1));
        int p = off;
        int keyLen = ReadVarIntFast(chunk, ref p) >> 1;
        int vcode = ReadVarIntFast(chunk, ref p);
        key = chunk.AsSpan(p, keyLen);
        deleted = vcode == 0;
        int valueLen = deleted ? 0 : vcode - 1;
        value = chunk.AsSpan(p + keyLen, valueLen);
        size = p - off + keyLen + valueLen;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ReadVarIntFast(byte[] buf, ref int p)
    {
        int b = buf[p++];
        if (b < 0x80) return b;
        int result = b & 0x7F;
        int shift = 7;
        do
        {
            b = buf[p++];
            result |= (b & 0x7F) << shift;
            shift += 7;
        } while (b >= 0x80);
        return result;
    }

    internal static int VarIntSize(int v) => v < 1 << 7 ? 1 : v < 1 << 14 ? 2 : v < 1 << 21 ? 3 : v < 1 << 28 ? 4 : 5;

    internal static int WriteVarInt(Span<byte> dest, int v)
    {
        uint u = (uint)v;
        int i = 0;
        while (u >= 0x80)
        {
            dest[i++] = (byte)(u | 0x80);
            u >>= 7;
        }
        dest[i++] = (byte)u;
        return i;
    }

    internal static int ReadVarInt(ReadOnlySpan<byte> buf, ref int p)
    {
        int result = 0, shift = 0;
        while (true)
        {
            if (shift > 28) throw new InvalidDataException("Bad length prefix.");
            int b = buf[p++];
            result |= (b & 0x7F) << shift;
            if (b < 0x80) return result;
            shift += 7;
        }
    }
}
