using Spate.Columnar;
using Spate.Sql.Types;

namespace Spate.Sources;

/// <summary>
/// A streaming source read in micro-batches. Offsets are opaque JSON strings that the offset log stores.
/// Contract (Spark's <c>Source</c>): for a replayable source, <see cref="GetBatch"/> returns the same rows for the
/// same (start, end] range, also after a restart; <see cref="Commit"/> tells the source that data up to
/// <c>end</c> is processed and may be discarded.
/// </summary>
internal interface IMicroBatchSource : IDisposable
{
    StructType Schema { get; }

    /// <summary>The newest offset available now, given the offset processed so far (<paramref name="start"/>, null before
    /// the first batch); null when the source has nothing yet.</summary>
    string? LatestOffset(string? start);

    /// <summary>Everything available now, ignoring per-trigger limits (<c>maxOffsetsPerTrigger</c>, <c>maxFilesPerTrigger</c>):
    /// the target of <c>ProcessAllAvailable</c> and <c>Trigger.AvailableNow</c>.</summary>
    string? AvailableOffset(string? start) => LatestOffset(start);

    /// <summary>The rows in (<paramref name="start"/>, <paramref name="end"/>]; <paramref name="start"/> null means from the beginning.</summary>
    IReadOnlyList<ColumnBatch> GetBatch(string? start, string end);

    /// <summary>
    /// The rows in (<paramref name="start"/>, <paramref name="end"/>] as a plan that reads them when the batch runs
    /// (Spark's getBatch returns such a DataFrame), or null to have <see cref="GetBatch"/> read them up front. The
    /// plan's output must be <paramref name="output"/>, and it counts the rows it reads into <paramref name="rows"/>
    /// for the progress report. A file source returns a file scan, so a batch is read in parallel splits and never
    /// held in memory as a whole.
    /// </summary>
    Plans.LogicalPlan? GetBatchPlan(string? start, string end, IReadOnlyList<Expressions.AttributeReference> output, RowCounter rows) => null;

    /// <summary>Data up to <paramref name="end"/> is done with.</summary>
    void Commit(string end);

    /// <summary>False for sources that cannot replay a range after a restart (socket).</summary>
    bool IsReplayable { get; }

    /// <summary>A name for progress reports, e.g. <c>TextSocketV2[host: localhost, port: 5555]</c>.</summary>
    string Description { get; }

    /// <summary>True when <paramref name="processed"/> covers <paramref name="target"/> (both offsets of this source).
    /// The default compares numeric offsets by value and others by text.</summary>
    bool Covers(string? processed, string target)
    {
        if (processed == null) return false;
        if (long.TryParse(processed, out long p) && long.TryParse(target, out long t)) return p >= t;
        return processed == target;
    }
}

/// <summary>Rows read by a batch's scan, counted as they are produced (partitions run in parallel).</summary>
internal sealed class RowCounter
{
    private long _rows;

    /// <summary>The rows counted so far.</summary>
    public long Rows => Interlocked.Read(ref _rows);

    /// <summary>Counts <paramref name="rows"/> more.</summary>
    public void Add(long rows) => Interlocked.Add(ref _rows, rows);
}

/// <summary>What a source may need from the running query.</summary>
internal sealed class SourceContext
{
    public SourceContext(string checkpointSourceDir, TimeProvider time, Spate.Sql.SparkSession session, Action? dataArrived = null)
    {
        CheckpointSourceDir = checkpointSourceDir;
        Time = time;
        Session = session;
        DataArrived = dataArrived ?? (() => { });
    }

    /// <summary>A push source calls this when new data arrives, so the default trigger starts the next batch at once
    /// instead of at its next poll.</summary>
    public Action DataArrived { get; }

    /// <summary>A directory under the checkpoint (<c>sources/N</c>) for the source's own logs.</summary>
    public string CheckpointSourceDir { get; }
    public TimeProvider Time { get; }
    public Spate.Sql.SparkSession Session { get; }
}
