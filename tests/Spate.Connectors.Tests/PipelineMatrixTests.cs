using Spate.Connectors.Tests.Sinks;
using Spate.Connectors.Tests.Sources;

namespace Spate.Connectors.Tests;

/// <summary>
/// The lecture's fraud pipeline from every source kind into every sink kind, against the real peers: the same three
/// bursts go in, each committed as its own batch, and each sink must hold exactly the expected report.
/// </summary>
[Collection("connectors")]
public sealed class PipelineMatrixTests
{
    public static readonly string[] SourceKinds = { "socket", "files", "s3", "kafka" };
    public static readonly string[] SinkKinds = { "console", "files", "kafka", "postgres", "sqlite" };

    private readonly Peers _peers;

    public PipelineMatrixTests(Peers peers) { _peers = peers; }

    public static TheoryData<string, string> Matrix()
    {
        var data = new TheoryData<string, string>();
        foreach (var source in SourceKinds)
            foreach (var sink in SinkKinds) data.Add(source, sink);
        return data;
    }

    private ISourceAdapter CreateSource(string kind, CaseNames names) => kind switch
    {
        "socket" => new SocketSourceAdapter(_peers),
        "files" => new FilesSourceAdapter(_peers, names),
        "s3" => new S3SourceAdapter(_peers, names),
        "kafka" => new KafkaSourceAdapter(_peers, names),
        _ => throw new ArgumentException($"unknown source kind {kind}"),
    };

    private ISinkAdapter CreateSink(string kind, CaseNames names) => kind switch
    {
        "console" => new ConsoleSinkAdapter(),
        "files" => new FilesSinkAdapter(_peers),
        "kafka" => new KafkaSinkAdapter(_peers, names),
        "postgres" => new PostgresSinkAdapter(_peers, names),
        "sqlite" => new SqliteSinkAdapter(names),
        _ => throw new ArgumentException($"unknown sink kind {kind}"),
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void FraudPipeline_SourceIntoSink_SinkHoldsExpectedReport(string source, string sink)
    {
        using var names = new CaseNames(source, sink);
        using var input = CreateSource(source, names);
        using var output = CreateSink(sink, names);
        var flagged = FraudPipeline.Flagged(input.Open());
        var query = output.Start(output.AppendOnly ? flagged : FraudPipeline.Report(flagged), names);
        try
        {
            long sent = 0;
            foreach (var burst in FraudPipeline.Bursts)
            {
                input.Send(burst);
                sent += burst.Length;
                input.AwaitProcessed(query, sent);
            }
            Assert.Null(query.Exception());
            Assert.True(query.IsActive());
        }
        finally { query.Stop(); }
        output.Verify();
    }
}
