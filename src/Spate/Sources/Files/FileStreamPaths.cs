namespace Spate.Sources;

/// <summary>A file system that takes per-query settings from reader or writer options (e.g. the S3 endpoint and
/// credentials), without widening <see cref="IFileSystem"/>.</summary>
internal interface IOptionsAwareFileSystem
{
    /// <summary>This file system with <paramref name="options"/> (<c>fs.s3a.*</c> or <c>spark.hadoop.fs.s3a.*</c> keys) taking precedence over the session's settings.</summary>
    IFileSystem WithOptions(IReadOnlyDictionary<string, string> options);
}

/// <summary>Path helpers for the streaming file source and sink: URIs as Spark writes them in its logs, names, parents.</summary>
internal static class FileStreamPaths
{
    /// <summary>The file system for <paramref name="path"/>, configured with the query's options where it takes any.</summary>
    public static IFileSystem FileSystemFor(string path, IReadOnlyDictionary<string, string> options)
    {
        var fs = FileSystems.For(path);
        return fs is IOptionsAwareFileSystem aware ? aware.WithOptions(options) : fs;
    }

    /// <summary>True for local paths and <c>file:</c> URIs.</summary>
    public static bool IsLocal(string path) =>
        path.StartsWith("file:", StringComparison.OrdinalIgnoreCase) || !path.Contains("://", StringComparison.Ordinal);

    /// <summary>A local path for <c>file:</c> URIs (<c>file:/x</c>, <c>file:///x</c>); other paths unchanged.</summary>
    public static string StripFileScheme(string path) =>
        path.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? new Uri(path).LocalPath : path;

    /// <summary>The qualified form written to logs: <c>file:///abs/path</c> (percent-encoded) for local files, the URI itself otherwise.</summary>
    public static string ToUri(string path)
    {
        if (path.StartsWith("file:", StringComparison.OrdinalIgnoreCase)) return new Uri(new Uri(path).LocalPath).AbsoluteUri;
        if (path.Contains("://", StringComparison.Ordinal)) return path;
        return new Uri(Path.GetFullPath(path)).AbsoluteUri;
    }

    /// <summary>The path to open for a URI read from a log: a local path for <c>file:</c>, the URI otherwise.</summary>
    public static string FromUri(string uri) => StripFileScheme(uri);

    /// <summary>The last segment of a path or URI.</summary>
    public static string Name(string path)
    {
        var p = path.Replace('\\', '/').TrimEnd('/');
        return p[(p.LastIndexOf('/') + 1)..];
    }

    /// <summary>A path comparable across forms: local paths absolute with forward slashes, URIs unchanged, no trailing slash.</summary>
    public static string Normalize(string path)
    {
        if (IsLocal(path)) return Path.GetFullPath(StripFileScheme(path)).Replace('\\', '/').TrimEnd('/');
        return path.TrimEnd('/');
    }

    /// <summary>The directories between <paramref name="basePath"/> and the file, e.g. <c>["year=2024", "day=1"]</c>; empty when the file is not under it.</summary>
    public static string[] DirectoriesBetween(string basePath, string file)
    {
        var b = Normalize(basePath) + "/";
        var f = Normalize(file);
        if (!f.StartsWith(b, StringComparison.Ordinal)) return Array.Empty<string>();
        var parts = f[b.Length..].Split('/');
        return parts[..^1];
    }

    /// <summary>Joins a directory and a relative name with <c>/</c> (works for local paths and URIs).</summary>
    public static string Combine(string dir, string name) => dir.TrimEnd('/', '\\') + "/" + name;

    /// <summary>Spark's hidden-file rule for data listings: names starting with <c>_</c> (unless they hold <c>=</c>, a partition
    /// directory) or <c>.</c>, and files being copied (<c>._COPYING_</c>) or written (<c>.tmp</c>), are not data.</summary>
    public static bool IsHidden(string name) =>
        (name.StartsWith('_') && !name.Contains('=')) || name.StartsWith('.') || name.EndsWith("._COPYING_", StringComparison.Ordinal)
        || name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase);
}
