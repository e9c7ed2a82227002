using System.Globalization;
using Spate.Sql;

namespace Spate.Recovery.Tests;

/// <summary>
/// Checks the file sink's output directory as a reader sees it: <c>spark.Read().Parquet(dir)</c> in the test process,
/// which lists files through <c>_spark_metadata</c>, so files of a batch killed before its log entry must not count.
/// The number of committed batches is taken from the log's file names (<c>N</c>, <c>N.compact</c>), independently of
/// the reader; the values read must then be exactly 0..batches·rowsPerBatch−1, each once.
/// </summary>
internal static class ParquetResult
{
    private static SparkSession Spark =>
        SparkSession.Builder().Master("local[2]").AppName("recovery-tests").Config("spark.sql.shuffle.partitions", "3").Config("spark.ui.enabled", "false").GetOrCreate();

    public static long Verify(string dir, int rowsPerBatch, string context)
    {
        long batches = CommittedBatches(dir);
        var counts = new Dictionary<long, long>();
        if (Directory.Exists(dir))
        {
            // Without a committed batch there is no file to infer the schema from: give it, so stray files still show.
            var reader = batches == 0 ? Spark.Read().Schema("value BIGINT") : Spark.Read();
            foreach (var row in reader.Parquet(dir).Collect())
            {
                long v = row.GetAs<long>("value");
                counts[v] = counts.GetValueOrDefault(v) + 1;
            }
        }
        ExactlyOnce.VerifyValues(counts, batches * rowsPerBatch, $"{context} (parquet output {dir}, {batches} batches in _spark_metadata)");
        return batches;
    }

    /// <summary>The newest batch id in <c>_spark_metadata</c> plus one; 0 when the log has no entry.</summary>
    public static long CommittedBatches(string dir)
    {
        var metadata = Path.Combine(dir, "_spark_metadata");
        if (!Directory.Exists(metadata)) return 0;
        long latest = -1;
        foreach (var file in Directory.EnumerateFiles(metadata))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(".compact", StringComparison.Ordinal)) name = name[..^".compact".Length];
            if (long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out long id)) latest = Math.Max(latest, id);
        }
        return latest + 1;
    }
}
