using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Spate.S3;

/// <summary>
/// A write-only stream that becomes one S3 object when disposed: a single PUT when the data fits in one part, else a
/// multipart upload whose parts are sent as the buffer fills (so memory stays at about one part), completed on
/// dispose and aborted if completing fails. The object appears only once complete, so readers never see part of it.
/// </summary>
internal sealed class S3UploadStream : Stream
{
    private readonly IAmazonS3 _client;
    private readonly S3Path _path;
    private readonly long _partSize;
    private MemoryStream _buffer = new();
    private string? _uploadId;
    private readonly List<PartETag> _parts = new();
    private long _length;
    private bool _closed;

    public S3UploadStream(IAmazonS3 client, S3Path path, long partSize)
    {
        _client = client;
        _path = path;
        _partSize = partSize;
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !_closed;
    public override long Length => _length;
    public override long Position { get => _length; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        _buffer.Write(buffer);
        _length += buffer.Length;
        if (_buffer.Length >= _partSize) UploadPart();
    }

    private void UploadPart()
    {
        try
        {
            _uploadId ??= _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _path.Bucket, Key = _path.Key })
                .GetAwaiter().GetResult().UploadId;
            _buffer.Position = 0;
            int number = _parts.Count + 1;
            var response = _client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = _path.Bucket, Key = _path.Key, UploadId = _uploadId, PartNumber = number,
                InputStream = _buffer, PartSize = _buffer.Length, UseChunkEncoding = false,
            }).GetAwaiter().GetResult();
            _parts.Add(new PartETag(number, response.ETag));
            _buffer = new MemoryStream();
        }
        catch (AmazonServiceException e)
        {
            Abort();
            throw new IOException($"S3 multipart upload of {_path} failed: {e.Message}", e);
        }
    }

    private void Abort()
    {
        if (_uploadId == null) return;
        try
        {
            _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _path.Bucket, Key = _path.Key, UploadId = _uploadId })
                .GetAwaiter().GetResult();
        }
        catch (AmazonServiceException)
        {
            // Best effort: a lifecycle rule removes abandoned uploads.
        }
        _uploadId = null;
    }

    protected override void Dispose(bool disposing)
    {
        if (_closed || !disposing) { base.Dispose(disposing); return; }
        _closed = true;
        try
        {
            if (_uploadId == null)
            {
                _buffer.Position = 0;
                _client.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = _path.Bucket, Key = _path.Key, InputStream = _buffer, AutoCloseStream = false, UseChunkEncoding = false,
                }).GetAwaiter().GetResult();
            }
            else
            {
                if (_buffer.Length > 0) UploadPart();
                var complete = new CompleteMultipartUploadRequest { BucketName = _path.Bucket, Key = _path.Key, UploadId = _uploadId };
                complete.AddPartETags(_parts);
                _client.CompleteMultipartUploadAsync(complete).GetAwaiter().GetResult();
            }
        }
        catch (AmazonServiceException e)
        {
            Abort();
            throw new IOException($"S3 upload of {_path} failed: {e.Message}", e);
        }
        finally
        {
            _buffer.Dispose();
            base.Dispose(disposing);
        }
    }
}
