using Amazon.S3.Model;
using Spate.Sql;
using Spate.Sql.Streaming;

namespace Spate.S3.Tests;

[Collection("s3rver")]
public class S3StreamingTests : IDisposable
{
    private const string Schema = "id INT, name STRING";
    private readonly S3rverFixture _s3;
    private readonly string _tmp = Path.Combine(Path.GetTempPath(), "spate-s3-" + Guid.NewGuid().ToString("N"));

    public S3StreamingTests(S3rverFixture s3)
    {
        _s3 = s3;
        Directory.CreateDirectory(_tmp);
    }

    public void Dispose()
    {
        try { Directory.Delete(_tmp, true); } catch (IOException) { }
    }

    private SparkSession Spark => _s3.Spark;
    private static string Uri(string key) => $"s3://{S3rverFixture.Bucket}/{key}";

    private static string[] Sorted(DataFrame df) =>
        df.Collect().Select(r => string.Join("|", r.Values.Select(v => v?.ToString() ?? "null"))).OrderBy(s => s, StringComparer.Ordinal).ToArray();

    [Fact]
    public void CsvSource_ObjectsAddedBetweenBatches_EachReadOnce()
    {
        _s3.Put("in-csv/a.csv", "1,a\n2,b\n");
        _s3.Put("in-csv/_SUCCESS", "");
        var df = Spark.ReadStream().Schema(Schema).Csv(Uri("in-csv"));
        var q = df.WriteStream().Format("memory").QueryName("s3_csv").Option("checkpointLocation", Path.Combine(_tmp, "cp")).Start();
        try
        {
            q.ProcessAllAvailable();
            Assert.Equal(new[] { "1|a", "2|b" }, Sorted(Spark.Table("s3_csv")));
            _s3.Put("in-csv/b.csv", "3,c\n");
            q.ProcessAllAvailable();
            Assert.Equal(new[] { "1|a", "2|b", "3|c" }, Sorted(Spark.Table("s3_csv")));
        }
        finally { q.Stop(); }
        var log = File.ReadAllText(Path.Combine(_tmp, "cp", "sources", "0", "1"));
        Assert.StartsWith("v1\n{\"path\":\"s3://spate-test/in-csv/b.csv\",\"timestamp\":", log);
    }

    [Fact]
    public async Task ParquetSource_FilesUploadedWithSdk_ReadWithPartitionColumn()
    {
        var local = Path.Combine(_tmp, "pq");
        Spark.CreateDataFrame(new[] { 1, 2, 3 }).Write().Parquet(local);
        foreach (var f in Directory.GetFiles(local, "*.parquet"))
            await _s3.Client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = S3rverFixture.Bucket, Key = "in-pq/day=7/" + Path.GetFileName(f), FilePath = f, UseChunkEncoding = false,
            });
        var df = Spark.ReadStream().Schema("_1 INT").Parquet(Uri("in-pq"));
        Assert.Equal("struct<_1:int,day:int>", df.Schema().SimpleString);
        var q = df.WriteStream().Format("memory").QueryName("s3_pq").Option("checkpointLocation", Path.Combine(_tmp, "cp")).Start();
        try
        {
            q.ProcessAllAvailable();
            Assert.Equal(new[] { "1|7", "2|7", "3|7" }, Sorted(Spark.Table("s3_pq")));
        }
        finally { q.Stop(); }
    }

    [Fact]
    public void ParquetSink_ToS3_ReadBackThroughMetadataLog()
    {
        var input = Path.Combine(_tmp, "in");
        Directory.CreateDirectory(input);
        File.WriteAllText(Path.Combine(input, "a.csv"), "1,a\n2,b\n");
        var q = Spark.ReadStream().Schema(Schema).Csv(input).WriteStream().Format("parquet")
            .Option("path", Uri("out")).Option("checkpointLocation", Path.Combine(_tmp, "cp")).Start();
        try
        {
            q.ProcessAllAvailable();
            File.WriteAllText(Path.Combine(input, "b.csv"), "3,c\n");
            q.ProcessAllAvailable();
        }
        finally { q.Stop(); }

        var keys = _s3.Keys("out/");
        Assert.Contains("out/_spark_metadata/0", keys);
        Assert.Contains("out/_spark_metadata/1", keys);
        Assert.Equal(2, keys.Count(k => k.EndsWith(".snappy.parquet", StringComparison.Ordinal)));
        Assert.StartsWith("v1\n{\"path\":\"s3://spate-test/out/part-00000-", _s3.Get("out/_spark_metadata/0"));
        // A stray object the log does not list is not part of the output.
        _s3.Put("out/part-99999-stray.snappy.parquet", "not parquet");
        Assert.Equal(new[] { "1|a", "2|b", "3|c" }, Sorted(Spark.Read().Parquet(Uri("out"))));
    }

    [Fact]
    public void CsvSource_CleanSourceArchive_MovedWithinBucket()
    {
        _s3.Put("arch-in/a.csv", "1,a\n");
        var df = Spark.ReadStream().Schema(Schema).Option("cleanSource", "archive").Option("sourceArchiveDir", Uri("archived")).Csv(Uri("arch-in"));
        var q = df.WriteStream().Format("memory").QueryName("s3_archive").Option("checkpointLocation", Path.Combine(_tmp, "cp")).Start();
        try
        {
            q.ProcessAllAvailable();
            Assert.Equal(new[] { "1|a" }, Sorted(Spark.Table("s3_archive")));
        }
        finally { q.Stop(); }
        Assert.Empty(_s3.Keys("arch-in/"));
        Assert.Equal("1,a\n", _s3.Get("archived/arch-in/a.csv"));
    }
}
