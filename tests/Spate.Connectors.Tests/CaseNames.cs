namespace Spate.Connectors.Tests;

/// <summary>Names no other case uses (topics, tables, S3 prefixes, query name) and a temp dir deleted at the end.</summary>
public sealed class CaseNames : IDisposable
{
    public CaseNames(string source, string sink)
    {
        Id = $"{source}_{sink}_{Guid.NewGuid():N}"[..(source.Length + sink.Length + 10)];
        Dir = Directory.CreateTempSubdirectory("spate-matrix-").FullName;
    }

    /// <summary>A lower-case identifier, valid as a topic, table and query name.</summary>
    public string Id { get; }

    /// <summary>This case's temp dir.</summary>
    public string Dir { get; }

    public string Checkpoint => Path.Combine(Dir, "checkpoint");

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
