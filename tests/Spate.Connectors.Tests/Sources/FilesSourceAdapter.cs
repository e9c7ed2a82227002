using Spate.Sql;
using Spate.Sql.Streaming;

namespace Spate.Connectors.Tests.Sources;

/// <summary>The file source over a local directory of text files, one file per burst.</summary>
public sealed class FilesSourceAdapter : ISourceAdapter
{
    private readonly Peers _peers;
    private readonly string _dir;
    private int _files;

    public FilesSourceAdapter(Peers peers, CaseNames names)
    {
        _peers = peers;
        _dir = Path.Combine(names.Dir, "in");
        Directory.CreateDirectory(_dir);
    }

    public DataFrame Open() => _peers.Spark.ReadStream().Format("text").Load(_dir);

    /// <summary>Written under a hidden name, then renamed into place: the source must never see a half-written file.</summary>
    public void Send(IReadOnlyList<string> lines)
    {
        string name = $"burst-{_files++}.json";
        string temp = Path.Combine(_dir, "." + name + ".tmp");
        File.WriteAllText(temp, string.Concat(lines.Select(l => l + "\n")));
        File.Move(temp, Path.Combine(_dir, name));
    }

    public void AwaitProcessed(StreamingQuery query, long linesSent) => query.ProcessAllAvailable();

    public void Dispose() { }
}
