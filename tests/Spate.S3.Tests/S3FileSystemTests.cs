using Amazon.S3.Model;
using Spate.Sources;

namespace Spate.S3.Tests;

[Collection("s3rver")]
public class S3FileSystemTests
{
    private readonly S3rverFixture _s3;

    public S3FileSystemTests(S3rverFixture s3) { _s3 = s3; }

    private static string Uri(string key) => $"s3://{S3rverFixture.Bucket}/{key}";

    private static byte[] RandomBytes(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    private static byte[] ReadAll(IFileSystem fs, string path)
    {
        using var s = fs.OpenRead(path);
        var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    [Fact]
    public void PutGetListRenameDelete_SmallObject_ByteExact()
    {
        _ = _s3.Spark;
        var fs = FileSystems.For(Uri("fs1"));
        Assert.IsType<S3FileSystem>(fs);
        var data = RandomBytes(200_000, 1);
        using (var w = fs.Create(Uri("fs1/a/one.bin"))) w.Write(data);

        Assert.Equal(data, ReadAll(fs, Uri("fs1/a/one.bin")));
        Assert.True(fs.Exists(Uri("fs1/a/one.bin")));
        Assert.False(fs.IsDirectory(Uri("fs1/a/one.bin")));
        Assert.True(fs.IsDirectory(Uri("fs1/a")));
        Assert.True(fs.Exists(Uri("fs1")));
        Assert.False(fs.Exists(Uri("fs1/nothing")));
        var listed = Assert.Single(fs.ListFiles(Uri("fs1")));
        Assert.Equal(Uri("fs1/a/one.bin"), listed.Path);
        Assert.Equal(200_000, listed.Length);
        // A single object lists as itself.
        Assert.Equal(Uri("fs1/a/one.bin"), Assert.Single(fs.ListFiles(Uri("fs1/a/one.bin"))).Path);

        fs.Rename(Uri("fs1/a/one.bin"), Uri("fs1/b/two.bin"));
        Assert.Equal(new[] { "fs1/b/two.bin" }, _s3.Keys("fs1/"));
        Assert.Equal(data, ReadAll(fs, Uri("fs1/b/two.bin")));

        fs.Delete(Uri("fs1"));
        Assert.Empty(_s3.Keys("fs1/"));
        Assert.Throws<FileNotFoundException>(() => fs.OpenRead(Uri("fs1/b/two.bin")));
    }

    [Fact]
    public async Task Create_LargerThanPartSize_MultipartUploadByteExact()
    {
        _ = _s3.Spark;
        var fs = ((IOptionsAwareFileSystem)FileSystems.For(Uri("mp"))).WithOptions(new Dictionary<string, string> { ["fs.s3a.multipart.size"] = "5M" });
        var data = RandomBytes(11 * 1024 * 1024 + 123, 2);
        using (var w = fs.Create(Uri("mp/big.bin")))
            for (int off = 0; off < data.Length; off += 1 << 20) w.Write(data, off, Math.Min(1 << 20, data.Length - off));

        Assert.Equal(data, ReadAll(fs, Uri("mp/big.bin")));
        var meta = await _s3.Client.GetObjectMetadataAsync(S3rverFixture.Bucket, "mp/big.bin");
        Assert.Equal(data.Length, meta.ContentLength);
        // Sent as a multipart upload of three parts (5 MiB, 5 MiB, the rest), as s3rver's request log shows.
        var log = _s3.Log;
        Assert.Contains("partNumber=3", log);
        Assert.DoesNotContain("partNumber=4", log);
    }

    [Fact]
    public void ListFiles_MoreThanOnePage_AllKeys()
    {
        _ = _s3.Spark;
        Parallel.For(0, 1005, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => _s3.Put($"many/k{i:D4}.txt", "x"));
        var files = FileSystems.For(Uri("many")).ListFiles(Uri("many"));
        Assert.Equal(1005, files.Count);
        Assert.Equal(1005, files.Select(f => f.Path).Distinct().Count());
    }

    [Fact]
    public void OpenRead_MissingBucket_FileNotFound()
    {
        _ = _s3.Spark;
        var fs = FileSystems.For("s3://no-such-bucket/x");
        Assert.False(fs.Exists("s3://no-such-bucket/x"));
        var e = Assert.Throws<FileNotFoundException>(() => fs.OpenRead("s3://no-such-bucket/x"));
        Assert.Contains("no-such-bucket", e.Message);
    }

    [Fact]
    public void Settings_OptionsOverSessionOverEnvironment()
    {
        var conf = new Dictionary<string, string>
        {
            ["spark.hadoop.fs.s3a.endpoint"] = "http://10.0.0.1:9000",
            ["spark.hadoop.fs.s3a.access.key"] = "conf-key",
            ["spark.hadoop.fs.s3a.secret.key"] = "conf-secret",
            ["spark.hadoop.fs.s3a.bucket.special.endpoint"] = "http://10.0.0.2:9000",
        };
        var options = new Dictionary<string, string> { ["fs.s3a.access.key"] = "option-key" };
        var s = S3Settings.Resolve("b", options, conf);
        Assert.Equal("http://10.0.0.1:9000", s.Endpoint);
        Assert.Equal("option-key", s.AccessKey);
        Assert.Equal("conf-secret", s.SecretKey);
        Assert.True(s.PathStyle);   // an IP endpoint cannot use virtual-host addressing
        Assert.Equal(64L * 1024 * 1024, s.PartSize);
        Assert.Equal("http://10.0.0.2:9000", S3Settings.Resolve("special", options, conf).Endpoint);

        var bare = S3Settings.Resolve("b", new Dictionary<string, string> { ["spark.hadoop.fs.s3a.endpoint"] = "storage.example.com", ["fs.s3a.connection.ssl.enabled"] = "false" }, null);
        Assert.Equal("http://storage.example.com", bare.Endpoint);
        Assert.False(bare.PathStyle);
        var e = Assert.Throws<ArgumentException>(() => S3Settings.Resolve("b", new Dictionary<string, string> { ["fs.s3a.multipart.size"] = "big" }, null));
        Assert.Contains("fs.s3a.multipart.size", e.Message);
    }

    [Fact]
    public void Settings_NothingConfigured_FromAwsEnvironment()
    {
        var saved = new[] { "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY" }.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL", "http://127.0.0.1:1234");
            Environment.SetEnvironmentVariable("AWS_REGION", "eu-west-3");
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "env-key");
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "env-secret");
            var s = S3Settings.Resolve("b", new Dictionary<string, string>(), new Dictionary<string, string>());
            Assert.Equal(new S3Settings("http://127.0.0.1:1234", "eu-west-3", true, "env-key", "env-secret", Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN"), 64L * 1024 * 1024), s);
        }
        finally
        {
            foreach (var kv in saved) Environment.SetEnvironmentVariable(kv.Key, kv.Value);
        }
    }
}
