using CsCheck;
using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;
using Spate.Testing;
using static Spate.Sql.Functions;
using static Spate.Testing.StreamActions;

namespace Spate.Tests.Streaming;

/// <summary>Windowed append output against the batch query, for any arrival order and batch split.</summary>
public class EventTimePropertyTests
{
    private static SparkSession Spark => TestSession.Spark;
    private static readonly StructType Schema = new(new[] { new StructField("time", new TimestampType()), new StructField("word", new StringType()) });
    private static readonly DateTime Base = new(2024, 4, 8, 12, 0, 0, DateTimeKind.Utc);
    private const long DelayMinutes = 5, WindowMinutes = 10;

    // Each event: minute offset, word, and the batch it arrives in; arrival order within a batch is the list order.
    private static readonly Gen<(int Minute, int Word, int Batch)[]> Events =
        Gen.Select(Gen.Int[0, 59], Gen.Int[0, 1], Gen.Int[0, 3]).Array[1, 10];

    [Fact]
    public void WindowedAppend_AnyOrderAndBatchSplit_EqualsBatchQueryOverOnTimeRows()
    {
        Events.Sample(events =>
        {
            var batches = events.GroupBy(e => e.Batch).OrderBy(g => g.Key).Select(g => g.Select(e => Row(e.Minute, e.Word)).ToArray()).ToList();

            // The rows that are on time when they arrive: their window ends after the watermark of their batch,
            // which is the largest event time of the earlier batches minus the delay.
            long? watermark = null;
            var onTime = new List<Row>();
            foreach (var batch in batches)
            {
                foreach (var r in batch)
                    if (watermark == null || WindowEnd(Minute(r)) > watermark) onTime.Add(r);
                long next = batch.Max(Minute) - DelayMinutes;
                watermark = watermark == null ? next : Math.Max(watermark.Value, next);
            }
            // Append mode emits the windows the final watermark has closed.
            var expected = Spark.CreateDataFrame(onTime, Schema).GroupBy(Window(Col("time"), $"{WindowMinutes} minutes"), Col("word")).Count()
                .Collect().Where(r => (DateTime)((Row)r[0]!)[1]! <= Base.AddMinutes(watermark!.Value)).ToArray();

            var input = new MemoryStream<Row>(Spark, Schema);
            var counts = input.ToDF().WithWatermark("time", $"{DelayMinutes} minutes").GroupBy(Window(Col("time"), $"{WindowMinutes} minutes"), Col("word")).Count();
            var actions = new List<StreamAction>();
            foreach (var batch in batches)
            {
                actions.Add(AddData(input, batch));
                actions.Add(ProcessAllData());
            }
            actions.Add(CheckAnswer(expected));
            StreamTest.TestStream(counts, OutputMode.Append, actions.ToArray());
        }, iter: 12, threads: 1);
    }

    private static Row Row(int minute, int word) => new GenericRow(new object?[] { Base.AddMinutes(minute), word == 0 ? "a" : "b" });
    private static long Minute(Row r) => (long)((DateTime)r[0]! - Base).TotalMinutes;
    private static long WindowEnd(long minute) => (minute / WindowMinutes + 1) * WindowMinutes;
}
