using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;
using Spate.Testing;
using static Spate.Sql.Functions;
using static Spate.Testing.StreamActions;

namespace Spate.Tests.Streaming;

/// <summary>Session windows (Spark's <c>session_window</c>): batch merging, per-row gaps, streaming state across batches.</summary>
public class EventTimeSessionWindowTests
{
    private static SparkSession Spark => TestSession.Spark;

    private static readonly StructType EventSchema = new(new[] { new StructField("time", new TimestampType()), new StructField("user", new StringType()) });

    private static DateTime T(int h, int m) => new(2024, 4, 8, h, m, 0, DateTimeKind.Utc);
    private static Row Event(int h, int m, string user) => new GenericRow(new object?[] { T(h, m), user });
    private static Row Session(int h1, int m1, int h2, int m2) => new GenericRow(new object?[] { T(h1, m1), T(h2, m2) });

    private static string[] Show(DataFrame df) =>
        df.Collect().Select(r => $"{r[1]} {((Row)r[0]!)[0]:HH:mm}-{((Row)r[0]!)[1]:HH:mm}={r[2]}").OrderBy(s => s, StringComparer.Ordinal).ToArray();

    [Fact]
    public void SessionWindow_Batch_MergesOverlappingSessionsPerKey()
    {
        // Gap 5 minutes: a's 12:00 and 12:03 overlap; 12:08 starts exactly at the merged end (12:08) and joins it;
        // 12:20 starts a new session. The null time belongs to no session.
        var rows = new[] { Event(12, 0, "a"), Event(12, 3, "a"), Event(12, 8, "a"), Event(12, 20, "a"), Event(12, 4, "b"),
            new GenericRow(new object?[] { null, "a" }) };
        var df = Spark.CreateDataFrame(rows, EventSchema).GroupBy(SessionWindow(Col("time"), "5 minutes"), Col("user")).Count();
        Assert.Equal(new[] { "a 12:00-12:13=3", "a 12:20-12:25=1", "b 12:04-12:09=1" }, Show(df));
        Assert.Equal("root\n |-- session_window: struct (nullable = false)\n |    |-- start: timestamp (nullable = true)\n |    |-- end: timestamp (nullable = true)\n |-- user: string (nullable = true)\n |-- count: long (nullable = false)\n",
            df.Schema().TreeString());
    }

    [Fact]
    public void SessionWindow_DynamicGap_UsesEachRowsGapAndDropsInvalidOnes()
    {
        var rows = new[] { Event(12, 0, "a"), Event(12, 8, "a"), Event(12, 0, "b"), Event(12, 2, "b"), Event(12, 0, "bad"), Event(12, 0, "none") };
        var gap = When(Col("user") == "a", "10 minutes").When(Col("user") == "b", "1 minute").When(Col("user") == "bad", "bogus").Otherwise(Lit(null).Cast("string"));
        var df = Spark.CreateDataFrame(rows, EventSchema).GroupBy(SessionWindow(Col("time"), gap), Col("user")).Count();
        Assert.Equal(new[] { "a 12:00-12:18=2", "b 12:00-12:01=1", "b 12:02-12:03=1" }, Show(df));
    }

    [Fact]
    public void SessionWindow_Sql_IsRegisteredAndNamedSessionWindow()
    {
        var df = Spark.CreateDataFrame(new[] { Event(12, 0, "a"), Event(12, 1, "a") }, EventSchema)
            .GroupBy(Expr("session_window(time, '2 minutes')"), Col("user")).Agg(Max("time").As("last"));
        Assert.Equal(new[] { "session_window", "user", "last" }, df.Columns());
        var r = df.Collect().Single();
        Assert.Equal(Session(12, 0, 12, 3), (Row)r[0]!);
        Assert.Equal(T(12, 1), r[2]);
    }

    [Fact]
    public void SessionWindow_InvalidStaticGap_FailsWithClearMessage()
    {
        var e = Assert.Throws<AnalysisException>(() => SessionWindow(Col("time"), "soon"));
        Assert.Contains("INVALID_INTERVAL_FORMAT", e.Message);
    }

