using Spate.Columnar;
using Spate.Sql.Types;

namespace Spate.Sources;

/// <summary>
/// Consecutive lines received by the socket source, numbered from <see cref="FirstLine"/>, held as the column vectors
/// a batch hands out. The reader thread appends until the segment is sealed; after that it never changes.
/// </summary>
internal sealed class SocketSegment
{
    public SocketSegment(long firstLine, StringVector values, PrimitiveVector<long>? times)
    {
        FirstLine = firstLine;
        Values = values;
        Times = times;
    }

    public long FirstLine { get; }

    /// <summary>The <c>value</c> column.</summary>
    public StringVector Values { get; }

    /// <summary>The <c>timestamp</c> column (microseconds), with <c>includeTimestamp</c>.</summary>
    public PrimitiveVector<long>? Times { get; }

    /// <summary>No more lines go into this segment.</summary>
    public bool Sealed { get; set; }

    /// <summary>Number of the line after the last one held.</summary>
    public long EndLine => FirstLine + Values.Length;

    /// <summary>The whole segment as a batch, sharing its vectors (seal it first).</summary>
    public ColumnBatch Batch() =>
        new(Times == null ? new ColumnVector[] { Values } : new ColumnVector[] { Values, Times }, Values.Length);

    /// <summary>Rows [<paramref name="lo"/>, <paramref name="hi"/>) as a batch of new vectors.</summary>
    public ColumnBatch Copy(int lo, int hi)
    {
        int rows = hi - lo;
        var values = new StringVector(StringType.Instance, rows, Values.Offsets[hi] - Values.Offsets[lo]);
        for (int i = lo; i < hi; i++) values.Append(Values.GetSpan(i));
        if (Times == null) return new ColumnBatch(new ColumnVector[] { values }, rows);
        var times = new PrimitiveVector<long>(TimestampType.Instance, rows);
        Times.Values.AsSpan(lo, rows).CopyTo(times.Values);
        times.SetLength(rows);
        return new ColumnBatch(new ColumnVector[] { values, times }, rows);
    }
}
