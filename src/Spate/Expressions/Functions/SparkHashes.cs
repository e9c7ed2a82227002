using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary>
/// Spark's row hashes: <c>hash</c> (Murmur3 x86_32, whose string/binary variant mixes each trailing byte as a
/// separate sign-extended word) and <c>xxhash64</c> (XXH64). Both fold values left to right, using the previous
/// hash as the seed of the next value; nulls leave the hash unchanged.
/// </summary>
internal static class SparkHashes
{
    // ---- Murmur3 x86_32 ----
    private const uint C1 = 0xcc9e2d51, C2 = 0x1b873593;

    private static uint MixK1(uint k1) => BitOperations.RotateLeft(k1 * C1, 15) * C2;
    private static uint MixH1(uint h1, uint k1) => BitOperations.RotateLeft(h1 ^ k1, 13) * 5 + 0xe6546b64;

    private static uint Fmix(uint h1, int length)
    {
        h1 ^= (uint)length;
        h1 ^= h1 >> 16;
        h1 *= 0x85ebca6b;
        h1 ^= h1 >> 13;
        h1 *= 0xc2b2ae35;
        h1 ^= h1 >> 16;
        return h1;
    }

    public static int MurmurInt(int value, int seed) => (int)Fmix(MixH1((uint)seed, MixK1((uint)value)), 4);

    public static int MurmurLong(long value, int seed)
    {
        uint h1 = MixH1((uint)seed, MixK1((uint)value));
        h1 = MixH1(h1, MixK1((uint)(value >>> 32)));
        return (int)Fmix(h1, 8);
    }

    public static int MurmurBytes(ReadOnlySpan<byte> bytes, int seed)
    {
        uint h1 = (uint)seed;
        int aligned = bytes.Length - bytes.Length % 4;
        for (int i = 0; i < aligned; i += 4) h1 = MixH1(h1, MixK1(BinaryPrimitives.ReadUInt32LittleEndian(bytes[i..])));
        for (int i = aligned; i < bytes.Length; i++) h1 = MixH1(h1, MixK1((uint)(int)(sbyte)bytes[i]));
        return (int)Fmix(h1, bytes.Length);
    }

    // ---- XXH64 ----
    private const ulong P1 = 0x9E3779B185EBCA87UL, P2 = 0xC2B2AE3D27D4EB4FUL, P3 = 0x165667B19E3779F9UL, P4 = 0x85EBCA77C2B2AE63UL, P5 = 0x27D4EB2F165667C5UL;

    private static ulong Round(ulong acc, ulong input) => BitOperations.RotateLeft(acc + input * P2, 31) * P1;
    private static ulong MergeRound(ulong acc, ulong val) => (acc ^ Round(0, val)) * P1 + P4;

    private static ulong XxFmix(ulong h)
    {
        h ^= h >> 33;
        h *= P2;
        h ^= h >> 29;
        h *= P3;
        h ^= h >> 32;
        return h;
    }

    public static long XxInt(int value, long seed)
    {
        ulong h = (ulong)seed + P5 + 4;
        h ^= (ulong)(uint)value * P1;
        h = BitOperations.RotateLeft(h, 23) * P2 + P3;
        return (long)XxFmix(h);
    }

    public static long XxLong(long value, long seed)
    {
        ulong h = (ulong)seed + P5 + 8;
        h ^= BitOperations.RotateLeft((ulong)value * P2, 31) * P1;
        h = BitOperations.RotateLeft(h, 27) * P1 + P4;
        return (long)XxFmix(h);
    }

