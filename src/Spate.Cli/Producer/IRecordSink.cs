namespace Spate.Cli.Producer;

/// <summary>Destination of produced records. Receives chunks of whole lines.</summary>
internal interface IRecordSink : IAsyncDisposable
{
    /// <summary>
    /// How many more records the sink accepts before a boundary (e.g. the end of a file); chunks never cross one.
    /// </summary>
    int RecordsUntilBoundary { get; }

    /// <summary>Writes <paramref name="recordCount"/> complete lines held in <paramref name="records"/>.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> records, int recordCount, CancellationToken cancellationToken);

    /// <summary>Finishes cleanly: the socket half-closes, a partly filled file is published.</summary>
    ValueTask CompleteAsync(CancellationToken cancellationToken);
}
