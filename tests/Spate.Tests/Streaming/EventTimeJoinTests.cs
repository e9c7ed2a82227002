using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;
using Spate.Testing;
using static Spate.Sql.Functions;
using static Spate.Testing.StreamActions;

namespace Spate.Tests.Streaming;

/// <summary>
/// Stream-stream joins from the Spark programming guide: ad impressions joined with clicks within an hour.
/// Where the watermark matters, rows for both sides are added while the stream is stopped so that they arrive in
/// one micro-batch, which makes the watermark deterministic.
/// </summary>
public class EventTimeJoinTests
{
    private static SparkSession Spark => TestSession.Spark;

    private static readonly StructType ImpressionSchema = new(new[] { new StructField("impressionAdId", new IntegerType()), new StructField("impressionTime", new TimestampType()) });
    private static readonly StructType ClickSchema = new(new[] { new StructField("clickAdId", new IntegerType()), new StructField("clickTime", new TimestampType()) });

    private static DateTime T(int h, int m) => new(2024, 4, 8, h, m, 0, DateTimeKind.Utc);
    private static Row Imp(int ad, int h, int m) => new GenericRow(new object?[] { ad, T(h, m) });
    private static Row Click(int ad, int h, int m) => new GenericRow(new object?[] { ad, T(h, m) });

    private sealed record Streams(MemoryStream<Row> Impressions, MemoryStream<Row> Clicks, DataFrame ImpressionsDf, DataFrame ClicksDf);

    private static Streams Create(bool watermarks = true)
    {
        var imp = new MemoryStream<Row>(Spark, ImpressionSchema);
        var clk = new MemoryStream<Row>(Spark, ClickSchema);
        var i = imp.ToDF();
        var c = clk.ToDF();
        if (watermarks)
        {
            i = i.WithWatermark("impressionTime", "2 hours");
            c = c.WithWatermark("clickTime", "2 hours");
        }
        return new Streams(imp, clk, i, c);
    }

    // clickAdId = impressionAdId AND clickTime BETWEEN impressionTime AND impressionTime + interval 1 hour
    private static Column Condition() =>
        (Col("clickAdId") == Col("impressionAdId")) & Col("clickTime").Between(Col("impressionTime"), TimestampAdd("HOUR", Lit(1), Col("impressionTime")));

    [Fact]
    public void InnerJoin_WithWatermarksAndRange_JoinsAcrossBatchesAndEvictsState()
    {
        var s = Create();
        var joined = s.ImpressionsDf.Join(s.ClicksDf, Condition());
        StreamTest.TestStream(joined, OutputMode.Append,
            AddData(s.Impressions, Imp(1, 12, 0), Imp(2, 12, 0)),
            CheckNewAnswer(),
            AddData(s.Clicks, Click(1, 12, 30)),
            CheckNewAnswer(Row(1, T(12, 0), 1, T(12, 30))),
            StopStream(),
            StartStream(),
            // Outside the hour: no match; inside it: a match with the buffered impression.
            AddData(s.Clicks, Click(2, 13, 30)),
            CheckNewAnswer(),
            AddData(s.Clicks, Click(2, 12, 59)),
            CheckNewAnswer(Row(2, T(12, 0), 2, T(12, 59))),
            StopStream(),
            AddData(s.Impressions, Imp(3, 15, 0)),
            AddData(s.Clicks, Click(3, 15, 10)),
            StartStream(),
            CheckNewAnswer(Row(3, T(15, 0), 3, T(15, 10))),
            // Watermark 13:00: impressions at or before 12:00 and clicks at or before 13:00 can no longer match.
            AddData(s.Impressions, Imp(4, 15, 5)),
            CheckNewAnswer(),
            AssertOnQuery(q => q.LastProgress!.StateOperators.Single().NumRowsTotal == 4, "impressions 3, 4 and clicks 2 (13:30), 3 are left"),
            AssertOnQuery(q => q.LastProgress!.StateOperators.Single().OperatorName == "symmetricHashJoin", "one join operator"),
            // A click at 12:50 is late (at or below the watermark): dropped and counted.
            AddData(s.Clicks, Click(4, 12, 50)),
            CheckNewAnswer(),
            AssertOnQuery(q => q.LastProgress!.StateOperators.Single().NumRowsDroppedByWatermark == 1, "the late click is counted"));
    }

