namespace Spate.Cli.Producer;

/// <summary>
/// Writes records as NDJSON files into a directory, <c>records-per-file</c> lines each. A file is written under a
/// hidden temporary name (leading '.', which Spark's file sources skip) and renamed when complete, so a streaming
/// file source only ever lists whole files.
/// </summary>
internal sealed class FileSink : IRecordSink
{
    private readonly string _directory;
    private readonly int _recordsPerFile;
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private FileStream? _current;
    private string? _currentTempPath;
    private int _fileIndex;
    private int _recordsInFile;

    /// <summary>Creates the sink, creating <paramref name="directory"/> if needed.</summary>
    public FileSink(string directory, int recordsPerFile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(recordsPerFile, 1);
        _directory = Path.GetFullPath(directory);
        _recordsPerFile = recordsPerFile;
        Directory.CreateDirectory(_directory);
    }

    /// <summary>Full path of the target directory.</summary>
    public string DirectoryPath => _directory;

    /// <summary>Files published so far.</summary>
    public int FilesWritten { get; private set; }

    /// <inheritdoc />
    public int RecordsUntilBoundary => _recordsPerFile - _recordsInFile;

    /// <inheritdoc />
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> records, int recordCount, CancellationToken cancellationToken)
    {
        if (_current is null)
        {
            _currentTempPath = Path.Combine(_directory, "." + FileName(_fileIndex) + ".tmp");
            _current = new FileStream(_currentTempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: true);
        }
        await _current.WriteAsync(records, cancellationToken).ConfigureAwait(false);
        _recordsInFile += recordCount;
        if (_recordsInFile >= _recordsPerFile)
        {
            await PublishAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (_current is not null && _recordsInFile > 0)
        {
            await PublishAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // An unpublished file here means a failed run: drop it rather than leave a stray temporary file.
        if (_current is not null)
        {
            await _current.DisposeAsync().ConfigureAwait(false);
            _current = null;
            File.Delete(_currentTempPath!);
        }
    }

    private async ValueTask PublishAsync()
    {
        await _current!.DisposeAsync().ConfigureAwait(false);
        _current = null;
        File.Move(_currentTempPath!, Path.Combine(_directory, FileName(_fileIndex)));
        _fileIndex++;
        _recordsInFile = 0;
        FilesWritten++;
    }

    private string FileName(int index) => $"part-{index:D5}-{_runId}.json";
}
