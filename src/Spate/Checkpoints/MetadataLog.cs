using System.Security.Cryptography;
using System.Text;

namespace Spate.Checkpoints;

/// <summary>
/// A log with one human-readable file per batch id (Spark's HDFSMetadataLog): <c>dir/0</c>, <c>dir/1</c> ...
/// Each file is written to a temp name, flushed to disk and renamed, so a reader sees a whole file or none.
/// The last line of every file is a checksum (<c>#crc32c:...</c>-style, here SHA-256 truncated) of the lines
/// above it, so a torn or edited file is reported, never read as valid.
/// </summary>
internal class MetadataLog
{
    private const string ChecksumPrefix = "#checksum:";

    // Entries of an in-memory log (content without the checksum line); null for a log on disk.
    private readonly Dictionary<long, string>? _memory;

    public MetadataLog(string directory, bool durable = true, bool inMemory = false)
    {
        Directory = directory;
        Durable = durable;
        if (inMemory) _memory = new Dictionary<long, string>();
        else System.IO.Directory.CreateDirectory(directory);
    }

    /// <summary>
    /// True for the log of a temporary checkpoint: deleted at stop and never restarted from, so its entries stay in
    /// memory (<see cref="WriteOut"/> puts them on disk if the checkpoint is kept). Creating two files per batch costs
    /// more than the rest of a small batch on a busy file system, and now and then stalls it for tens of milliseconds.
    /// </summary>
    public bool InMemory => _memory != null;

    /// <summary>Writes the entries of an in-memory log to its directory (no flush), e.g. for a failed query's checkpoint.</summary>
    public void WriteOut()
    {
        if (_memory == null) return;
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var (id, content) in _memory)
            WriteAtomically(PathOf(id), content + "\n" + ChecksumPrefix + Checksum(content), overwrite: true, durable: false);
    }

    /// <summary>When true (durable checkpoints), entries are flushed to disk before they are renamed into place;
    /// a temporary checkpoint, deleted at stop, skips the flush.</summary>
    public bool Durable { get; }

    public string Directory { get; }

    public string PathOf(long batchId) => Path.Combine(Directory, batchId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Writes the entry for <paramref name="batchId"/> unless one exists; false when another writer got there first.</summary>
    public bool Add(long batchId, string content) =>
        _memory != null ? _memory.TryAdd(batchId, content)
        : WriteAtomically(PathOf(batchId), content + "\n" + ChecksumPrefix + Checksum(content), overwrite: false, Durable);

    /// <summary>Writes the entry for <paramref name="batchId"/>, replacing one that exists.</summary>
    public void Put(long batchId, string content)
    {
        if (_memory != null) _memory[batchId] = content;
        else WriteAtomically(PathOf(batchId), content + "\n" + ChecksumPrefix + Checksum(content), overwrite: true, Durable);
    }

    public static void WriteAtomically(string path, string text) => WriteAtomically(path, text, overwrite: true, durable: true);

    /// <summary>Writes to a temp file, flushes it to disk, and renames it into place; without <paramref name="overwrite"/>
    /// the rename fails (returning false) when the file exists, so two writers never replace each other's entry.</summary>
    public static bool WriteAtomically(string path, string text, bool overwrite, bool durable = true)
    {
        var tmp = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            CheckpointFileIO.Check(CheckpointFileOp.Create, path);
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                CheckpointFileIO.Check(CheckpointFileOp.Write, path);
                fs.Write(bytes);
                CheckpointFileIO.Check(CheckpointFileOp.Flush, path);
                if (durable) fs.Flush(flushToDisk: true);
            }
            CheckpointFileIO.Check(CheckpointFileOp.Rename, path);
        }
        catch (IOException)
        {
            // Leave no temp file behind; the entry itself was never written.
            try { File.Delete(tmp); } catch (IOException) { }
            throw;
        }
        try
        {
            File.Move(tmp, path, overwrite);
            return true;
        }
        catch (IOException) when (!overwrite && File.Exists(path))
        {
            File.Delete(tmp);
            return false;
        }
    }

    /// <summary>The content of the entry, or null when there is none. A corrupt entry throws with its path.</summary>
    public string? Get(long batchId)
    {
        if (_memory != null) return _memory.GetValueOrDefault(batchId);
        var path = PathOf(batchId);
        if (!File.Exists(path)) return null;
        var text = File.ReadAllText(path, Encoding.UTF8);
        int i = text.LastIndexOf("\n" + ChecksumPrefix, StringComparison.Ordinal);
        if (i < 0) throw Corrupt(path, "the checksum line is missing (the file is truncated or was not written by Spate)");
        var content = text[..i];
        var expected = text[(i + 1 + ChecksumPrefix.Length)..].Trim();
        if (Checksum(content) != expected) throw Corrupt(path, "its checksum does not match its content");
        return content;
    }

    private static InvalidDataException Corrupt(string path, string why) =>
        new($"[CHECKPOINT_FILE_CORRUPT] The checkpoint file {path} is corrupt: {why}. Restore it from a backup, or delete the checkpoint directory to start the query afresh (its progress and state are then lost).");

    /// <summary>Batch ids present, ascending.</summary>
    public IReadOnlyList<long> BatchIds() => _memory != null ? _memory.Keys.Order().ToList() :
        System.IO.Directory.EnumerateFiles(Directory)
            .Select(Path.GetFileName)
            .Select(n => long.TryParse(n, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long id) ? id : -1)
            .Where(id => id >= 0).OrderBy(id => id).ToList();

    /// <summary>The newest entry, or null.</summary>
    public (long BatchId, string Content)? GetLatest()
    {
        var ids = BatchIds();
        for (int i = ids.Count - 1; i >= 0; i--)
        {
            var c = Get(ids[i]);
            if (c != null) return (ids[i], c);
        }
        return null;
    }

    /// <summary>Deletes entries below <paramref name="thresholdBatchId"/>.</summary>
    public void Purge(long thresholdBatchId)
    {
        if (_memory != null)
        {
            foreach (var id in BatchIds())
                if (id < thresholdBatchId) _memory.Remove(id);
            return;
        }
        foreach (var id in BatchIds())
            if (id < thresholdBatchId) CheckpointFileIO.Delete(PathOf(id));
    }

    private static string Checksum(string content)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(content));
        return Convert.ToHexString(hash, 0, 8).ToLowerInvariant();
    }
}
