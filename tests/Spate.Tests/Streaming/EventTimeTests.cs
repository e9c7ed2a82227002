using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;
using Spate.Testing;
using static Spate.Sql.Functions;
using static Spate.Testing.StreamActions;

namespace Spate.Tests.Streaming;

/// <summary>The Spark programming guide's event-time scenarios: windowed counts, watermarks, late data.</summary>
public class EventTimeTests
{
    private static SparkSession Spark => TestSession.Spark;

    private static readonly StructType WordSchema = new(new[] { new StructField("time", new TimestampType()), new StructField("word", new StringType()) });

    private static DateTime T(int h, int m) => new(2024, 4, 8, h, m, 0, DateTimeKind.Utc);
    private static Row Word(int h, int m, string w) => new GenericRow(new object?[] { T(h, m), w });
    private static Row Win(int h1, int m1, int h2, int m2) => new GenericRow(new object?[] { T(h1, m1), T(h2, m2) });

    [Fact]
    public void TumblingWindow_AppendWithWatermark_EmitsEachWindowOnceWhenWatermarkPasses()
    {
        var input = new MemoryStream<Row>(Spark, WordSchema);
        var counts = input.ToDF().WithWatermark("time", "10 minutes").GroupBy(Window(Col("time"), "10 minutes"), Col("word")).Count();
        StreamTest.TestStream(counts, OutputMode.Append,
            AddData(input, Word(12, 7, "owl")),
            CheckAnswer(),
            AddData(input, Word(12, 21, "cat")),
            CheckAnswer(Row(Win(12, 0, 12, 10), "owl", 1L)),
            StopStream(),
            StartStream(),
            AddData(input, Word(12, 4, "owl")),
            CheckAnswer(Row(Win(12, 0, 12, 10), "owl", 1L)),
            AssertOnQuery(q => q.RecentProgress.Sum(p => p.StateOperators.Sum(s => s.NumRowsDroppedByWatermark)) == 1, "one late row dropped"),
            AddData(input, Word(12, 40, "dog")),
            CheckAnswer(Row(Win(12, 0, 12, 10), "owl", 1L), Row(Win(12, 20, 12, 30), "cat", 1L)));
    }

    [Fact]
    public void SlidingWindow_UpdateMode_CountsRowInEveryOverlappingWindow()
    {
        var input = new MemoryStream<Row>(Spark, WordSchema);
        var counts = input.ToDF().GroupBy(Window(Col("time"), "10 minutes", "5 minutes"), Col("word")).Count();
        StreamTest.TestStream(counts, OutputMode.Update,
            AddData(input, Word(12, 7, "dog"), Word(12, 8, "owl")),
            CheckLastBatch(
                Row(Win(12, 0, 12, 10), "dog", 1L), Row(Win(12, 5, 12, 15), "dog", 1L),
                Row(Win(12, 0, 12, 10), "owl", 1L), Row(Win(12, 5, 12, 15), "owl", 1L)),
            AddData(input, Word(12, 14, "dog")),
            CheckLastBatch(Row(Win(12, 5, 12, 15), "dog", 2L), Row(Win(12, 10, 12, 20), "dog", 1L)));
    }

    [Fact]
    public void Watermark_UpdateMode_EvictsOldWindowsFromState()
    {
        var input = new MemoryStream<Row>(Spark, WordSchema);
        var counts = input.ToDF().WithWatermark("time", "10 minutes").GroupBy(Window(Col("time"), "5 minutes")).Count();
        StreamTest.TestStream(counts, OutputMode.Update,
            AddData(input, Word(12, 1, "a"), Word(12, 6, "b")),
            CheckLastBatch(Row(Win(12, 0, 12, 5), 1L), Row(Win(12, 5, 12, 10), 1L)),
            AddData(input, Word(12, 30, "c")),
            CheckLastBatch(Row(Win(12, 30, 12, 35), 1L)),
            ProcessAllData(),
            AssertOnQuery(q => q.LastProgress!.StateOperators.Single().NumRowsTotal == 1, "only the 12:30 window is left in state"),
            AddData(input, Word(12, 2, "late")),
            CheckLastBatch(),
            AssertOnQuery(q => q.LastProgress!.StateOperators.Single().NumRowsDroppedByWatermark == 1, "the late row is counted"));
    }

    [Fact]
    public void Progress_WithWatermark_ReportsIt()
    {
        var input = new MemoryStream<Row>(Spark, WordSchema);
        var counts = input.ToDF().WithWatermark("time", "10 minutes").GroupBy(Window(Col("time"), "10 minutes")).Count();
        StreamTest.TestStream(counts, OutputMode.Append,
            AddData(input, Word(12, 30, "a")),
            ProcessAllData(),
            AddData(input, Word(12, 31, "b")),
            ProcessAllData(),
            AssertOnQuery(q => q.LastProgress!.EventTime["watermark"] == "2024-04-08T12:21:00.000Z", "watermark = max event time - 10 minutes"));
    }

    [Fact]
    public void DropDuplicates_WithEventTimeKey_ForgetsKeysBelowWatermark()
    {
        var input = new MemoryStream<Row>(Spark, WordSchema);
        var distinct = input.ToDF().WithWatermark("time", "10 minutes").DropDuplicates("word", "time");
        StreamTest.TestStream(distinct, OutputMode.Append,
            AddData(input, Word(12, 0, "a"), Word(12, 0, "a"), Word(12, 1, "a")),
            CheckAnswer(Row(T(12, 0), "a"), Row(T(12, 1), "a")),
            AddData(input, Word(12, 30, "b")),
            ProcessAllData(),
            AddData(input, Word(12, 40, "c")),
            ProcessAllData(),
            AssertOnQuery(q => q.LastProgress!.StateOperators.Single().NumRowsTotal <= 2, "old keys evicted"));
    }

    [Fact]
    public void DropDuplicatesWithinWatermark_DropsRepeatsWithinDelay()
    {
        var input = new MemoryStream<Row>(Spark, WordSchema);
        var distinct = input.ToDF().WithWatermark("time", "10 minutes").DropDuplicatesWithinWatermark("word");
        StreamTest.TestStream(distinct, OutputMode.Append,
            AddData(input, Word(12, 0, "a"), Word(12, 5, "a"), Word(12, 1, "b")),
            CheckAnswer(Row(T(12, 0), "a"), Row(T(12, 1), "b")),
            AddData(input, Word(12, 30, "x")),
            ProcessAllData(),
            AddData(input, Word(12, 31, "a")),
            CheckLastBatch(Row(T(12, 31), "a")));
    }

    [Fact]
    public void StaticWindow_GroupBy_MatchesSparkWindowStarts()
    {
        var rows = new[] { Word(12, 7, "a"), Word(12, 13, "a"), Word(12, 14, "b") };
        var df = Spark.CreateDataFrame(rows, WordSchema).GroupBy(Window(Col("time"), "10 minutes")).Count().OrderBy("window");
        var result = df.Collect().Select(r => $"{((Row)r[0]!)[0]:HH:mm}-{((Row)r[0]!)[1]:HH:mm}={r[1]}").ToArray();
        Assert.Equal(new[] { "12:00-12:10=1", "12:10-12:20=2" }, result);
        Assert.Equal("root\n |-- window: struct (nullable = false)\n |    |-- start: timestamp (nullable = true)\n |    |-- end: timestamp (nullable = true)\n |-- count: long (nullable = false)\n",
            df.Schema().TreeString());
    }
}
