using Spate.S3.Tests;
using Spate.Sql;
using Spate.Sql.Streaming;

namespace Spate.Connectors.Tests.Sources;

/// <summary>The file source over an s3rver prefix (<c>s3://bucket/prefix</c>), one object per burst.</summary>
public sealed class S3SourceAdapter : ISourceAdapter
{
    private readonly Peers _peers;
    private readonly string _prefix;
    private int _objects;

    public S3SourceAdapter(Peers peers, CaseNames names)
    {
        _peers = peers;
        _prefix = names.Id + "/in/";
        // The prefix must exist when the stream is defined; names starting with '_' are not data.
        peers.S3.Put(_prefix + "_started", "");
    }

    public DataFrame Open() => _peers.Spark.ReadStream().Format("text").Load($"s3://{S3rverFixture.Bucket}/{_prefix}");

    /// <summary>An S3 PUT is atomic: the object appears whole or not at all.</summary>
    public void Send(IReadOnlyList<string> lines) =>
        _peers.S3.Put($"{_prefix}burst-{_objects++}.json", string.Concat(lines.Select(l => l + "\n")));

    public void AwaitProcessed(StreamingQuery query, long linesSent) => query.ProcessAllAvailable();

    public void Dispose() { }
}
