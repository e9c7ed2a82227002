namespace Spate.S3;

/// <summary>An <c>s3://bucket/key</c> (or <c>s3a://</c>) path split into its parts; the scheme is kept so listings answer in the caller's form.</summary>
internal readonly record struct S3Path(string Scheme, string Bucket, string Key)
{
    public static S3Path Parse(string path)
    {
        int i = path.IndexOf("://", StringComparison.Ordinal);
        if (i <= 0) throw new ArgumentException($"[INVALID_PATH] Not an S3 path: {path}. Expected s3://bucket/key.");
        var rest = path[(i + 3)..];
        int slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        if (bucket.Length == 0) throw new ArgumentException($"[INVALID_PATH] The S3 path {path} names no bucket. Expected s3://bucket/key.");
        var key = slash < 0 ? "" : rest[(slash + 1)..];
        return new S3Path(path[..i], bucket, key);
    }

    /// <summary>The key as a directory prefix: <c>a/b/</c>, or empty for the bucket root.</summary>
    public string DirectoryPrefix => Key.Length == 0 ? "" : Key.TrimEnd('/') + "/";

    public string Uri(string key) => $"{Scheme}://{Bucket}/{key}";

    public override string ToString() => Uri(Key);
}