    [Fact]
    public void InnerJoin_WithoutWatermark_MatchesRowsInAnyOrder()
    {
        var s = Create(watermarks: false);
        var joined = s.ImpressionsDf.Join(s.ClicksDf, Col("clickAdId") == Col("impressionAdId"));
        StreamTest.TestStream(joined, OutputMode.Append,
            AddData(s.Clicks, Click(1, 12, 0), Click(1, 12, 5)),
            CheckNewAnswer(),
            AddData(s.Impressions, Imp(1, 11, 0), Imp(2, 11, 0)),
            CheckNewAnswer(Row(1, T(11, 0), 1, T(12, 0)), Row(1, T(11, 0), 1, T(12, 5))),
            StopStream(),
            StartStream(),
            AddData(s.Clicks, Click(2, 12, 0), Click(3, 12, 0)),
            CheckNewAnswer(Row(2, T(11, 0), 2, T(12, 0))));
    }

    [Fact]
    public void LeftOuterJoin_UnmatchedImpression_EmittedWithNullsOnceWatermarkPasses()
    {
        var s = Create();
        var joined = s.ImpressionsDf.Join(s.ClicksDf, Condition(), "leftOuter");
        StreamTest.TestStream(joined, OutputMode.Append,
            AddData(s.Impressions, Imp(1, 12, 0), Imp(2, 12, 0)),
            CheckNewAnswer(),
            AddData(s.Clicks, Click(1, 12, 10)),
            CheckNewAnswer(Row(1, T(12, 0), 1, T(12, 10))),
            StopStream(),
            AddData(s.Impressions, Imp(3, 15, 0)),
            AddData(s.Clicks, Click(3, 15, 10)),
            StartStream(),
            // Batch 3 moves the watermark to 13:00: impression 2 (12:00) can no longer get a click by 13:00, so the
            // no-data batch that follows emits it with nulls; 1 matched.
            CheckNewAnswer(Row(3, T(15, 0), 3, T(15, 10)), Row(2, T(12, 0), null, null)),
            AddData(s.Impressions, Imp(4, 15, 30)),
            CheckNewAnswer());
    }

    [Fact]
    public void RightOuterJoin_UnmatchedImpression_EmittedWithNullsOnTheLeft()
    {
        var s = Create();
        var joined = s.ClicksDf.Join(s.ImpressionsDf, Condition(), "rightOuter");
        StreamTest.TestStream(joined, OutputMode.Append,
            AddData(s.Impressions, Imp(1, 12, 0), Imp(2, 12, 0)),
            AddData(s.Clicks, Click(1, 12, 10)),
            CheckNewAnswer(Row(1, T(12, 10), 1, T(12, 0))),
            StopStream(),
            AddData(s.Impressions, Imp(3, 15, 0)),
            AddData(s.Clicks, Click(3, 15, 10)),
            StartStream(),
            CheckNewAnswer(Row(3, T(15, 10), 3, T(15, 0)), Row(null, null, 2, T(12, 0))),
            AddData(s.Impressions, Imp(4, 15, 30)),
            CheckNewAnswer());
    }

    [Fact]
    public void FullOuterJoin_BothSidesUnmatched_EmittedWithNulls()
    {
        var s = Create();
        var joined = s.ImpressionsDf.Join(s.ClicksDf, Condition(), "fullOuter");
        StreamTest.TestStream(joined, OutputMode.Append,
            AddData(s.Impressions, Imp(1, 12, 0)),
            AddData(s.Clicks, Click(9, 12, 5)),
            CheckNewAnswer(),
            StopStream(),
            AddData(s.Impressions, Imp(3, 15, 0)),
            AddData(s.Clicks, Click(3, 15, 10)),
            StartStream(),
            CheckNewAnswer(Row(3, T(15, 0), 3, T(15, 10)), Row(1, T(12, 0), null, null), Row(null, null, 9, T(12, 5))),
            AddData(s.Impressions, Imp(4, 15, 30)),
            CheckNewAnswer());
    }

