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
internal sealed class BytesHashTable
{
    private const long TagMask = unchecked((long)0xFFFFFFFF00000000UL);
    private byte[] _arena = new byte[4096];
    private int _arenaLength;
    private int[] _keyStart = new int[64];
    private int[] _keyLength = new int[64];
    private ulong[] _hashes = new ulong[64];
    // Each slot: the hash's high 32 bits, then id + 1 (0 = empty). The tag settles most probes without touching the
    // key arrays, so a miss (a new key) costs one cache line, not three.
    private long[] _slots = new long[128];
    private int _mask = 127;

    public int Count { get; private set; }

    /// <summary>Bytes held by the table's arrays.</summary>
    public long MemoryBytes => _arena.Length + (long)_keyStart.Length * 16 + _slots.Length * 8L;

    public ReadOnlySpan<byte> GetKey(int id) => _arena.AsSpan(_keyStart[id], _keyLength[id]);
    public ulong GetHash(int id) => _hashes[id];

    /// <summary>Makes room for <paramref name="keys"/> keys of <paramref name="keyBytes"/> bytes in all without regrowing.</summary>
    public void EnsureCapacity(int keys, long keyBytes)
    {
        if (keys > _keyStart.Length)
        {
            Array.Resize(ref _keyStart, keys);
            Array.Resize(ref _keyLength, keys);
            Array.Resize(ref _hashes, keys);
        }
        if (keyBytes > _arena.Length) Array.Resize(ref _arena, (int)Math.Min(keyBytes, Array.MaxLength));
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
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_slots), (int)hash & _mask)));
    }

    /// <summary>The id of <paramref name="key"/>, adding it when new.</summary>
    public int FindOrAdd(ReadOnlySpan<byte> key, ulong hash, out bool added)
    {
        var slots = _slots;
        int mask = _mask;
        int slot = (int)hash & mask;
        long tag = (long)hash & TagMask;
        while (true)
        {
            long entry = slots[slot];
            if (entry == 0) break;
            if ((entry & TagMask) == tag)
            {
                int id = (int)(uint)entry - 1;
                if (_arena.AsSpan(_keyStart[id], _keyLength[id]).SequenceEqual(key)) { added = false; return id; }
            }
            slot = (slot + 1) & mask;
        }
        added = true;
        int newId = Count++;
        if (newId == _keyStart.Length)
        {
            int n = newId * 2;
            Array.Resize(ref _keyStart, n);
            Array.Resize(ref _keyLength, n);
            Array.Resize(ref _hashes, n);
        }
        if (_arenaLength + key.Length > _arena.Length) GrowArena(key.Length);
        key.CopyTo(_arena.AsSpan(_arenaLength));
        _keyStart[newId] = _arenaLength;
        _keyLength[newId] = key.Length;
        _hashes[newId] = hash;
        _arenaLength += key.Length;
        slots[slot] = tag | (uint)(newId + 1);
        if (Count * 2 > slots.Length) Rehash(slots.Length * 2);
        return newId;
    }

    /// <summary>The id of <paramref name="key"/>, or -1.</summary>
    public int Find(ReadOnlySpan<byte> key, ulong hash)
    {
        var slots = _slots;
        int slot = (int)hash & _mask;
        long tag = (long)hash & TagMask;
        while (true)
        {
            long entry = slots[slot];
            if (entry == 0) return -1;
            if ((entry & TagMask) == tag)
            {
                int id = (int)(uint)entry - 1;
                if (GetKey(id).SequenceEqual(key)) return id;
            }
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
        for (int id = 0; id < Count; id++)
        {
            ulong h = _hashes[id];
            int slot = (int)h & mask;
            while (slots[slot] != 0) slot = (slot + 1) & mask;
            slots[slot] = ((long)h & TagMask) | (uint)(id + 1);
        }
        _slots = slots;
        _mask = mask;
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
