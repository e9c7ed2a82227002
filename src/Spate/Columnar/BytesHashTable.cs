using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Spate.Columnar;

/// <summary>
/// An open-addressing hash table from byte keys to dense ids 0..Count-1. Keys live in one growing arena, so a
/// million keys cost a few arrays, not a million objects. Used for group-by, joins and distinct.
/// </summary>
internal sealed class BytesHashTable
{
    private byte[] _arena = new byte[4096];
    private int _arenaLength;
    private int[] _keyStart = new int[64];
    private int[] _keyLength = new int[64];
    private ulong[] _hashes = new ulong[64];
    private int[] _slots = new int[128]; // id + 1, 0 = empty
    private int _mask = 127;

    public int Count { get; private set; }

    /// <summary>Bytes held by the table's arrays.</summary>
    public long MemoryBytes => _arena.Length + (long)_keyStart.Length * 16 + _slots.Length * 4L;

    public ReadOnlySpan<byte> GetKey(int id) => _arena.AsSpan(_keyStart[id], _keyLength[id]);
    public ulong GetHash(int id) => _hashes[id];

    /// <summary>The id of <paramref name="key"/>, adding it when new.</summary>
    public int FindOrAdd(ReadOnlySpan<byte> key, ulong hash, out bool added)
    {
        int slot = (int)(hash & (ulong)_mask);
        while (true)
        {
            int entry = _slots[slot];
            if (entry == 0) break;
            int id = entry - 1;
            if (_hashes[id] == hash && GetKey(id).SequenceEqual(key)) { added = false; return id; }
            slot = (slot + 1) & _mask;
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
        if (_arenaLength + key.Length > _arena.Length) Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaLength + key.Length));
        key.CopyTo(_arena.AsSpan(_arenaLength));
        _keyStart[newId] = _arenaLength;
        _keyLength[newId] = key.Length;
        _hashes[newId] = hash;
        _arenaLength += key.Length;
        _slots[slot] = newId + 1;
        if (Count * 2 > _slots.Length) Rehash();
        return newId;
    }

    /// <summary>The id of <paramref name="key"/>, or -1.</summary>
    public int Find(ReadOnlySpan<byte> key, ulong hash)
    {
        int slot = (int)(hash & (ulong)_mask);
        while (true)
        {
            int entry = _slots[slot];
            if (entry == 0) return -1;
            int id = entry - 1;
            if (_hashes[id] == hash && GetKey(id).SequenceEqual(key)) return id;
            slot = (slot + 1) & _mask;
        }
    }

    private void Rehash()
    {
        int size = _slots.Length * 2;
        _slots = new int[size];
        _mask = size - 1;
        for (int id = 0; id < Count; id++)
        {
            int slot = (int)(_hashes[id] & (ulong)_mask);
            while (_slots[slot] != 0) slot = (slot + 1) & _mask;
            _slots[slot] = id + 1;
        }
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
