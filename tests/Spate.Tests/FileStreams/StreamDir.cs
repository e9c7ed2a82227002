namespace Spate.Tests.FileStreams;

/// <summary>A temp directory for a streaming test: input, checkpoint and output folders; files are placed atomically
/// (written under a hidden name, then renamed) with a chosen modification time.</summary>
public sealed class StreamDir : IDisposable
{
    private int _counter;

    public StreamDir()
    {
        Root = Path.Combine(Path.GetTempPath(), "spate-fs-" + Guid.NewGuid().ToString("N"));
        Input = Path.Combine(Root, "in");
        Directory.CreateDirectory(Input);
    }

    public string Root { get; }
    public string Input { get; }
    public string Checkpoint => Path.Combine(Root, "cp");
    public string Output => Path.Combine(Root, "out");
    public string Sub(string name) => Path.Combine(Root, name);

    /// <summary>Places a file under the input (or <paramref name="dir"/>) atomically; its modification time is
    /// <paramref name="modified"/>, or one second after the previous file's so that order is well defined.</summary>
    public string Add(string relativePath, string content, DateTime? modified = null, string? dir = null)
    {
        var target = Path.Combine(dir ?? Input, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var tmp = Path.Combine(Path.GetDirectoryName(target)!, "." + Path.GetFileName(target) + ".writing");
        File.WriteAllText(tmp, content);
        File.SetLastWriteTimeUtc(tmp, modified ?? new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(++_counter));
        File.Move(tmp, target);
        return target;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
