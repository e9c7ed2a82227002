using Spate.Sql;
using Spate.Sql.Streaming;
using static Spate.Sql.Functions;

namespace Spate.Tests.FileStreams;

public class FileStreamSinkTests
{
    private static SparkSession Spark => TestSession.Spark;
    private const string Schema = "id INT, name STRING";

    private static string[] Sorted(DataFrame df) =>
        df.Collect().Select(r => string.Join("|", r.Values.Select(v => v?.ToString() ?? "null"))).OrderBy(s => s, StringComparer.Ordinal).ToArray();

    private static StreamingQuery CsvToSink(StreamDir d, string format, Func<DataStreamWriter, DataStreamWriter>? configure = null)
    {
        var writer = Spark.ReadStream().Schema(Schema).Csv(d.Input).WriteStream().Format(format)
            .Option("path", d.Output).Option("checkpointLocation", d.Checkpoint);
        return (configure?.Invoke(writer) ?? writer).Start();
    }

    private static string[] DataFiles(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("_spark_metadata") && !Path.GetFileName(f).StartsWith('.')).ToArray();

    [Fact]
    public void ParquetSink_RoundTrip_ReadBackThroughMetadataLog()
    {
        using var d = new StreamDir();
        d.Add("a.csv", "1,a\n2,b\n");
        var q = CsvToSink(d, "parquet");
        try
        {
            q.ProcessAllAvailable();
            d.Add("b.csv", "3,c\n");
            q.ProcessAllAvailable();
        }
        finally { q.Stop(); }

        Assert.Equal(new[] { "1|a", "2|b", "3|c" }, Sorted(Spark.Read().Parquet(d.Output)));
        // Spark's FileStreamSinkLog: v1 then one JSON line per file.
        var lines = File.ReadAllText(Path.Combine(d.Output, "_spark_metadata", "1")).Split('\n');
        Assert.Equal("v1", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.Matches("^\\{\"path\":\"file:///.+/out/part-00000-[0-9a-f-]{36}-c000\\.snappy\\.parquet\",\"size\":\\d+,\"isDir\":false,\"modificationTime\":\\d+,\"blockReplication\":1,\"blockSize\":33554432,\"action\":\"add\"\\}$", lines[1]);

        // A file the log does not list (a failed batch's leftover, a stray copy) is not part of the output.
        var stray = Path.Combine(d.Output, "part-99999-stray.snappy.parquet");
        File.Copy(DataFiles(d.Output)[0], stray);
        Assert.Equal(3, Spark.Read().Parquet(d.Output).Count());
    }

    [Fact]
    public void CsvSink_ReplayedBatch_SkippedNotDuplicated()
    {
        using var d = new StreamDir();
        d.Add("a.csv", "1,a\n");
        var q1 = CsvToSink(d, "csv");
        q1.ProcessAllAvailable();
        q1.Stop();
        var filesBefore = DataFiles(d.Output);
        Assert.Single(filesBefore);

        // As if the query died after the sink wrote batch 0 but before the commit log: batch 0 runs again.
        File.Delete(Path.Combine(d.Checkpoint, "commits", "0"));
        var q2 = CsvToSink(d, "csv");
        try
        {
            q2.ProcessAllAvailable();
        }
        finally { q2.Stop(); }
        Assert.Equal(filesBefore, DataFiles(d.Output));
        Assert.Equal(new[] { "1|a" }, Sorted(Spark.Read().Schema(Schema).Csv(d.Output)));
        Assert.False(File.Exists(Path.Combine(d.Output, "_spark_metadata", "1")));
    }

    [Fact]
    public void TextSink_PartitionBy_KeyValueDirectoriesReadBackAsColumns()
    {
        using var d = new StreamDir();
        d.Add("a.csv", "1,x\n2,y\n3,x\n4,\n5,a/b\n");
        var writer = Spark.ReadStream().Schema(Schema).Csv(d.Input)
            .Select(Col("name"), Col("id").Cast("string").Alias("value"))
            .WriteStream().Format("text").PartitionBy("name").Option("path", d.Output).Option("checkpointLocation", d.Checkpoint);
        var q = writer.Start();
        try { q.ProcessAllAvailable(); }
        finally { q.Stop(); }

        var dirs = Directory.EnumerateDirectories(d.Output).Select(Path.GetFileName).OrderBy(s => s, StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "_spark_metadata", "name=__HIVE_DEFAULT_PARTITION__", "name=a%2Fb", "name=x", "name=y" }, dirs);
        Assert.Equal("1\n3\n", File.ReadAllText(Directory.EnumerateFiles(Path.Combine(d.Output, "name=x")).Single()));

        // The streaming file source reads the sink's output through its log, with the partition column.
        var back = Spark.ReadStream().Text(d.Output);
        var q2 = back.WriteStream().Format("memory").QueryName("fs_sink_partitions").Option("checkpointLocation", d.Sub("cp2")).Start();
        try
        {
            q2.ProcessAllAvailable();
            Assert.Equal(new[] { "1|x", "2|y", "3|x", "4|null", "5|a/b" }, Sorted(Spark.Table("fs_sink_partitions")));
        }
        finally { q2.Stop(); }
    }

