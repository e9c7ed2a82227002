using Spate.Sql;
using Spate.Sql.Streaming;

namespace Spate.Tests.FileStreams;

public class FileStreamSourceTests
{
    private static SparkSession Spark => TestSession.Spark;
    private const string Schema = "id INT, name STRING";

    private static string[] Table(string name) =>
        Spark.Table(name).Collect().Select(r => string.Join("|", r.Values.Select(v => v?.ToString() ?? "null"))).OrderBy(s => s, StringComparer.Ordinal).ToArray();

    private static StreamingQuery ToMemory(DataFrame df, string name, string checkpoint) =>
        df.WriteStream().Format("memory").QueryName(name).Option("checkpointLocation", checkpoint).Start();

    /// <summary>Runs the stream with foreachBatch, recording "batchId:row" in order (the sink sees a batch before it commits,
    /// so the record is complete when ProcessAllAvailable returns, unlike progress reports).</summary>
    private static StreamingQuery Recorded(DataFrame df, string checkpoint, List<string> record, Trigger? trigger = null)
    {
        var w = df.WriteStream().Option("checkpointLocation", checkpoint)
            .ForeachBatch((b, id) => { var rows = b.Collect(); lock (record) record.AddRange(rows.Select(r => $"{id}:{r[0]}")); });
        return (trigger == null ? w : w.Trigger(trigger)).Start();
    }

    private static string[] Snapshot(List<string> record) { lock (record) return record.ToArray(); }

