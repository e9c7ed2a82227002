using Spate.Sql;
using Spate.Sql.Streaming;

namespace Spate.Connectors.Tests.Sinks;

/// <summary>
/// The file sink (Parquet). It is append-only, as in Spark, so an aggregation without a watermark cannot be written
/// to it: the stream writes the pipeline's stateless part (parsed, flagged, with id) and the report is checked by
/// applying the pipeline's aggregation to a batch read of the output.
/// </summary>
public sealed class FilesSinkAdapter : ISinkAdapter
{
    private readonly Peers _peers;
    private string _output = "";

    public FilesSinkAdapter(Peers peers) { _peers = peers; }

    public bool AppendOnly => true;

    public StreamingQuery Start(DataFrame df, CaseNames names)
    {
        _output = Path.Combine(names.Dir, "out");
        return df.WriteStream().Format("parquet").OutputMode("append").Option("path", _output)
            .QueryName(names.Id).Option("checkpointLocation", names.Checkpoint).Start();
    }

    public void Verify()
    {
        var written = _peers.Spark.Read().Parquet(_output);
        Assert.Equal(FraudPipeline.FlaggedRows, written.Count());
        Assert.True(Directory.Exists(Path.Combine(_output, "_spark_metadata")), "the file sink keeps its log in _spark_metadata");
        var report = FraudPipeline.Report(written).Collect().Select(r => r.Values.ToArray());
        Assert.Equal(FraudPipeline.ExpectedFinal, FraudPipeline.Format(report));
    }

    public void Dispose() { }
}