    [Fact]
    public void LeftSemiJoin_ImpressionWithClicks_EmittedOnce()
    {
        var s = Create();
        var joined = s.ImpressionsDf.Join(s.ClicksDf, Condition(), "leftSemi");
        StreamTest.TestStream(joined, OutputMode.Append,
            AddData(s.Impressions, Imp(1, 12, 0), Imp(2, 12, 0)),
            CheckNewAnswer(),
            AddData(s.Clicks, Click(1, 12, 10), Click(1, 12, 11)),
            CheckNewAnswer(Row(1, T(12, 0))),
            StopStream(),
            StartStream(),
            AddData(s.Clicks, Click(1, 12, 20)),
            CheckNewAnswer(),
            // Same batch: the impression is buffered before the click is joined.
            StopStream(),
            AddData(s.Impressions, Imp(5, 12, 30)),
            AddData(s.Clicks, Click(5, 12, 35)),
            StartStream(),
            CheckNewAnswer(Row(5, T(12, 30))),
            AssertOnQuery(q => q.LastProgress!.StateOperators.Single().NumRowsTotal > 0, "rows are buffered"));
    }

    [Fact]
    public void StreamStreamJoin_UpdateMode_FailsWithSparkMessage()
    {
        var s = Create();
        var joined = s.ImpressionsDf.Join(s.ClicksDf, Condition());
        var e = Assert.Throws<AnalysisException>(() => joined.WriteStream().OutputMode("update").Format("console").Start());
        Assert.Equal("Join between two streaming DataFrames/Datasets is not supported in Update output mode, only in Append output mode;", e.Message);
    }

    [Theory]
    [InlineData("leftOuter", "LeftOuter")]
    [InlineData("rightOuter", "RightOuter")]
    [InlineData("fullOuter", "FullOuter")]
    [InlineData("leftSemi", "LeftSemi")]
    public void OuterJoin_WithoutWatermark_FailsWithSparkMessage(string joinType, string sparkName)
    {
        var s = Create(watermarks: false);
        var joined = s.ImpressionsDf.Join(s.ClicksDf, Condition(), joinType);
        var e = Assert.Throws<AnalysisException>(() => joined.WriteStream().Format("console").Start());
        Assert.Equal($"Stream-stream {sparkName} join between two streaming DataFrame/Datasets is not supported without a watermark in the join keys, or a watermark on the nullable side and an appropriate range condition;", e.Message);
    }

    [Fact]
    public void LeftOuterJoin_WatermarkButNoRangeCondition_Fails()
    {
        var s = Create();
        var joined = s.ImpressionsDf.Join(s.ClicksDf, Col("clickAdId") == Col("impressionAdId"), "leftOuter");
        var e = Assert.Throws<AnalysisException>(() => joined.WriteStream().Format("console").Start());
        Assert.StartsWith("Stream-stream LeftOuter join between two streaming DataFrame/Datasets is not supported without a watermark in the join keys", e.Message);
    }

    [Fact]
    public void LeftAntiJoin_StreamOnTheRight_Fails()
    {
        var s = Create();
        var joined = s.ImpressionsDf.Join(s.ClicksDf, Condition(), "leftAnti");
        var e = Assert.Throws<AnalysisException>(() => joined.WriteStream().Format("console").Start());
        Assert.Equal("LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported;", e.Message);
    }

    [Fact]
    public void StreamStreamJoin_WithoutEquality_Fails()
    {
        var s = Create();
        var joined = s.ImpressionsDf.Join(s.ClicksDf, Col("clickTime") >= Col("impressionTime"));
        var e = Assert.Throws<AnalysisException>(() => joined.WriteStream().Format("console").Start());
        Assert.Equal("Stream-stream join without equality predicate is not supported;", e.Message);
    }

    [Fact]
    public void TimestampAdd_Batch_ShiftsByUnitAndPropagatesNull()
    {
        var df = Spark.CreateDataFrame(new[] { Imp(1, 12, 0), new GenericRow(new object?[] { 2, null }) }, ImpressionSchema)
            .Select(TimestampAdd("HOUR", Lit(1), Col("impressionTime")).As("h"), TimestampAdd("MINUTE", Col("impressionAdId"), Col("impressionTime")).As("m"));
        var rows = df.Collect().ToList();
        Assert.Equal(T(13, 0), rows[0][0]);
        Assert.Equal(T(12, 1), rows[0][1]);
        Assert.Null(rows[1][0]);
        Assert.Throws<AnalysisException>(() => TimestampAdd("FORTNIGHT", Lit(1), Col("impressionTime")));
    }
}
