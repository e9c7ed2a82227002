using Spate.Sql;

namespace Spate.Sinks;

/// <summary>A sink that keeps its latest batch's rows, so the web UI can show the live result.</summary>
internal interface IRowKeepingSink
{
    /// <summary>The latest batch: its id and rows (for complete mode, the whole result table), or null before the first.</summary>
    (long BatchId, List<Row> Rows)? LatestBatch();
}
