using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.S3;

namespace Spate.S3;

/// <summary>One S3 client per distinct <see cref="S3Settings"/> (clients are thread-safe and hold connection pools).</summary>
internal static class S3ClientFactory
{
    private static readonly Dictionary<S3Settings, IAmazonS3> Clients = new();

    public static IAmazonS3 For(S3Settings settings)
    {
        lock (Clients)
        {
            if (!Clients.TryGetValue(settings, out var client)) Clients[settings] = client = Create(settings);
            return client;
        }
    }

    private static IAmazonS3 Create(S3Settings s)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = s.PathStyle,
            // Checksums only where S3 requires one: with the SDK's default (a CRC32 trailer on every upload) the body is
            // sent aws-chunked, which S3-compatible stores such as s3rver save verbatim, corrupting the object.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (s.Endpoint != null)
        {
            config.ServiceURL = s.Endpoint;
            config.AuthenticationRegion = s.Region;
        }
        else config.RegionEndpoint = RegionEndpoint.GetBySystemName(s.Region);
        if (s.AccessKey != null && s.SecretKey != null)
        {
            AWSCredentials creds = s.SessionToken != null
                ? new SessionAWSCredentials(s.AccessKey, s.SecretKey, s.SessionToken)
                : new BasicAWSCredentials(s.AccessKey, s.SecretKey);
            return new PlainBodyS3Client(creds, config);
        }
        // No keys given: the SDK's default chain (profile, instance role, ...).
        return new PlainBodyS3Client(config);
    }

    /// <summary>A client that never sends aws-chunked bodies: some S3-compatible stores store the chunk framing as the data.
    /// Real S3 accepts plain signed bodies just as well.</summary>
    private sealed class PlainBodyS3Client : AmazonS3Client
    {
        public PlainBodyS3Client(AWSCredentials credentials, AmazonS3Config config) : base(credentials, config) { }
        public PlainBodyS3Client(AmazonS3Config config) : base(config) { }

        protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
        {
            base.CustomizeRuntimePipeline(pipeline);
            pipeline.AddHandlerBefore<Signer>(new NoChunkEncoding());
        }
    }

    private sealed class NoChunkEncoding : PipelineHandler
    {
        public override void InvokeSync(IExecutionContext executionContext)
        {
            executionContext.RequestContext.Request.UseChunkEncoding = false;
            base.InvokeSync(executionContext);
        }

        public override Task<T> InvokeAsync<T>(IExecutionContext executionContext)
        {
            executionContext.RequestContext.Request.UseChunkEncoding = false;
            return base.InvokeAsync<T>(executionContext);
        }
    }
}
