using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Sources;

/// <summary>Batch reading and writing of files by format (json, csv, text, parquet).</summary>
internal static class FileFormats
{
    public static DataFrame ReadBatch(SparkSession session, string format, string[] paths, StructType? schema, IReadOnlyDictionary<string, string> options) =>
        throw new AnalysisException($"[DATA_SOURCE_NOT_FOUND] Failed to find the data source: {format}.");

    public static void WriteBatch(DataFrame df, string format, string path, string mode, IReadOnlyDictionary<string, string> options, string[] partitionBy) =>
        throw new AnalysisException($"[DATA_SOURCE_NOT_FOUND] Failed to find the data source: {format}.");
}
