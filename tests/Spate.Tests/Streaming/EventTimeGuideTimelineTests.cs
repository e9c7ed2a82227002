using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;
using Spate.Testing;
using static Spate.Sql.Functions;
using static Spate.Testing.StreamActions;

namespace Spate.Tests.Streaming;

/// <summary>The worked timeline of docs/event-time.md, in append and update modes, with a restart in the middle.</summary>
public class EventTimeGuideTimelineTests
{
    private static SparkSession Spark => TestSession.Spark;
    private static readonly StructType Schema = new(new[] { new StructField("time", new TimestampType()), new StructField("word", new StringType()) });
    private static DateTime T(int h, int m) => new(2024, 4, 8, h, m, 0, DateTimeKind.Utc);
    private static Row W(int m, string w) => new GenericRow(new object?[] { T(12, m), w });
    private static Row Win(int m) => new GenericRow(new object?[] { T(12, m), T(12, m + 10) });

    private static (MemoryStream<Row>, DataFrame) Query()
    {
        var input = new MemoryStream<Row>(Spark, Schema);
        return (input, input.ToDF().WithWatermark("time", "10 minutes").GroupBy(Window(Col("time"), "10 minutes"), Col("word")).Count());
    }

    [Fact]
    public void Timeline_AppendMode_EmitsClosedWindowsOnce()
    {
        var (input, counts) = Query();
        StreamTest.TestStream(counts, OutputMode.Append,
            AddData(input, W(7, "owl"), W(8, "dog")),
            CheckNewAnswer(),
            AddData(input, W(14, "dog"), W(9, "cat")),
            CheckNewAnswer(),
            StopStream(),
            StartStream(),
            AddData(input, W(21, "owl"), W(4, "donkey")),
            CheckNewAnswer(Row(Win(0), "owl", 1L), Row(Win(0), "dog", 1L), Row(Win(0), "cat", 1L), Row(Win(0), "donkey", 1L)),
            AddData(input, W(5, "cat"), W(30, "dog")),
            CheckNewAnswer(Row(Win(10), "dog", 1L)));
    }

    [Fact]
    public void Timeline_UpdateMode_EmitsChangedGroups()
    {
        var (input, counts) = Query();
        StreamTest.TestStream(counts, OutputMode.Update,
            AddData(input, W(7, "owl"), W(8, "dog")),
            CheckNewAnswer(Row(Win(0), "owl", 1L), Row(Win(0), "dog", 1L)),
            AddData(input, W(14, "dog"), W(9, "cat")),
            CheckNewAnswer(Row(Win(10), "dog", 1L), Row(Win(0), "cat", 1L)),
            StopStream(),
            StartStream(),
            AddData(input, W(21, "owl"), W(4, "donkey")),
            CheckNewAnswer(Row(Win(0), "donkey", 1L), Row(Win(20), "owl", 1L)),
            AddData(input, W(5, "cat"), W(30, "dog")),
            CheckNewAnswer(Row(Win(30), "dog", 1L)));
    }
}