    [Fact]
    public void Sink_UpdateMode_FailsAppendOnly()
    {
        using var d = new StreamDir();
        var e = Assert.Throws<AnalysisException>(() => CsvToSink(d, "parquet", w => w.OutputMode("update")));
        Assert.Equal("Data source parquet does not support Update output mode", e.Message);
    }

    [Fact]
    public void Sink_NoCheckpoint_FailsCheckpointRequired()
    {
        using var d = new StreamDir();
        var e = Assert.Throws<AnalysisException>(() =>
            Spark.ReadStream().Schema(Schema).Csv(d.Input).WriteStream().Format("csv").Option("path", d.Output).Start());
        Assert.StartsWith("checkpointLocation must be specified", e.Message);
    }

    [Fact]
    public void Sink_UnknownPartitionColumn_Fails()
    {
        using var d = new StreamDir();
        var e = Assert.Throws<AnalysisException>(() => CsvToSink(d, "csv", w => w.PartitionBy("nope")));
        Assert.StartsWith("Partition column `nope` not found in schema", e.Message);
    }

    [Fact]
    public void SinkLog_TenBatches_CompactedAndStillReadable()
    {
        using var d = new StreamDir();
        var q = CsvToSink(d, "csv");
        try
        {
            for (int i = 0; i < 11; i++)
            {
                d.Add($"f{i}.csv", $"{i},n{i}\n");
                q.ProcessAllAvailable();
            }
        }
        finally { q.Stop(); }
        // Batch 9 is a compaction: 9.compact holds the files of batches 0 to 9.
        var compact = File.ReadAllText(Path.Combine(d.Output, "_spark_metadata", "9.compact")).Split('\n');
        Assert.Equal(11, compact.Length);
        Assert.True(File.Exists(Path.Combine(d.Output, "_spark_metadata", "10")));
        Assert.Equal(11, Spark.Read().Schema(Schema).Csv(d.Output).Count());
    }

    [Fact]
    public void Sink_RelativePath_ReplayStillSkipped()
    {
        using var d = new StreamDir();
        d.Add("a.csv", "1,a\n");
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, d.Output);
        StreamingQuery Start() => Spark.ReadStream().Schema(Schema).Csv(d.Input).WriteStream().Format("csv")
            .Option("path", relative).Option("checkpointLocation", d.Checkpoint).Start();
        var q1 = Start();
        q1.ProcessAllAvailable();
        q1.Stop();
        File.Delete(Path.Combine(d.Checkpoint, "commits", "0"));
        var q2 = Start();
        try { q2.ProcessAllAvailable(); }
        finally { q2.Stop(); }
        Assert.Single(DataFiles(d.Output));
    }
}
