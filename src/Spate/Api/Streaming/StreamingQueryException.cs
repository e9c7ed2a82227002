namespace Spate.Sql.Streaming;

/// <summary>The error that stopped a streaming query; <see cref="Exception.InnerException"/> is the cause.</summary>
public sealed class StreamingQueryException : Exception
{
    internal StreamingQueryException(string message, Exception cause, Guid id, Guid runId, string? startOffset, string? endOffset)
        : base(message, cause)
    {
        QueryId = id;
        RunId = runId;
        StartOffset = startOffset;
        EndOffset = endOffset;
    }

    public Guid QueryId { get; }
    public Guid RunId { get; }
    public string? StartOffset { get; }
    public string? EndOffset { get; }
}
