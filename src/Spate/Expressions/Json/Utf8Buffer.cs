using System.Buffers.Text;
using System.Runtime.CompilerServices;

namespace Spate.Expressions.Json;

/// <summary>A reusable, growable UTF-8 byte buffer for writing JSON text without intermediate strings.</summary>
internal sealed class Utf8Buffer
{
    private byte[] _data;

    public Utf8Buffer(int capacity = 256) { _data = new byte[Math.Max(16, capacity)]; }

    public int Length { get; private set; }
    public ReadOnlySpan<byte> Span => _data.AsSpan(0, Length);
    public byte[] Array => _data;

    public void Clear() => Length = 0;

    /// <summary>Drops bytes written after <paramref name="length"/>.</summary>
    public void Truncate(int length) => Length = length;

    private void Grow(int extra)
    {
        int need = Length + extra;
        if (need > _data.Length) System.Array.Resize(ref _data, Math.Max(need, _data.Length * 2));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(byte b)
    {
        if (Length == _data.Length) Grow(1);
        _data[Length++] = b;
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        Grow(bytes.Length);
        bytes.CopyTo(_data.AsSpan(Length));
        Length += bytes.Length;
    }

    /// <summary>Appends text (UTF-8 encoded).</summary>
    public void Append(string s)
    {
        Grow(System.Text.Encoding.UTF8.GetMaxByteCount(s.Length));
        Length += System.Text.Encoding.UTF8.GetBytes(s, _data.AsSpan(Length));
    }

    public void Append(long value)
    {
        Grow(24);
        Utf8Formatter.TryFormat(value, _data.AsSpan(Length), out int written);
        Length += written;
    }

    /// <summary>A writable span of at least <paramref name="size"/> bytes at the end; commit with <see cref="Advance"/>.</summary>
    public Span<byte> GetSpan(int size)
    {
        Grow(size);
        return _data.AsSpan(Length);
    }

    public void Advance(int count) => Length += count;

    /// <summary>Appends <paramref name="utf8"/> as a quoted JSON string, escaped as Jackson does
    /// (quote, backslash and control characters; everything else verbatim).</summary>
    public void AppendJsonString(ReadOnlySpan<byte> utf8)
    {
        Append((byte)'"');
        int start = 0;
        for (int i = 0; i < utf8.Length; i++)
        {
            byte c = utf8[i];
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            Append(utf8[start..i]);
            start = i + 1;
            switch (c)
            {
                case (byte)'"': Append((byte)'\\'); Append((byte)'"'); break;
                case (byte)'\\': Append((byte)'\\'); Append((byte)'\\'); break;
                case (byte)'\n': Append((byte)'\\'); Append((byte)'n'); break;
                case (byte)'\r': Append((byte)'\\'); Append((byte)'r'); break;
                case (byte)'\t': Append((byte)'\\'); Append((byte)'t'); break;
                case (byte)'\b': Append((byte)'\\'); Append((byte)'b'); break;
                case (byte)'\f': Append((byte)'\\'); Append((byte)'f'); break;
                default:
                    Append("\\u00"u8);
                    Append((byte)"0123456789ABCDEF"[c >> 4]);
                    Append((byte)"0123456789ABCDEF"[c & 0xF]);
                    break;
            }
        }
        Append(utf8[start..]);
        Append((byte)'"');
    }

    public void AppendJsonString(string s) => AppendJsonString(System.Text.Encoding.UTF8.GetBytes(s));
}
