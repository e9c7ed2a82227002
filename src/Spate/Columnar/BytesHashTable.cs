using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Spate.Columnar;

/// <summary>
/// An open-addressing hash table from byte keys to dense ids 0..Count-1. Keys live in one growing arena, so a
/// million keys cost a few arrays, not a million objects. Used for group-by, joins and distinct.
/// </summary>
/// <remarks>
/// A slot holds the hash's high 32 bits and the arena offset of its entry; an entry is <c>int32 length, int32 id,
/// key</c>. A probe that finds its key reads the slot and one arena line, one that finds a new key only the slot, and
/// both can be fetched ahead (<see cref="Prefetch"/>, <see cref="PrefetchKey"/>) when a batch's hashes are known.
/// </remarks>
internal sealed class BytesHashTable
{
    private const long TagMask = unchecked((long)0xFFFFFFFF00000000UL);
    private byte[] _arena = new byte[4096];
    private int _arenaLength;
    private const int EntryHeader = 8;
    private int[] _keyStart = new int[64]; // arena offset of each id's entry
    private ulong[] _hashes = new ulong[64];
    // Each slot: the hash's high 32 bits, then entry offset + 1 (0 = empty). The tag settles most probes without
    // touching the arena.
    private long[] _slots = new long[128];
    private int _mask = 127;
    private int _shift = 64 - 7;
    private const ulong SlotMultiplier = 0x9E3779B97F4A7C15UL;

    // The first slot of a hash: the top bits of hash times an odd constant, so every bit of the hash counts. Taking
    // the hash's low bits directly clusters badly when they are not random: an exchange sends each partition only
    // keys whose hash bits 16 and up select it, which for 2^k partitions fixes k of the bits a table of over 64k slots
    // indexes by (probe chains then run through half-full-then-empty blocks at twice the intended load).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SlotOf(ulong hash, int shift) => (int)((hash * SlotMultiplier) >> shift);

    public int Count { get; private set; }

    /// <summary>Bytes held by the table's arrays.</summary>
    public long MemoryBytes => _arena.Length + (long)_keyStart.Length * 12 + _slots.Length * 8L;

    public ReadOnlySpan<byte> GetKey(int id)
    {
        int entry = _keyStart[id];
        return _arena.AsSpan(entry + EntryHeader, BinaryPrimitives.ReadInt32LittleEndian(_arena.AsSpan(entry)));
    }
    public ulong GetHash(int id) => _hashes[id];

    /// <summary>Makes room for <paramref name="keys"/> keys of <paramref name="keyBytes"/> bytes in all without regrowing.</summary>
    public void EnsureCapacity(int keys, long keyBytes)
    {
        if (keys > _keyStart.Length)
        {
            Array.Resize(ref _keyStart, keys);
            Array.Resize(ref _hashes, keys);
        }
        long arenaBytes = keyBytes + (long)keys * EntryHeader;
        if (arenaBytes > _arena.Length) Array.Resize(ref _arena, (int)Math.Min(arenaBytes, Array.MaxLength));
        int size = _slots.Length;
        while (keys * 2L > size) size *= 2;
        if (size != _slots.Length) Rehash(size);
    }