    public static long XxBytes(ReadOnlySpan<byte> b, long seed)
    {
        ulong s = (ulong)seed;
        int i = 0;
        ulong h;
        if (b.Length >= 32)
        {
            ulong v1 = s + P1 + P2, v2 = s + P2, v3 = s, v4 = s - P1;
            for (; i + 32 <= b.Length; i += 32)
            {
                v1 = Round(v1, BinaryPrimitives.ReadUInt64LittleEndian(b[i..]));
                v2 = Round(v2, BinaryPrimitives.ReadUInt64LittleEndian(b[(i + 8)..]));
                v3 = Round(v3, BinaryPrimitives.ReadUInt64LittleEndian(b[(i + 16)..]));
                v4 = Round(v4, BinaryPrimitives.ReadUInt64LittleEndian(b[(i + 24)..]));
            }
            h = BitOperations.RotateLeft(v1, 1) + BitOperations.RotateLeft(v2, 7) + BitOperations.RotateLeft(v3, 12) + BitOperations.RotateLeft(v4, 18);
            h = MergeRound(h, v1); h = MergeRound(h, v2); h = MergeRound(h, v3); h = MergeRound(h, v4);
        }
        else h = s + P5;
        h += (ulong)b.Length;
        for (; i + 8 <= b.Length; i += 8)
        {
            h ^= Round(0, BinaryPrimitives.ReadUInt64LittleEndian(b[i..]));
            h = BitOperations.RotateLeft(h, 27) * P1 + P4;
        }
        if (i + 4 <= b.Length)
        {
            h ^= BinaryPrimitives.ReadUInt32LittleEndian(b[i..]) * P1;
            h = BitOperations.RotateLeft(h, 23) * P2 + P3;
            i += 4;
        }
        for (; i < b.Length; i++)
        {
            h ^= b[i] * P5;
            h = BitOperations.RotateLeft(h, 11) * P1;
        }
        return (long)XxFmix(h);
    }

    /// <summary>Folds one external value of <paramref name="type"/> into the running hash.</summary>
    public static long Hash(object? value, DataType type, long seed, bool xx)
    {
        if (value == null) return seed;
        long Int(int v) => xx ? XxInt(v, seed) : MurmurInt(v, (int)seed);
        long Long(long v) => xx ? XxLong(v, seed) : MurmurLong(v, (int)seed);
        long Bytes(ReadOnlySpan<byte> v) => xx ? XxBytes(v, seed) : MurmurBytes(v, (int)seed);
        switch (type)
        {
            case BooleanType: return Int((bool)value ? 1 : 0);
            case ByteType or ShortType or IntegerType: return Int(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture));
            case LongType: return Long((long)value);
            case FloatType:
                {
                    float f = (float)value;
                    return Int(f == 0 ? 0 : float.IsNaN(f) ? 0x7fc00000 : BitConverter.SingleToInt32Bits(f));
                }
            case DoubleType:
                {
                    double d = (double)value;
                    return Long(d == 0 ? 0 : double.IsNaN(d) ? 0x7ff8000000000000L : BitConverter.DoubleToInt64Bits(d));
                }
            case DateType: return Int(Fx.Days(value));
            case TimestampType: return Long(Fx.Micros(value));
            case DecimalType dt:
                {
                    var unscaled = new BigInteger(Math.Round((decimal)value, dt.Scale) * Pow10(dt.Scale));
                    if (dt.Precision <= 18) return Long((long)unscaled);
                    var bytes = unscaled.ToByteArray(isUnsigned: false, isBigEndian: true);
                    return Bytes(bytes);
                }
            case StringType: return Bytes(Encoding.UTF8.GetBytes((string)value));
            case BinaryType: return Bytes((byte[])value);
            case ArrayType at:
                foreach (var e in (object?[])value) seed = Hash(e, at.ElementType, seed, xx);
                return seed;
            case MapType mt:
                foreach (System.Collections.DictionaryEntry e in (System.Collections.IDictionary)value)
                {
                    seed = Hash(e.Key, mt.KeyType, seed, xx);
                    seed = Hash(e.Value, mt.ValueType, seed, xx);
                }
                return seed;
            case StructType st:
                {
                    var values = ((Row)value).Values;
                    for (int i = 0; i < values.Length; i++) seed = Hash(values[i], st.Fields[i].DataType, seed, xx);
                    return seed;
                }
            default: return seed;
        }
    }

    private static decimal Pow10(int n)
    {
        decimal r = 1;
        for (int i = 0; i < n; i++) r *= 10;
        return r;
    }

    /// <summary>CRC-32 (IEEE 802.3), as <c>java.util.zip.CRC32</c>.</summary>
    public static long Crc32(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }
}
