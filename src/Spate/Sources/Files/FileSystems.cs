namespace Spate.Sources;

/// <summary>Opens, lists and writes files by path: local paths, <c>file://</c> URIs (and <c>s3://</c> once the S3 file system is registered).</summary>
internal static class FileSystems
{
    /// <summary>Extra file systems by URI scheme (e.g. <c>s3</c>), registered by connector code.</summary>
    public static readonly Dictionary<string, IFileSystem> ByScheme = new(StringComparer.OrdinalIgnoreCase);

    public static IFileSystem For(string path)
    {
        int i = path.IndexOf("://", StringComparison.Ordinal);
        if (i > 0)
        {
            var scheme = path[..i];
            if (scheme.Equals("file", StringComparison.OrdinalIgnoreCase)) return LocalFileSystem.Instance;
            lock (ByScheme) if (ByScheme.TryGetValue(scheme, out var fs)) return fs;
            if (Spate.Sql.ConnectorLoader.TryLoad(scheme))
                lock (ByScheme) if (ByScheme.TryGetValue(scheme, out var loaded)) return loaded;
            throw new Spate.Sql.AnalysisException($"[UNSUPPORTED_DATASOURCE_FOR_PATH] No FileSystem for scheme \"{scheme}\" (path {path}).{(Spate.Sql.ConnectorLoader.PackageFor(scheme) is { } p ? $" Add a reference to the package {p}." : "")}");
        }
        return LocalFileSystem.Instance;
    }
}

/// <summary>A file system: local disk, or an object store.</summary>
internal interface IFileSystem
{
    bool Exists(string path);
    bool IsDirectory(string path);
    /// <summary>Every file under <paramref name="dir"/> (recursively), with its size and modification time.</summary>
    IReadOnlyList<FileEntry> ListFiles(string dir);
    Stream OpenRead(string path);
    Stream Create(string path);
    void Delete(string path);
    void Rename(string from, string to);
}

/// <summary>One file found by a listing.</summary>
internal sealed record FileEntry(string Path, long Length, DateTime ModifiedUtc);

/// <summary>The local disk.</summary>
internal sealed class LocalFileSystem : IFileSystem
{
    public static readonly LocalFileSystem Instance = new();

    private static string Local(string path) => path.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(path).LocalPath : path;

    public bool Exists(string path) => File.Exists(Local(path)) || Directory.Exists(Local(path));
    public bool IsDirectory(string path) => Directory.Exists(Local(path));

    public IReadOnlyList<FileEntry> ListFiles(string dir)
    {
        var p = Local(dir);
        if (File.Exists(p)) { var f = new FileInfo(p); return new[] { new FileEntry(f.FullName, f.Length, f.LastWriteTimeUtc) }; }
        if (!Directory.Exists(p)) return Array.Empty<FileEntry>();
        // A file may go between being listed and being looked at (a writer renaming its temporary file into place):
        // it is simply not part of this listing.
        var entries = new List<FileEntry>();
        foreach (var path in Directory.EnumerateFiles(p, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = 0 }))
        {
            var f = new FileInfo(path);
            try { entries.Add(new FileEntry(f.FullName, f.Length, f.LastWriteTimeUtc)); }
            catch (FileNotFoundException) { }
        }
        return entries;
    }

    public Stream OpenRead(string path) => new FileStream(Local(path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);

    public Stream Create(string path)
    {
        var p = Local(path);
        var dir = Path.GetDirectoryName(p);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        return new FileStream(p, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
    }

    public void Delete(string path)
    {
        var p = Local(path);
        if (Directory.Exists(p)) Directory.Delete(p, true); else if (File.Exists(p)) File.Delete(p);
    }

    public void Rename(string from, string to) => File.Move(Local(from), Local(to), overwrite: true);
}
