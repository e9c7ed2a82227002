using System.Text;

namespace Spate.Expressions.Json;

/// <summary>Finds a schema field by its UTF-8 name without creating strings: a check of the expected next field
/// (JSON records usually keep one field order), then a scan for small schemas or a hash table for large ones.</summary>
internal sealed class Utf8FieldLookup
{
    private readonly byte[][] _names;
    private readonly int[]? _table; // open addressing: field index + 1, 0 = empty
    private readonly int _mask;
    private readonly bool[] _isLast; // false for a name repeated later in the schema

    public Utf8FieldLookup(IReadOnlyList<string> names)
    {
        _names = names.Select(n => Encoding.UTF8.GetBytes(n)).ToArray();
        _isLast = new bool[_names.Length];
        for (int i = 0; i < _names.Length; i++)
        {
            _isLast[i] = true;
            for (int j = i + 1; j < _names.Length; j++) if (_names[j].AsSpan().SequenceEqual(_names[i])) _isLast[i] = false;
        }
        if (_names.Length <= 8) return;
        int size = 16;
        while (size < _names.Length * 2) size <<= 1;
        _table = new int[size];
        _mask = size - 1;
        // Later duplicates win, as in Spark's name-to-index map.
        for (int i = 0; i < _names.Length; i++)
        {
            int slot = Hash(_names[i]) & _mask;
            while (_table[slot] != 0 && !_names[_table[slot] - 1].AsSpan().SequenceEqual(_names[i])) slot = (slot + 1) & _mask;
            _table[slot] = i + 1;
        }
    }

    public int Count => _names.Length;

    private static int Hash(ReadOnlySpan<byte> s)
    {
        uint h = 2166136261;
        foreach (byte b in s) h = (h ^ b) * 16777619;
        return (int)(h & 0x7FFFFFFF);
    }

    /// <summary>The index of the field named <paramref name="name"/>, or -1; <paramref name="hint"/> is tried first.</summary>
    public int Find(ReadOnlySpan<byte> name, int hint)
    {
        var names = _names;
        if ((uint)hint < (uint)names.Length && _isLast[hint] && name.SequenceEqual(names[hint])) return hint;
        if (_table == null)
        {
            for (int i = names.Length - 1; i >= 0; i--)
                if (name.SequenceEqual(names[i])) return i;
            return -1;
        }
        int slot = Hash(name) & _mask;
        while (true)
        {
            int e = _table[slot];
            if (e == 0) return -1;
            if (name.SequenceEqual(names[e - 1])) return e - 1;
            slot = (slot + 1) & _mask;
        }
    }
}