    [Fact]
    public void SessionWindow_AppendWithWatermark_EmitsClosedSessionsAcrossRestart()
    {
        var input = new MemoryStream<Row>(Spark, EventSchema);
        var sessions = input.ToDF().WithWatermark("time", "10 minutes")
            .GroupBy(SessionWindow(Col("time"), "5 minutes"), Col("user")).Count();
        StreamTest.TestStream(sessions, OutputMode.Append,
            AddData(input, Event(12, 0, "a"), Event(12, 3, "a")),
            CheckNewAnswer(),
            // Watermark 12:10 after this batch: a's session [12:00, 12:08) is closed and emitted once.
            AddData(input, Event(12, 20, "b")),
            CheckNewAnswer(Row(Session(12, 0, 12, 8), "a", 2L)),
            StopStream(),
            StartStream(),
            // Late: its session would end at 12:07, below the watermark 12:10.
            AddData(input, Event(12, 2, "a")),
            CheckNewAnswer(),
            AddData(input, Event(12, 22, "b")),
            CheckNewAnswer(),
            // Watermark 12:30: b's merged session [12:20, 12:27) closes.
            AddData(input, Event(12, 40, "c")),
            CheckNewAnswer(Row(Session(12, 20, 12, 27), "b", 2L)),
            AssertOnQuery(q => q.RecentProgress.Sum(p => p.StateOperators.Sum(s => s.NumRowsDroppedByWatermark)) == 1, "the late row is counted"),
            AssertOnQuery(q => q.LastProgress!.StateOperators.Single().NumRowsTotal == 1, "only c's open session is left"));
    }

    [Fact]
    public void SessionWindow_CompleteMode_MergesSessionsAcrossBatches()
    {
        var input = new MemoryStream<Row>(Spark, EventSchema);
        var sessions = input.ToDF().GroupBy(SessionWindow(Col("time"), "5 minutes"), Col("user")).Count();
        StreamTest.TestStream(sessions, OutputMode.Complete,
            AddData(input, Event(12, 0, "a"), Event(12, 10, "a")),
            CheckLastBatch(Row(Session(12, 0, 12, 5), "a", 1L), Row(Session(12, 10, 12, 15), "a", 1L)),
            StopStream(),
            StartStream(),
            // 12:05 bridges the two stored sessions into one.
            AddData(input, Event(12, 5, "a"), Event(12, 30, "b")),
            CheckLastBatch(Row(Session(12, 0, 12, 15), "a", 3L), Row(Session(12, 30, 12, 35), "b", 1L)),
            AddData(input, Event(12, 14, "a")),
            CheckLastBatch(Row(Session(12, 0, 12, 19), "a", 4L), Row(Session(12, 30, 12, 35), "b", 1L)));
    }

    [Fact]
    public void SessionWindow_UpdateMode_FailsWithSparkMessage()
    {
        var input = new MemoryStream<Row>(Spark, EventSchema);
        var sessions = input.ToDF().WithWatermark("time", "10 minutes").GroupBy(SessionWindow(Col("time"), "5 minutes"), Col("user")).Count();
        var e = Assert.Throws<AnalysisException>(() => sessions.WriteStream().OutputMode("update").Format("console").Start());
        Assert.Equal("Update output mode not supported for session window on streaming DataFrames/DataSets;", e.Message);
    }

    [Fact]
    public void SessionWindow_AppendWithoutWatermark_FailsWithSparkMessage()
    {
        var input = new MemoryStream<Row>(Spark, EventSchema);
        var sessions = input.ToDF().GroupBy(SessionWindow(Col("time"), "5 minutes"), Col("user")).Count();
        var e = Assert.Throws<AnalysisException>(() => sessions.WriteStream().OutputMode("append").Format("console").Start());
        Assert.Equal("Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark;", e.Message);
    }
}
