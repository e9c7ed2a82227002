using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Spate.Sources;

namespace Spate.S3;

/// <summary>
/// <c>s3://bucket/key</c> and <c>s3a://bucket/key</c> paths for Spate's file sources and sinks. Directories are key
/// prefixes: a directory exists when some key starts with <c>dir/</c>; listing pages through ListObjectsV2.
/// Reads download the object; writes buffer it and upload it with one PUT, or as a multipart upload in parts of
/// <c>fs.s3a.multipart.size</c> (64M by default) when larger; rename is copy then delete (not atomic: the streaming
/// sink therefore writes files under their final names, which is atomic on S3). Settings come from
/// <see cref="S3Settings"/>: reader/writer options, the session's <c>spark.hadoop.fs.s3a.*</c> confs, or the AWS
/// environment variables.
/// </summary>
internal sealed class S3FileSystem : IFileSystem, IOptionsAwareFileSystem
{
    /// <summary>Objects up to this size are read into memory; larger ones spill to a temp file.</summary>
    private const long InMemoryReadLimit = 64L * 1024 * 1024;

    /// <summary>The instance registered for the <c>s3</c> and <c>s3a</c> schemes: session confs and environment only.</summary>
    public static readonly S3FileSystem Default = new(new Dictionary<string, string>());

    private readonly IReadOnlyDictionary<string, string> _options;

    public S3FileSystem(IReadOnlyDictionary<string, string> options) { _options = options; }

    public IFileSystem WithOptions(IReadOnlyDictionary<string, string> options) =>
        options.Keys.Any(k => k.StartsWith("fs.s3a.", StringComparison.OrdinalIgnoreCase) || k.StartsWith("spark.hadoop.fs.s3a.", StringComparison.OrdinalIgnoreCase))
            ? new S3FileSystem(options) : this;

    internal S3Settings SettingsFor(string bucket) => S3Settings.Resolve(bucket, _options, S3SessionConf.Current());

    internal IAmazonS3 ClientFor(string bucket) => S3ClientFactory.For(SettingsFor(bucket));

    private static T Run<T>(Task<T> task, S3Path path, string what)
    {
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode == "NoSuchBucket")
        {
            throw new FileNotFoundException($"[PATH_NOT_FOUND] The bucket {path.Bucket} does not exist ({what} {path}).", path.ToString(), e);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw new FileNotFoundException($"[PATH_NOT_FOUND] Path does not exist: {path}.", path.ToString(), e);
        }
        catch (AmazonS3Exception e)
        {
            throw new IOException($"S3 {what} of {path} failed: {e.StatusCode} {e.ErrorCode}: {e.Message}", e);
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            throw new IOException($"S3 {what} of {path} failed: {e.Message} (endpoint and credentials come from fs.s3a.* options, spark.hadoop.fs.s3a.* confs or AWS_* environment variables)", e);
        }
    }

    /// <summary>The object's metadata, or null when there is no such key.</summary>
    private GetObjectMetadataResponse? Head(S3Path p)
    {
        if (p.Key.Length == 0 || p.Key.EndsWith('/')) return null;
        try
        {
            return Run(ClientFor(p.Bucket).GetObjectMetadataAsync(p.Bucket, p.Key), p, "HEAD");
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Objects under a prefix, page by page (1000 keys a page).</summary>
    private IEnumerable<S3Object> List(S3Path p, string prefix, int? maxKeys = null)
    {
        var client = ClientFor(p.Bucket);
        var request = new ListObjectsV2Request { BucketName = p.Bucket, Prefix = prefix };
        if (maxKeys != null) request.MaxKeys = maxKeys.Value;
        while (true)
        {
            var response = Run(client.ListObjectsV2Async(request), p, "LIST");
            foreach (var o in response.S3Objects ?? new List<S3Object>()) yield return o;
            if (maxKeys != null || response.IsTruncated != true || string.IsNullOrEmpty(response.NextContinuationToken)) yield break;
            request.ContinuationToken = response.NextContinuationToken;
        }
    }

    public bool Exists(string path)
    {
        var p = S3Path.Parse(path);
        if (p.Key.Length == 0) return BucketExists(p);
        return Head(p) != null || IsDirectory(path);
    }

    private bool BucketExists(S3Path p)
    {
        try
        {
            _ = List(p, "", 1).Any();
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    public bool IsDirectory(string path)
    {
        var p = S3Path.Parse(path);
        if (p.Key.Length == 0) return BucketExists(p);
        try
        {
            return List(p, p.DirectoryPrefix, 1).Any();
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    public IReadOnlyList<FileEntry> ListFiles(string dir)
    {
        var p = S3Path.Parse(dir);
        List<FileEntry> files;
        try
        {
            files = List(p, p.DirectoryPrefix)
                .Where(o => !o.Key.EndsWith('/'))   // "directory" marker objects
                .Select(o => new FileEntry(p.Uri(o.Key), o.Size ?? 0, ToUtc(o.LastModified)))
                .ToList();
        }
        catch (FileNotFoundException)
        {
            return Array.Empty<FileEntry>();
        }
        if (files.Count > 0) return files;
        // Not a prefix: perhaps a single object.
        var head = Head(p);
        return head == null ? Array.Empty<FileEntry>() : new[] { new FileEntry(p.ToString(), head.ContentLength, ToUtc(head.LastModified)) };
    }

    private static DateTime ToUtc(DateTime? t) => t is { } v ? (v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime()) : DateTime.UnixEpoch;

    public Stream OpenRead(string path)
    {
        var p = S3Path.Parse(path);
        using var response = Run(ClientFor(p.Bucket).GetObjectAsync(p.Bucket, p.Key), p, "GET");
        Stream target = response.ContentLength > InMemoryReadLimit
            ? new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose)
            : new MemoryStream(response.ContentLength > 0 ? (int)response.ContentLength : 0);
        response.ResponseStream.CopyTo(target);
        target.Position = 0;
        return target;
    }

    public Stream Create(string path)
    {
        var p = S3Path.Parse(path);
        if (p.Key.Length == 0 || p.Key.EndsWith('/')) throw new ArgumentException($"[INVALID_PATH] Cannot write an object at {path}: it names a directory.");
        return new S3UploadStream(ClientFor(p.Bucket), p, SettingsFor(p.Bucket).PartSize);
    }

    public void Delete(string path)
    {
        var p = S3Path.Parse(path);
        var client = ClientFor(p.Bucket);
        // Like deleting a local path: the object itself, and everything under it as a directory.
        var keys = List(p, p.DirectoryPrefix).Select(o => o.Key).ToList();
        if (Head(p) != null) keys.Add(p.Key);
        foreach (var key in keys)
            Run(client.DeleteObjectAsync(p.Bucket, key), p, "DELETE");
    }

    public void Rename(string from, string to)
    {
        var src = S3Path.Parse(from);
        var dst = S3Path.Parse(to);
        var client = ClientFor(src.Bucket);
        try
        {
            Run(client.CopyObjectAsync(new CopyObjectRequest
            {
                SourceBucket = src.Bucket, SourceKey = src.Key, DestinationBucket = dst.Bucket, DestinationKey = dst.Key,
            }), src, "COPY");
        }
        catch (FileNotFoundException) when (Head(src) != null)
        {
            // The source exists, yet the store rejected the copy (some S3-compatible stores mis-decode the
            // x-amz-copy-source header): copy through this process instead.
            using var input = OpenRead(from);
            using var output = Create(to);
            input.CopyTo(output);
        }
        Run(client.DeleteObjectAsync(src.Bucket, src.Key), src, "DELETE");
    }
}
