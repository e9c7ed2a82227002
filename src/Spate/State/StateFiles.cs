using System.Buffers.Binary;

namespace Spate.State;

/// <summary>
/// The default provider's files in <c>state/&lt;op&gt;/&lt;part&gt;/</c>: <c>&lt;v&gt;.delta</c> (the changes that made
/// version v: <c>"SPD1"</c>, then per key <c>int32 keyLength, key, int32 valueLength (-1: removed), value</c>) and
/// <c>&lt;v&gt;.snapshot</c> (the whole map at v: <c>"SPS1", int64 version, int64 count</c>, then per key
/// <c>varint keyLength, varint valueLength, key, value</c>). Both end with an 8-byte checksum.
/// </summary>
internal static class StateFiles
{
    public const string DeltaSuffix = ".delta";
    public const string SnapshotSuffix = ".snapshot";

    public static string DeltaPath(string dir, long version) => Path.Combine(dir, version + DeltaSuffix);
    public static string SnapshotPath(string dir, long version) => Path.Combine(dir, version + SnapshotSuffix);

    /// <summary>Writes the pending changes (present: put, deleted: removed) as the delta of <paramref name="version"/>.</summary>
    public static void WriteDelta(string dir, long version, CompactMap changes)
    {
        using var w = new ChecksummedFileWriter(DeltaPath(dir, version));
        w.Write("SPD1"u8);
        long cursor = 0;
        while (changes.NextEntry(ref cursor, out var key, out var value, out bool deleted))
        {
            w.WriteInt32(key.Length);
            w.Write(key);
            w.WriteInt32(deleted ? -1 : value.Length);
            if (!deleted) w.Write(value);
        }
        w.Commit();
    }

    /// <summary>Applies a delta file to <paramref name="map"/>; throws [CHECKPOINT_FILE_CORRUPT] when it is torn.</summary>
    public static void ApplyDelta(CompactMap map, string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 4 + ChecksummedFileWriter.ChecksumLength || !bytes.AsSpan(0, 4).SequenceEqual("SPD1"u8) || !ChecksummedFileWriter.Verify(bytes))
            throw Corrupt(path);
        var span = bytes.AsSpan(0, bytes.Length - ChecksummedFileWriter.ChecksumLength);
        int pos = 4;
        try
        {
            while (pos < span.Length)
            {
                int keyLen = BinaryPrimitives.ReadInt32LittleEndian(span[pos..]);
                var key = span.Slice(pos + 4, keyLen);
                pos += 4 + keyLen;
                int valueLen = BinaryPrimitives.ReadInt32LittleEndian(span[pos..]);
                pos += 4;
                if (valueLen < 0) { map.Remove(key); continue; }
                map.Set(key, span.Slice(pos, valueLen));
                pos += valueLen;
            }
        }
        catch (ArgumentOutOfRangeException)
        {
            throw Corrupt(path);
        }
    }

    /// <summary>Writes the whole map as the snapshot of <paramref name="version"/>.</summary>
    public static void WriteSnapshot(string dir, long version, CompactMap map)
    {
        var view = map.Freeze();
        try { WriteSnapshot(dir, version, view); }
        finally
        {
            view.Complete();
            map.ReleaseFrozen();
        }
    }

    /// <summary>Writes a frozen view of a map as the snapshot of <paramref name="version"/>, reading the map's own
    /// chunks (no copy); safe on another thread than the map's.</summary>
    public static void WriteSnapshot(string dir, long version, CompactMap.FrozenView map)
    {
        using var w = new ChecksummedFileWriter(SnapshotPath(dir, version));
        w.Write("SPS1"u8);
        w.WriteInt64(version);
        w.WriteInt64(map.Count);
        long cursor = 0;
        while (map.Next(ref cursor, out var key, out var value))
        {
            w.WriteVarInt(key.Length);
            w.WriteVarInt(value.Length);
            w.Write(key);
            w.Write(value);
        }
        w.Commit();
    }

    /// <summary>Reads a snapshot, or null when it is torn, corrupt or of another version.</summary>
    public static CompactMap? TryReadSnapshot(string path, long version)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (IOException) { return null; }
        const int header = 4 + 8 + 8;
        if (bytes.Length < header + ChecksummedFileWriter.ChecksumLength || !bytes.AsSpan(0, 4).SequenceEqual("SPS1"u8)
            || BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(4)) != version || !ChecksummedFileWriter.Verify(bytes))
            return null;
        long count = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(12));
        if (count < 0 || count > int.MaxValue) return null;
        var span = bytes.AsSpan(0, bytes.Length - ChecksummedFileWriter.ChecksumLength);
        var map = new CompactMap((int)count);
        int pos = header;
        try
        {
            while (pos < span.Length)
            {
                int keyLen = CompactMap.ReadVarInt(span, ref pos);
                int valueLen = CompactMap.ReadVarInt(span, ref pos);
                map.Set(span.Slice(pos, keyLen), span.Slice(pos + keyLen, valueLen));
                pos += keyLen + valueLen;
            }
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or InvalidDataException)
        {
            return null;
        }
        return map.Count == count ? map : null;
    }

    /// <summary>The versions of the files with <paramref name="suffix"/> in <paramref name="dir"/>, ascending.</summary>
    public static List<long> Versions(string dir, string suffix)
    {
        var result = new List<long>();
        if (!Directory.Exists(dir)) return result;
        foreach (var f in Directory.EnumerateFiles(dir, "*" + suffix))
        {
            var name = Path.GetFileName(f);
            if (long.TryParse(name.AsSpan(0, name.Length - suffix.Length), System.Globalization.NumberStyles.None, null, out long v)) result.Add(v);
        }
        result.Sort();
        return result;
    }

    public static InvalidDataException Corrupt(string path) =>
        new($"[CHECKPOINT_FILE_CORRUPT] The state file {path} is corrupt (truncated or its checksum does not match).");
}