    /// <summary>Starts loading the slot <paramref name="hash"/> probes first into the cache (a hint; no effect on results).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(ulong hash)
    {
        // No pinning: a prefetch of a stale address after the GC moved the array is harmless.
        if (Sse.IsSupported)
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_slots), SlotOf(hash, _shift))));
    }

    /// <summary>
    /// Starts loading the arena entry the first slot of <paramref name="hash"/> points to, when its tag matches: the
    /// second step of fetching ahead, for a slot <see cref="Prefetch"/> already brought in (a hint; no effect on results).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void PrefetchKey(ulong hash)
    {
        if (!Sse.IsSupported) return;
        long entry = _slots[SlotOf(hash, _shift)];
        if (entry == 0 || (entry & TagMask) != ((long)hash & TagMask)) return;
        int offset = (int)(uint)entry - 1;
        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_arena), offset)));
    }

    // Whether the arena entry at offset holds key; its id when it does.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Matches(int offset, ReadOnlySpan<byte> key, out int id)
    {
        ref byte e = ref MemoryMarshal.GetArrayDataReference(_arena);
        int length = Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref e, offset));
        id = Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref e, offset + 4));
        return length == key.Length && _arena.AsSpan(offset + EntryHeader, length).SequenceEqual(key);
    }

    /// <summary>The id of <paramref name="key"/>, adding it when new.</summary>
    public int FindOrAdd(ReadOnlySpan<byte> key, ulong hash, out bool added)
    {
        var slots = _slots;
        int mask = _mask;
        int slot = SlotOf(hash, _shift);
        long tag = (long)hash & TagMask;
        while (true)
        {
            long entry = slots[slot];
            if (entry == 0) break;
            if ((entry & TagMask) == tag && Matches((int)(uint)entry - 1, key, out int id)) { added = false; return id; }
            slot = (slot + 1) & mask;
        }
        added = true;
        int newId = Count++;
        if (newId == _keyStart.Length)
        {
            int n = newId * 2;
            Array.Resize(ref _keyStart, n);
            Array.Resize(ref _hashes, n);
        }
        if ((long)_arenaLength + EntryHeader + key.Length > _arena.Length) GrowArena(EntryHeader + key.Length);
        int offset = _arenaLength;
        BinaryPrimitives.WriteInt32LittleEndian(_arena.AsSpan(offset), key.Length);
        BinaryPrimitives.WriteInt32LittleEndian(_arena.AsSpan(offset + 4), newId);
        key.CopyTo(_arena.AsSpan(offset + EntryHeader));
        _keyStart[newId] = offset;
        _hashes[newId] = hash;
        _arenaLength += EntryHeader + key.Length;
        slots[slot] = tag | (uint)(offset + 1);
        if (Count * 2 > slots.Length) Rehash(slots.Length * 2);
        return newId;
    }

    /// <summary>The id of <paramref name="key"/>, or -1.</summary>
    public int Find(ReadOnlySpan<byte> key, ulong hash)
    {
        var slots = _slots;
        int slot = SlotOf(hash, _shift);
        long tag = (long)hash & TagMask;
        while (true)
        {
            long entry = slots[slot];
            if (entry == 0) return -1;
            if ((entry & TagMask) == tag && Matches((int)(uint)entry - 1, key, out int id)) return id;
            slot = (slot + 1) & _mask;
        }
    }

    private void GrowArena(int extra)
    {
        long size = Math.Max(_arena.Length * 2L, (long)_arenaLength + extra);
        var grown = GC.AllocateUninitializedArray<byte>((int)Math.Min(size, Array.MaxLength));
        _arena.AsSpan(0, _arenaLength).CopyTo(grown);
        _arena = grown;
    }

    private void Rehash(int size)
    {
        var slots = new long[size];
        int mask = size - 1;
        int shift = 64 - BitOperations.Log2((uint)size);
        for (int id = 0; id < Count; id++)
        {
            ulong h = _hashes[id];
            int slot = SlotOf(h, shift);
            while (slots[slot] != 0) slot = (slot + 1) & mask;
            slots[slot] = ((long)h & TagMask) | (uint)(_keyStart[id] + 1);
        }
        _slots = slots;
        _mask = mask;
        _shift = shift;
    }

    /// <summary>A fast, stable 64-bit hash of bytes (the same in every process, so partitions are stable).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash(ReadOnlySpan<byte> data)
    {
        const ulong m = 0x9E3779B97F4A7C15UL;
        ulong h = 0xCBF29CE484222325UL ^ ((ulong)data.Length * m);
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            ulong k = BinaryPrimitives.ReadUInt64LittleEndian(data[i..]);
            h = BitOperations.RotateLeft((h ^ (k * m)) * 0xBF58476D1CE4E5B9UL, 29);
        }
        if (i < data.Length)
        {
            ulong k = 0;
            for (int s = 0; i < data.Length; i++, s += 8) k |= (ulong)data[i] << s;
            h = BitOperations.RotateLeft((h ^ (k * m)) * 0xBF58476D1CE4E5B9UL, 29);
        }
        h ^= h >> 31;
        h *= 0x94D049BB133111EBUL;
        h ^= h >> 29;
        return h;
    }
}
