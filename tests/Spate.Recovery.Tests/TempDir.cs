namespace Spate.Recovery.Tests;

/// <summary>A fresh directory for one scenario (checkpoint + SQLite file or output directory), deleted afterwards.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir(string name)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "spate-recovery-" + name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }
    public string Checkpoint => System.IO.Path.Combine(Path, "checkpoint");
    public string Database => System.IO.Path.Combine(Path, "result.sqlite");
    public string Output => System.IO.Path.Combine(Path, "output");

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
