using System.Security.Cryptography;

namespace Spate.State;

/// <summary>
/// Writes a state file to a temporary name with a trailing 8-byte checksum (SHA-256 prefix of everything before it),
/// then renames it into place: readers see a whole, verifiable file or none. Not fsynced, like Spark's state files:
/// a batch whose commit log entry is missing after a crash is re-run and rewrites them.
/// </summary>
internal sealed class ChecksummedFileWriter : IDisposable
{
    public const int ChecksumLength = 8;
    private readonly string _path;
    private readonly string _tmp;
    private readonly FileStream _stream;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _used;
    private bool _finished;

    public ChecksummedFileWriter(string path)
    {
        _path = path;
        _tmp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        _stream = new FileStream(_tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            if (_used == _buffer.Length) FlushBuffer();
            int n = Math.Min(data.Length, _buffer.Length - _used);
            data[..n].CopyTo(_buffer.AsSpan(_used));
            _used += n;
            data = data[n..];
        }
    }

    public void WriteInt32(int v)
    {
        Span<byte> b = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(b, v);
        Write(b);
    }

    public void WriteInt64(long v)
    {
        Span<byte> b = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(b, v);
        Write(b);
    }

    public void WriteVarInt(int v)
    {
        Span<byte> b = stackalloc byte[5];
        Write(b[..CompactMap.WriteVarInt(b, v)]);
    }

    /// <summary>Appends the checksum and moves the file into place (replacing an older one).</summary>
    public void Commit()
    {
        FlushBuffer();
        _stream.Write(_hash.GetHashAndReset().AsSpan(0, ChecksumLength));
        _stream.Dispose();
        File.Move(_tmp, _path, overwrite: true);
        _finished = true;
    }

    private void FlushBuffer()
    {
        _hash.AppendData(_buffer, 0, _used);
        _stream.Write(_buffer, 0, _used);
        _used = 0;
    }

    public void Dispose()
    {
        _hash.Dispose();
        if (_finished) return;
        _stream.Dispose();
        try { File.Delete(_tmp); } catch (IOException) { }
    }

    /// <summary>Whether <paramref name="bytes"/> end with the checksum of what precedes it.</summary>
    public static bool Verify(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < ChecksumLength) return false;
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes[..^ChecksumLength], hash);
        return hash[..ChecksumLength].SequenceEqual(bytes[^ChecksumLength..]);
    }
}
