using System.Text;
using Spate.Sources;
using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;
using static Spate.Sql.Functions;

namespace Spate.Tests.FileStreams;

/// <summary>The file source hands each micro-batch to the query as a file scan read when the batch runs (not rows
/// read up front): large files are split across cores, lines are parsed in place, and progress still counts every row.</summary>
public class FileStreamLazyBatchTests
{
    private static SparkSession Spark => TestSession.Spark;

    private static readonly StructType Lecture = new(new[]
    {
        new StructField("name", StringType.Instance),
        new StructField("surname", StringType.Instance),
        new StructField("amount", DoubleType.Instance),
        new StructField("delta_t", DoubleType.Instance),
        new StructField("flag", IntegerType.Instance),
    });

    private static string Records(int from, int count)
    {
        var sb = new StringBuilder();
        for (int i = from; i < from + count; i++)
            sb.Append($"{{\"name\": \"U{i % 5}\", \"surname\": \"S\", \"amount\": {i}.5, \"delta_t\": 0.5, \"flag\": {(i % 2 == 0 ? 1 : 0)}}}\n");
        return sb.ToString();
    }

    private static StreamingQuery Start(StreamDir d, string name) =>
        Spark.ReadStream().Format("text").Load(d.Input)
            .Select(FromJson(Col("value"), Lecture).Alias("data")).Select(Col("data.*"))
            .Where(Col("flag") == 1).WithColumn("id", Concat(Col("name"), Col("surname"))).GroupBy("id").Count()
            .WriteStream().OutputMode("complete").Format("memory").QueryName(name)
            .Option("checkpointLocation", d.Checkpoint).Trigger(Trigger.AvailableNow()).Start();

    private static Dictionary<string, long> Counts(string name) =>
        Spark.Table(name).Collect().ToDictionary(r => (string)r[0]!, r => (long)r[1]!);

    [Fact]
    public void AvailableNow_LargeFileThenMore_CountsEveryRowOnceAcrossRestart()
    {
        using var d = new StreamDir();
        d.Add("a.json", Records(0, 70_000)); // ~5.5 MB: split in byte ranges on local[2]
        long before = TextFileFormat.JsonLinesReads;
        var q = Start(d, "lazy_fs_a");
        Assert.True(q.AwaitTermination(60_000));
        Assert.True(TextFileFormat.JsonLinesReads >= before + 2, "the batch was not read as parallel in-place splits");
        Assert.Equal(70_000, q.RecentProgress.Sum(p => p.NumInputRows));
        Assert.Equal(5, Counts("lazy_fs_a").Count);
        Assert.Equal(35_000, Counts("lazy_fs_a").Values.Sum());

        d.Add("b.json", Records(70_000, 1_000));
        var q2 = Start(d, "lazy_fs_a");
        Assert.True(q2.AwaitTermination(60_000));
        Assert.Equal(1_000, q2.RecentProgress.Sum(p => p.NumInputRows));
        Assert.Equal(35_500, Counts("lazy_fs_a").Values.Sum());
    }

    [Fact]
    public void JsonSourceUnderFilter_DroppedRecordsStillCountAsInput()
    {
        using var d = new StreamDir();
        d.Add("a.json", Records(0, 4_000));
        var q = Spark.ReadStream().Schema(Lecture).Json(d.Input).Where(Col("flag") == 1).Select(Col("name"))
            .WriteStream().Format("memory").QueryName("lazy_fs_json").Option("checkpointLocation", d.Checkpoint)
            .Trigger(Trigger.AvailableNow()).Start();
        Assert.True(q.AwaitTermination(60_000));
        Assert.Equal(4_000, q.RecentProgress.Sum(p => p.NumInputRows));
        Assert.Equal(2_000, Spark.Table("lazy_fs_json").Count());
    }

    [Fact]
    public void FileDeletedBeforeTheScanRuns_SparkErrorNamingTheFile()
    {
        // A scan lists its files when it is planned and opens them when it runs (as a micro-batch's scan does).
        using var d = new StreamDir();
        var path = d.Add("gone.json", Records(0, 10));
        var df = Spark.Read().Text(d.Input);
        File.Delete(path);
        var e = Assert.ThrowsAny<Exception>(() => df.Collect());
        Assert.Contains("FAILED_READ_FILE.FILE_NOT_EXIST", e.ToString());
        Assert.Contains("gone.json", e.ToString());
    }
}
