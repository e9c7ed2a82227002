using Spate.Columnar;
using Spate.Expressions.Json;

namespace Spate.Sources;

/// <summary>Where <see cref="JsonLinesReader"/> puts the records it reads: one batch at a time, whose string fields
/// are views of the chunk its lines were read into.</summary>
internal interface IJsonRecordBatch
{
    /// <summary>The buffer the current batch's strings view; null before the first <see cref="Start"/>.</summary>
    byte[]? ViewSource { get; }

    /// <summary>Rows in the current batch.</summary>
    int Rows { get; }

    /// <summary>The one-pass parser, or null when every record needs the general parser.</summary>
    JsonFlatRecordParser? Flat { get; }

    /// <summary>The vectors <see cref="Flat"/> appends to.</summary>
    ColumnVector[] Targets { get; }

    /// <summary>Starts a batch viewing <paramref name="buffer"/>, sized for about <paramref name="rows"/> rows.</summary>
    void Start(byte[] buffer, int rows);

    /// <summary>Counts a record the caller appended with <see cref="Flat"/>.</summary>
    void AddedByFlatParser();

    /// <summary>Adds one record (a line) starting at <paramref name="viewBase"/> of the view source.</summary>
    void Add(ReadOnlySpan<byte> record, int viewBase);

    /// <summary>The current batch, ended.</summary>
    ColumnBatch Finish();
}

/// <summary>
/// Reads JSON lines into batches with no copy and no separate search for line ends: a line with the learned record
/// shape is parsed where it was read and the parse finds where it ends; other lines are cut by the
/// <see cref="TextLineChunker"/> (<c>\n</c>, <c>\r\n</c>, <c>\r</c>) and parsed the usual way. A batch ends where its
/// chunk does (its strings view that chunk) or at <c>maxRows</c>.
/// </summary>
internal static class JsonLinesReader
{
    /// <summary>Chunks stay under the large-object threshold (85,000 bytes): short-lived gen0 garbage, where 1 MB
    /// chunks on the large object heap cost a gen2 collection every few megabytes read.</summary>
    public const int ChunkBytes = 80_000;

    /// <param name="lines">The file's lines (a chunker that hands its chunks over).</param>
    /// <param name="batch">Builds the batches; its parser may drop records a filter above would drop (KeepOnly).</param>
    /// <param name="maxRows">At most this many rows a batch.</param>
    /// <param name="inPlace">False to cut every line first (a custom lineSep, which the parse cannot recognise).</param>
    /// <param name="linesRead">Counts every record read, dropped ones included (a micro-batch's input rows).</param>
    public static IEnumerable<ColumnBatch> Read(TextLineChunker lines, IJsonRecordBatch batch, int maxRows, bool inPlace, RowCounter? linesRead)
    {
        var flat = inPlace ? batch.Flat : null;
        int rowsGuess = Math.Min(maxRows, 1024);
        long dropped = 0; // records a pushed filter dropped since the last count (counted in bulk: no atomic per line)
        while (true)
        {
            if (!ReferenceEquals(batch.ViewSource, lines.Buffer) || batch.Rows >= maxRows)
            {
                if (batch.Rows > 0)
                {
                    rowsGuess = Math.Min(maxRows, batch.Rows + (batch.Rows >> 3) + 16);
                    linesRead?.Add(batch.Rows + dropped);
                    dropped = 0;
                    yield return batch.Finish();
                }
                batch.Start(lines.Buffer, rowsGuess);
            }
            if (flat != null)
            {
                int at = lines.Position;
                int used = flat.TryParseLine(lines.Buffer.AsSpan(at, lines.End - at), batch.Targets, at, out bool kept);
                if (used > 0)
                {
                    if (kept) batch.AddedByFlatParser();
                    else dropped++;
                    lines.Skip(at + used);
                    continue;
                }
            }
            if (!lines.Next(out int start, out int length)) break;
            if (!ReferenceEquals(batch.ViewSource, lines.Buffer))
            {
                // The line was completed by a read into a new buffer: it starts the next batch.
                if (batch.Rows > 0)
                {
                    linesRead?.Add(batch.Rows + dropped);
                    dropped = 0;
                    yield return batch.Finish();
                }
                batch.Start(lines.Buffer, rowsGuess);
            }
            batch.Add(lines.Buffer.AsSpan(start, length), start);
        }
        linesRead?.Add(batch.Rows + dropped);
        if (batch.Rows > 0) yield return batch.Finish();
    }
}
