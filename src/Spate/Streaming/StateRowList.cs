using System.Buffers.Binary;

namespace Spate.Streaming;

/// <summary>One buffered row in a state value: its encoded columns, an event time that bounds its life, and a flag
/// (a join row's "matched").</summary>
internal sealed class StateRow
{
    public StateRow(byte[] data, long time, bool flag) { Data = data; Time = time; Flag = flag; }
    public byte[] Data { get; }
    public long Time { get; }
    public bool Flag { get; set; }
}

/// <summary>
/// Several rows stored under one state key (the sessions of a key, the buffered rows of a join key).
/// Format: <c>int count</c>, then per row <c>long time, byte flag, int length, bytes</c>, little-endian; stable across processes.
/// </summary>
internal static class StateRowList
{
    public static byte[] Encode(IReadOnlyList<StateRow> rows)
    {
        int size = 4;
        foreach (var r in rows) size += 13 + r.Data.Length;
        var buffer = new byte[size];
        var span = buffer.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(span, rows.Count);
        int o = 4;
        foreach (var r in rows)
        {
            BinaryPrimitives.WriteInt64LittleEndian(span[o..], r.Time);
            span[o + 8] = r.Flag ? (byte)1 : (byte)0;
            BinaryPrimitives.WriteInt32LittleEndian(span[(o + 9)..], r.Data.Length);
            r.Data.CopyTo(span[(o + 13)..]);
            o += 13 + r.Data.Length;
        }
        return buffer;
    }

    public static List<StateRow> Decode(ReadOnlySpan<byte> value)
    {
        int count = BinaryPrimitives.ReadInt32LittleEndian(value);
        var rows = new List<StateRow>(count);
        int o = 4;
        for (int i = 0; i < count; i++)
        {
            long time = BinaryPrimitives.ReadInt64LittleEndian(value[o..]);
            bool flag = value[o + 8] != 0;
            int len = BinaryPrimitives.ReadInt32LittleEndian(value[(o + 9)..]);
            rows.Add(new StateRow(value.Slice(o + 13, len).ToArray(), time, flag));
            o += 13 + len;
        }
        return rows;
    }
}
