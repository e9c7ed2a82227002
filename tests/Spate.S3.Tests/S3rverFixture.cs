using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Spate.Sql;

namespace Spate.S3.Tests;

/// <summary>
/// A throwaway s3rver (installed by .ci/setup.d/40-s3rver.sh into .ci/node) on a free port of 127.0.0.1 with a temp
/// data directory and one bucket, plus a Spate session whose <c>spark.hadoop.fs.s3a.*</c> confs point at it. Fails
/// with a clear message when node or s3rver is missing; never skips.
/// </summary>
public sealed class S3rverFixture : IDisposable
{
    public const string Bucket = "spate-test";
    private readonly Process _process;
    private readonly string _dataDir;
    private readonly System.Text.StringBuilder _log = new();

    /// <summary>What s3rver has printed so far (one line per request).</summary>
    public string Log { get { lock (_log) return _log.ToString(); } }

    public S3rverFixture()
    {
        var script = Path.Combine(RepoRoot(), ".ci", "node", "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
            throw new InvalidOperationException($"s3rver is not installed ({script} is missing): run .ci/setup.d/40-s3rver.sh (it runs npm install s3rver@3.7.1 into .ci/node).");
        _dataDir = Path.Combine(Path.GetTempPath(), "spate-s3rver-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dataDir);
        Port = FreePort();
        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // s3rver signs ListObjectsV2 continuation tokens with DES, which Node 17+ (OpenSSL 3) only offers through the legacy provider.
        foreach (var a in new[] { "--openssl-legacy-provider", script, "-d", _dataDir, "-a", "127.0.0.1", "-p", Port.ToString(), "--configure-bucket", Bucket }) psi.ArgumentList.Add(a);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = _log;
        try
        {
            _process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("node is not installed or not on PATH: the S3 tests need Node.js to run s3rver (.ci/setup.d/40-s3rver.sh installs it).", e);
        }
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == null) return;
            lock (log) log.AppendLine(e.Data);
            if (e.Data.Contains("S3rver listening", StringComparison.Ordinal)) ready.TrySetResult();
        };
        _process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (log) log.AppendLine(e.Data); };
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("s3rver exited before listening:\n" + log));
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (!ready.Task.Wait(TimeSpan.FromSeconds(30)))
        {
            Dispose();
            throw new InvalidOperationException($"s3rver did not start listening on 127.0.0.1:{Port} within 30 s:\n{log}");
        }
        Endpoint = $"http://127.0.0.1:{Port}";
        Client = NewClient(Endpoint);
        Spark = SparkSession.Builder().Master("local[2]").AppName("s3-tests")
            .Config("spark.sql.shuffle.partitions", "2")
            .Config("spark.ui.enabled", "false")
            .Config("spark.hadoop.fs.s3a.endpoint", Endpoint)
            .Config("spark.hadoop.fs.s3a.access.key", "S3RVER")
            .Config("spark.hadoop.fs.s3a.secret.key", "S3RVER")
            .Config("spark.hadoop.fs.s3a.path.style.access", "true")
            .GetOrCreate();
    }

    public int Port { get; }
    public string Endpoint { get; }
    public SparkSession Spark { get; }

    /// <summary>A plain AWSSDK client for arranging and checking objects, with the two settings s3rver needs.</summary>
    public IAmazonS3 Client { get; }

    public static IAmazonS3 NewClient(string endpoint) => new PlainClient(new BasicAWSCredentials("S3RVER", "S3RVER"), new AmazonS3Config
    {
        ServiceURL = endpoint,
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    public void Put(string key, string content) =>
        Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = content, UseChunkEncoding = false }).GetAwaiter().GetResult();

    public string Get(string key)
    {
        using var r = Client.GetObjectAsync(Bucket, key).GetAwaiter().GetResult();
        using var reader = new StreamReader(r.ResponseStream);
        return reader.ReadToEnd();
    }

    public List<string> Keys(string prefix)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix };
        while (true)
        {
            var response = Client.ListObjectsV2Async(request).GetAwaiter().GetResult();
            keys.AddRange((response.S3Objects ?? new List<S3Object>()).Select(o => o.Key));
            if (response.IsTruncated != true) return keys;
            request.ContinuationToken = response.NextContinuationToken;
        }
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Spate.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"Cannot find the repository root (Spate.slnx) above {AppContext.BaseDirectory}.");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) { _process.Kill(entireProcessTree: true); _process.WaitForExit(10_000); }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        try { Directory.Delete(_dataDir, true); } catch (IOException) { }
    }

    private sealed class PlainClient : AmazonS3Client
    {
        public PlainClient(AWSCredentials c, AmazonS3Config cfg) : base(c, cfg) { }

        protected override void CustomizeRuntimePipeline(Amazon.Runtime.Internal.RuntimePipeline pipeline)
        {
            base.CustomizeRuntimePipeline(pipeline);
            pipeline.AddHandlerBefore<Amazon.Runtime.Internal.Signer>(new NoChunks());
        }

        private sealed class NoChunks : Amazon.Runtime.Internal.PipelineHandler
        {
            public override void InvokeSync(IExecutionContext ctx) { ctx.RequestContext.Request.UseChunkEncoding = false; base.InvokeSync(ctx); }
            public override Task<T> InvokeAsync<T>(IExecutionContext ctx) { ctx.RequestContext.Request.UseChunkEncoding = false; return base.InvokeAsync<T>(ctx); }
        }
    }
}

[CollectionDefinition("s3rver")]
public sealed class S3rverCollection : ICollectionFixture<S3rverFixture> { }
