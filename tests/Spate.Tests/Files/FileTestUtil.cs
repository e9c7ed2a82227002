using Spate.Sql;

namespace Spate.Tests.Files;

/// <summary>A fresh temporary directory per test, removed afterwards.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "spate-files-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Writes <paramref name="content"/> to a file in the directory and returns its path.</summary>
    public string File(string name, string content)
    {
        var p = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllText(p, content);
        return p;
    }

    /// <summary>Writes one file into a new sub-directory and returns the directory: reading a single file by its own
    /// path fails until LocalFileSystem.ListFiles accepts a file (reported to the lead).</summary>
    public string Data(string name, string content)
    {
        var d = System.IO.Path.Combine(Path, "data-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        System.IO.File.WriteAllText(System.IO.Path.Combine(d, name), content);
        return d;
    }

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, true); } catch (IOException) { }
    }
}

internal static class Rows
{
    /// <summary>Rows as text, <c>a|b|null</c>, for compact assertions.</summary>
    public static string[] Text(DataFrame df) =>
        df.Collect().Select(r => string.Join("|", r.Values.Select(v => ValueConverter.ToDisplayString(v)))).ToArray();
}
