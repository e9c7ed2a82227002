using System.Globalization;
using System.Text;

namespace Spate.Sources;

/// <summary>
/// Spark's <c>CompactibleFileStreamLog</c> layout, shared by the file source's log (<c>sources/N/</c>) and the file
/// sink's log (<c>_spark_metadata/</c>): one file per batch, <c>dir/N</c>, holding the line <c>v1</c> then one JSON
/// object per line; every <c>compactInterval</c> batches the file <c>dir/N.compact</c> holds the entries of all batches
/// up to N, so readers need only the newest compact file and the batch files after it. Files are written through an
/// <see cref="IFileSystem"/> (local disk or an object store): to a hidden temp name then renamed on a local disk, with a
/// single PUT on an object store, so a reader sees a whole file or none.
/// </summary>
internal abstract class CompactibleFileLog<T>
{
    private const string Version = "v1";
    private readonly IFileSystem _fs;
    private readonly int _compactInterval;

    protected CompactibleFileLog(IFileSystem fs, string directory, int compactInterval)
    {
        _fs = fs;
        Directory = directory.TrimEnd('/', '\\');
        _compactInterval = Math.Max(1, compactInterval);
    }

    public string Directory { get; }

    protected abstract string Serialize(T entry);
    protected abstract T Deserialize(string json, string file);

    /// <summary>Entries of a compaction are filtered through this (the sink drops deleted files).</summary>
    protected virtual IEnumerable<T> Compact(IEnumerable<T> entries) => entries;

    private bool IsCompactionBatch(long batchId) => (batchId + 1) % _compactInterval == 0;

    private string PathOf(long batchId, bool compact) =>
        Directory + "/" + batchId.ToString(CultureInfo.InvariantCulture) + (compact ? ".compact" : "");

    /// <summary>Batch ids present (plain or compact), ascending.</summary>
    public IReadOnlyList<(long Id, bool Compact)> Files()
    {
        var result = new List<(long, bool)>();
        if (!_fs.Exists(Directory)) return result;
        foreach (var f in _fs.ListFiles(Directory))
        {
            var name = f.Path.Replace('\\', '/');
            name = name[(name.LastIndexOf('/') + 1)..];
            // Only files directly in the log directory: a listing may be recursive.
            var parent = f.Path.Length > name.Length ? f.Path[..^name.Length].TrimEnd('/', '\\') : "";
            if (!SamePath(parent, Directory)) continue;
            bool compact = name.EndsWith(".compact", StringComparison.Ordinal);
            var idText = compact ? name[..^".compact".Length] : name;
            if (long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out long id)) result.Add((id, compact));
        }
        return result.OrderBy(x => x.Item1).ToList();
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(FileStreamPaths.Normalize(a), FileStreamPaths.Normalize(b), StringComparison.Ordinal);

    /// <summary>The newest batch id in the log, or -1.</summary>
    public long LatestBatchId()
    {
        var files = Files();
        return files.Count == 0 ? -1 : files[^1].Id;
    }

    /// <summary>Writes batch <paramref name="batchId"/>; false when it is already there (a replay, or another writer won).
    /// On a compaction batch the file holds every entry so far.</summary>
    public bool Add(long batchId, IReadOnlyList<T> entries)
    {
        var existing = Files();
        if (existing.Any(f => f.Id == batchId)) return false;
        if (IsCompactionBatch(batchId) && batchId > 0)
        {
            var all = Compact(AllEntries(existing, batchId - 1).Concat(entries)).ToList();
            Write(PathOf(batchId, compact: true), all);
        }
        else Write(PathOf(batchId, compact: false), entries);
        return true;
    }

    private void Write(string path, IEnumerable<T> entries)
    {
        var sb = new StringBuilder(Version);
        foreach (var e in entries) sb.Append('\n').Append(Serialize(e));
        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        if (_fs is LocalFileSystem)
        {
            var local = FileStreamPaths.StripFileScheme(path);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(local)!);
            var tmp = Path.Combine(Path.GetDirectoryName(local)!, "." + Path.GetFileName(local) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
            {
                fs.Write(bytes);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, local, overwrite: false);
        }
        else
        {
            // An object store's PUT is atomic; a rename there would be a copy.
            using var s = _fs.Create(path);
            s.Write(bytes);
        }
    }

    /// <summary>The entries of batch <paramref name="batchId"/> alone (from its own file, or filtered from the compact file
    /// holding it), or null when the log does not have it.</summary>
    public IReadOnlyList<T>? Get(long batchId, Func<T, long>? batchIdOf = null)
    {
        var files = Files();
        int index = -1;
        for (int i = 0; i < files.Count; i++) if (files[i].Id == batchId) index = i;
        if (index >= 0)
        {
            bool compact = files[index].Compact;
            var entries = Read(PathOf(batchId, compact));
            return compact && batchIdOf != null ? entries.Where(e => batchIdOf(e) == batchId).ToList() : entries;
        }
        // Compacted away: find it in a later compact file.
        if (batchIdOf == null) return null;
        var holder = files.FirstOrDefault(f => f.Compact && f.Id > batchId);
        if (holder == default) return null;
        return Read(PathOf(holder.Id, true)).Where(e => batchIdOf(e) == batchId).ToList();
    }

    /// <summary>Every entry of the log: the newest compact file plus the batch files after it.</summary>
    public IReadOnlyList<T> AllEntries() => AllEntries(Files(), long.MaxValue);

    private List<T> AllEntries(IReadOnlyList<(long Id, bool Compact)> files, long upTo)
    {
        var upToFiles = files.Where(f => f.Id <= upTo).ToList();
        int start = upToFiles.FindLastIndex(f => f.Compact);
        var result = new List<T>();
        for (int i = Math.Max(0, start); i < upToFiles.Count; i++)
            result.AddRange(Read(PathOf(upToFiles[i].Id, upToFiles[i].Compact)));
        return result;
    }

    private IReadOnlyList<T> Read(string path)
    {
        string text;
        using (var s = _fs.OpenRead(path))
        using (var reader = new StreamReader(s, Encoding.UTF8))
            text = reader.ReadToEnd();
        var lines = text.Split('\n');
        if (lines[0].Trim() != Version)
        {
            var found = lines[0].Trim();
            throw new InvalidDataException(found.StartsWith('v') && int.TryParse(found[1..], out int v) && v > 1
                ? $"[INVALID_LOG_VERSION.MAX_SUPPORTED_VERSION] UnsupportedLogVersion: maximum supported log version is v1, but encountered v{v}. The log file {path} was produced by a newer version of Spark and cannot be read by this version. Please upgrade."
                : $"[INVALID_LOG_VERSION.EXACT_MATCH_VERSION] UnsupportedLogVersion: Log file was malformed: failed to detect the log file version line in {path}.");
        }
        var result = new List<T>(lines.Length - 1);
        for (int i = 1; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length > 0) result.Add(Deserialize(line, path));
        }
        return result;
    }
}