    [Fact]
    public void Csv_FilesAppearBetweenBatches_EachFileReadOnce()
    {
        using var d = new StreamDir();
        d.Add("a.csv", "1,x\n2,y\n");
        var record = new List<string>();
        var q = Recorded(Spark.ReadStream().Schema(Schema).Csv(d.Input), d.Checkpoint, record);
        try
        {
            q.ProcessAllAvailable();
            Assert.Equal(new[] { "0:1", "0:2" }, Snapshot(record));
            d.Add("b.csv", "3,z\n");
            q.ProcessAllAvailable();
            Assert.Equal(new[] { "0:1", "0:2", "1:3" }, Snapshot(record));
        }
        finally { q.Stop(); }

        Assert.Equal("{\"logOffset\":1}", File.ReadAllText(Path.Combine(d.Checkpoint, "offsets", "1")).Split('\n')[2]);
        // The checkpoint keeps Spark's FileStreamSourceLog: v1, then one JSON entry per file.
        var log = File.ReadAllText(Path.Combine(d.Checkpoint, "sources", "0", "1"));
        var lines = log.Split('\n');
        Assert.Equal("v1", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("{\"path\":\"file:///", lines[1]);
        Assert.EndsWith("/in/b.csv\",\"timestamp\":" + new DateTimeOffset(File.GetLastWriteTimeUtc(Path.Combine(d.Input, "b.csv"))).ToUnixTimeMilliseconds() + ",\"batchId\":1}", lines[1]);
    }

    [Fact]
    public void Text_HiddenAndTempFiles_AreIgnored()
    {
        using var d = new StreamDir();
        d.Add("a.txt", "one\n");
        d.Add("_SUCCESS", "");
        d.Add(".hidden.txt", "hidden\n");
        d.Add("b.txt._COPYING_", "copying\n");
        d.Add("c.txt.tmp", "tmp\n");
        d.Add("_temporary/x.txt", "temp dir\n");
        var q = ToMemory(Spark.ReadStream().Text(d.Input), "fs_hidden", d.Checkpoint);
        try
        {
            q.ProcessAllAvailable();
            Assert.Equal(new[] { "one" }, Table("fs_hidden"));
        }
        finally { q.Stop(); }
    }

    [Fact]
    public void MaxFilesPerTrigger_ThreeFiles_OneFilePerBatch()
    {
        using var d = new StreamDir();
        d.Add("a.csv", "1,a\n");
        d.Add("b.csv", "2,b\n3,b\n");
        d.Add("c.csv", "4,c\n5,c\n6,c\n");
        var record = new List<string>();
        var q = Recorded(Spark.ReadStream().Schema(Schema).Option("maxFilesPerTrigger", 1).Csv(d.Input), d.Checkpoint, record);
        try
        {
            q.ProcessAllAvailable();
            Assert.Equal(new[] { "0:1", "1:2", "1:3", "2:4", "2:5", "2:6" }, Snapshot(record));
        }
        finally { q.Stop(); }
    }

    [Fact]
    public void MaxBytesPerTrigger_SmallLimit_AtLeastOneFilePerBatch()
    {
        using var d = new StreamDir();
        d.Add("a.csv", "1,aaaaaaaa\n");
        d.Add("b.csv", "2,b\n");
        d.Add("c.csv", "3,c\n");
        // 8 bytes: a (11 bytes) alone exceeds it but is still taken; b and c (4 bytes each) fit together.
        var record = new List<string>();
        var q = Recorded(Spark.ReadStream().Schema(Schema).Option("maxBytesPerTrigger", 8).Csv(d.Input), d.Checkpoint, record);
        try
        {
            q.ProcessAllAvailable();
            Assert.Equal(new[] { "0:1", "1:2", "1:3" }, Snapshot(record));
        }
        finally { q.Stop(); }
    }

    [Fact]
    public void LatestFirst_WithMaxFiles_NewestFileFirst()
    {
        using var d = new StreamDir();
        d.Add("old.csv", "1,old\n");
        d.Add("mid.csv", "2,mid\n");
        d.Add("new.csv", "3,new\n");
        var batches = new List<string>();
        var df = Spark.ReadStream().Schema(Schema).Option("latestFirst", true).Option("maxFilesPerTrigger", 1).Csv(d.Input);
        var q = df.WriteStream().Option("checkpointLocation", d.Checkpoint)
            .ForeachBatch((b, id) => { lock (batches) batches.AddRange(b.Collect().Select(r => $"{id}:{r[1]}")); }).Start();
        try
        {
            q.ProcessAllAvailable();
            Assert.Equal(new[] { "0:new", "1:mid", "2:old" }, batches);
        }
        finally { q.Stop(); }
    }

    [Fact]
    public void MaxFileAge_OldFileAfterFirstBatch_Ignored()
    {
        using var d = new StreamDir();
        var now = new DateTime(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        d.Add("recent.csv", "1,recent\n", now);
        d.Add("ancient.csv", "2,ancient\n", now.AddDays(-30));
        var q = ToMemory(Spark.ReadStream().Schema(Schema).Option("maxFileAge", "7d").Csv(d.Input), "fs_age", d.Checkpoint);
        try
        {
            // The first batch takes every file, whatever its age (Spark's documented rule).
            q.ProcessAllAvailable();
            Assert.Equal(new[] { "1|recent", "2|ancient" }, Table("fs_age"));
            // Then a file older than the newest seen minus 7 days is ignored, a younger one is read.
            d.Add("late-old.csv", "3,late-old\n", now.AddDays(-8));
            d.Add("late-new.csv", "4,late-new\n", now.AddDays(-6));
            q.ProcessAllAvailable();
            Assert.Equal(new[] { "1|recent", "2|ancient", "4|late-new" }, Table("fs_age"));
        }
        finally { q.Stop(); }
    }

    [Fact]
    public void Restart_FromCheckpoint_ReadsOnlyNewFiles()
    {
        using var d = new StreamDir();
        d.Add("a.csv", "1,a\n");
        var df = Spark.ReadStream().Schema(Schema).Csv(d.Input);
        var q1 = ToMemory(df, "fs_restart1", d.Checkpoint);
        q1.ProcessAllAvailable();
        q1.Stop();
        Assert.Equal(new[] { "1|a" }, Table("fs_restart1"));

        d.Add("b.csv", "2,b\n");
        var q2 = ToMemory(Spark.ReadStream().Schema(Schema).Csv(d.Input), "fs_restart2", d.Checkpoint);
        try
        {
            q2.ProcessAllAvailable();
            Assert.Equal(new[] { "2|b" }, Table("fs_restart2"));
            Assert.True(File.Exists(Path.Combine(d.Checkpoint, "commits", "1")));
            Assert.False(File.Exists(Path.Combine(d.Checkpoint, "offsets", "2")));
        }
        finally { q2.Stop(); }
    }

    [Fact]
    public void Restart_UncommittedBatch_ReplaysExactlyItsFiles()
    {
        using var d = new StreamDir();
        d.Add("a.csv", "1,a\n");
        var q1 = ToMemory(Spark.ReadStream().Schema(Schema).Csv(d.Input), "fs_replay1", d.Checkpoint);
        q1.ProcessAllAvailable();
        q1.Stop();
        // As if the query died after logging batch 0 but before committing it; meanwhile a new file arrived.
        File.Delete(Path.Combine(d.Checkpoint, "commits", "0"));
        d.Add("b.csv", "2,b\n");
        var batches = new List<string>();
        var q2 = Spark.ReadStream().Schema(Schema).Csv(d.Input).WriteStream().Option("checkpointLocation", d.Checkpoint)
            .ForeachBatch((b, id) => { lock (batches) batches.AddRange(b.Collect().Select(r => $"{id}:{r[1]}")); }).Start();
        try
        {
            q2.ProcessAllAvailable();
            Assert.Equal(new[] { "0:a", "1:b" }, batches);
        }
        finally { q2.Stop(); }
    }

    [Fact]
    public void CleanSourceDelete_AfterCommit_FileRemoved()
    {
        using var d = new StreamDir();
        var a = d.Add("a.csv", "1,a\n");
        var q = ToMemory(Spark.ReadStream().Schema(Schema).Option("cleanSource", "delete").Csv(d.Input), "fs_delete", d.Checkpoint);
        try
        {
            q.ProcessAllAvailable();
            Assert.Equal(new[] { "1|a" }, Table("fs_delete"));
            Assert.False(File.Exists(a));
        }
        finally { q.Stop(); }
    }

    [Fact]
    public void CleanSourceArchive_AfterCommit_FileMovedUnderArchiveWithFullPath()
    {
        using var d = new StreamDir();
        var a = d.Add("sub/a.csv", "1,a\n");
        var archive = d.Sub("archive");
        var df = Spark.ReadStream().Schema(Schema).Option("cleanSource", "archive").Option("sourceArchiveDir", archive).Csv(d.Input);
        var q = ToMemory(df, "fs_archive", d.Checkpoint);
        try
        {
            q.ProcessAllAvailable();
            Assert.Equal(new[] { "1|a" }, Table("fs_archive"));
            Assert.False(File.Exists(a));
            Assert.Equal("1,a\n", File.ReadAllText(archive + Path.GetFullPath(a)));
        }
        finally { q.Stop(); }
    }

    [Fact]
    public void PartitionDirectories_KeyValue_BecomeTypedColumns()
    {
        using var d = new StreamDir();
        d.Add("year=2024/city=Paris/a.csv", "1,a\n");
        d.Add("year=2025/city=New%20York/b.csv", "2,b\n");
        d.Add("year=2025/city=__HIVE_DEFAULT_PARTITION__/c.csv", "3,c\n");
        var df = Spark.ReadStream().Schema(Schema).Csv(d.Input);
        Assert.Equal("struct<id:int,name:string,year:int,city:string>", df.Schema().SimpleString);
        var q = ToMemory(df, "fs_partitions", d.Checkpoint);
        try
        {
            q.ProcessAllAvailable();
            Assert.Equal(new[] { "1|a|2024|Paris", "2|b|2025|New York", "3|c|2025|null" }, Table("fs_partitions"));
        }
        finally { q.Stop(); }
    }

    [Fact]
    public void Csv_NoSchema_FailsWithSparksMessage()
    {
        using var d = new StreamDir();
        var e = Assert.Throws<ArgumentException>(() => Spark.ReadStream().Csv(d.Input));
        Assert.StartsWith("Schema must be specified when creating a streaming source DataFrame.", e.Message);
    }

    [Fact]
    public void Text_NoSchema_UsesValueColumn()
    {
        using var d = new StreamDir();
        Assert.Equal("struct<value:string>", Spark.ReadStream().Text(d.Input).Schema().SimpleString);
    }

    [Fact]
    public void MissingDirectory_FailsWithPathNotFound()
    {
        using var d = new StreamDir();
        var e = Assert.Throws<AnalysisException>(() => Spark.ReadStream().Schema(Schema).Csv(d.Sub("missing")));
        Assert.StartsWith("[PATH_NOT_FOUND] Path does not exist: file:", e.Message);
    }

    [Theory]
    [InlineData("maxFilesPerTrigger", "0", "Invalid value '0' for option 'maxFilesPerTrigger', must be a positive integer")]
    [InlineData("cleanSource", "move", "Invalid mode for clean source option move. Must be one of ARCHIVE,DELETE,OFF")]
    [InlineData("cleanSource", "archive", "Archive mode must be used with 'sourceArchiveDir' option.")]
    [InlineData("maxFileAge", "7 weeks", "Invalid suffix: \"weeks\"")]
    public void BadOption_FailsWithSparksMessage(string key, string value, string expected)
    {
        using var d = new StreamDir();
        var e = Assert.Throws<ArgumentException>(() => Spark.ReadStream().Schema(Schema).Option(key, value).Csv(d.Input));
        Assert.StartsWith(expected, e.Message);
    }

    [Fact]
    public void FileNameOnly_SameNameInAnotherDirectory_ReadOnce()
    {
        using var d = new StreamDir();
        d.Add("x/data.csv", "1,first\n");
        var q = ToMemory(Spark.ReadStream().Schema(Schema).Option("fileNameOnly", true).Csv(d.Input), "fs_nameonly", d.Checkpoint);
        try
        {
            q.ProcessAllAvailable();
            d.Add("y/data.csv", "2,second\n");
            d.Add("y/other.csv", "3,other\n");
            q.ProcessAllAvailable();
            Assert.Equal(new[] { "1|first", "3|other" }, Table("fs_nameonly"));
        }
        finally { q.Stop(); }
    }

    [Fact]
    public void AvailableNow_WithMaxFiles_ProcessesBacklogThenStops()
    {
        using var d = new StreamDir();
        d.Add("a.csv", "1,a\n");
        d.Add("b.csv", "2,b\n");
        d.Add("c.csv", "3,c\n");
        var q = Spark.ReadStream().Schema(Schema).Option("maxFilesPerTrigger", 2).Csv(d.Input).WriteStream()
            .Format("memory").QueryName("fs_availablenow").Option("checkpointLocation", d.Checkpoint)
            .Trigger(Trigger.AvailableNow()).Start();
        Assert.True(q.AwaitTermination(30_000));
        Assert.Equal(new long[] { 2, 1 }, q.RecentProgress.Select(p => p.NumInputRows).ToArray());
        Assert.Equal(new[] { "1|a", "2|b", "3|c" }, Table("fs_availablenow"));
    }

    [Fact]
    public void SchemaInferenceEnabled_NoSchema_InfersFromExistingFiles()
    {
        using var d = new StreamDir();
        d.Add("k=1/a.csv", "1,a\n");
        Spark.Conf().Set("spark.sql.streaming.schemaInference", "true");
        try
        {
            Assert.Equal("struct<_c0:string,_c1:string,k:int>", Spark.ReadStream().Csv(d.Input).Schema().SimpleString);
            var empty = d.Sub("empty");
            Directory.CreateDirectory(empty);
            var e = Assert.Throws<AnalysisException>(() => Spark.ReadStream().Csv(empty));
            Assert.Equal("[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for CSV. It must be specified manually.", e.Message);
        }
        finally { Spark.Conf().Unset("spark.sql.streaming.schemaInference"); }
    }
}
