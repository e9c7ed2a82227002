using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Testing;
using static Spate.Sql.Functions;
using static Spate.Testing.StreamActions;

namespace Spate.Tests.Streaming;

public class StreamingAggregationTests
{
    private static SparkSession Spark => TestSession.Spark;

    [Fact]
    public void GroupByCount_UpdateMode_KeepsRunningCountsAcrossRestart()
    {
        var input = new MemoryStream<string>(Spark);
        var counts = input.ToDF().GroupBy("value").Count();
        StreamTest.TestStream(counts, OutputMode.Update,
            AddData(input, "a", "b", "a"),
            CheckLastBatch(Row("a", 2L), Row("b", 1L)),
            StopStream(),
            StartStream(),
            AddData(input, "a", "c"),
            CheckLastBatch(Row("a", 3L), Row("c", 1L)),
            CheckAnswer(Row("a", 2L), Row("b", 1L), Row("a", 3L), Row("c", 1L)));
    }

    // 5,000 keys: more than one 4,096-row chunk of groups, with stored state for some keys and not for others.
    private static Row[] FirstLastRows(IEnumerable<int> keys, Func<int, int> first, Func<int, int> last, Func<int, long> count) =>
        keys.Select(k => Row(k, first(k), last(k), count(k))).ToArray();

    [Fact]
    public void FirstLast_UpdateAndComplete_StoredStateComesBeforeTheBatchAcrossChunksAndRestart()
    {
        foreach (var mode in new[] { OutputMode.Update, OutputMode.Complete })
        {
            var input = new MemoryStream<int>(Spark);
            var agg = input.ToDF().GroupBy((Col("value") % 5000).Alias("k"))
                .Agg(First("value").Alias("first"), Last("value").Alias("last"), Count("value").Alias("n"));
            var all = Enumerable.Range(0, 5000);
            var batch3 = mode == OutputMode.Update ? Enumerable.Range(0, 3) : all;
            StreamTest.TestStream(agg, mode,
                AddData(input, Enumerable.Range(0, 10_000).ToArray()),
                CheckLastBatch(FirstLastRows(all, k => k, k => k + 5000, _ => 2)),
                AddData(input, Enumerable.Range(10_000, 5000).ToArray()),
                CheckLastBatch(FirstLastRows(all, k => k, k => k + 10_000, _ => 3)),
                StopStream(),
                StartStream(),
                AddData(input, 20_000, 20_001, 20_002),
                CheckLastBatch(FirstLastRows(batch3, k => k, k => k < 3 ? 20_000 + k : k + 10_000, k => k < 3 ? 4 : 3)));
        }
    }

    [Fact]
    public void GroupByCount_CompleteMode_EmitsWholeTableEachBatch()
    {
        var input = new MemoryStream<int>(Spark);
        var counts = input.ToDF().GroupBy((Col("value") % 2).Alias("parity")).Count();
        StreamTest.TestStream(counts, OutputMode.Complete,
            AddData(input, 1, 2, 3),
            CheckAnswer(Row(1, 2L), Row(0, 1L)),
            StopStream(),
            StartStream(),
            AddData(input, 5),
            CheckAnswer(Row(1, 3L), Row(0, 1L)));
    }

    [Fact]
    public void FilterOnAggregate_UpdateMode_EmitsOnlyChangedRowsPassingFilter()
    {
        var input = new MemoryStream<string>(Spark);
        var frequent = input.ToDF().GroupBy("value").Count().Where(Col("count") > 1);
        StreamTest.TestStream(frequent, OutputMode.Update,
            AddData(input, "a", "b"),
            CheckLastBatch(),
            AddData(input, "a"),
            CheckLastBatch(Row("a", 2L)),
            StopStream(),
            StartStream(),
            AddData(input, "b", "c"),
            CheckLastBatch(Row("b", 2L)));
    }

    [Fact]
    public void GlobalAggregate_SumAndCount_AccumulateAcrossBatches()
    {
        var input = new MemoryStream<long>(Spark);
        var totals = input.ToDF().Agg(Sum("value").Alias("total"), Count("value").Alias("n"), Max("value").Alias("max"));
        StreamTest.TestStream(totals, OutputMode.Complete,
            AddData(input, 1L, 2L),
            CheckAnswer(Row(3L, 2L, 2L)),
            StopStream(),
            StartStream(),
            AddData(input, 10L),
            CheckAnswer(Row(13L, 3L, 10L)));
    }

    [Fact]
    public void MapOnly_AppendMode_PassesRowsThrough()
    {
        var input = new MemoryStream<int>(Spark);
        var doubled = input.ToDF().Where(Col("value") > 1).Select((Col("value") * 2).Alias("v"));
        StreamTest.TestStream(doubled, OutputMode.Append,
            AddData(input, 1, 2, 3),
            CheckAnswer(Row(4), Row(6)),
            StopStream(),
            StartStream(),
            AddData(input, 4),
            CheckLastBatch(Row(8)),
            CheckAnswer(Row(4), Row(6), Row(8)));
    }

    [Fact]
    public void DropDuplicates_Stream_DropsKeysSeenInEarlierBatches()
    {
        var input = new MemoryStream<string>(Spark);
        var distinct = input.ToDF().DropDuplicates("value");
        StreamTest.TestStream(distinct, OutputMode.Append,
            AddData(input, "a", "a", "b"),
            CheckAnswer(Row("a"), Row("b")),
            StopStream(),
            StartStream(),
            AddData(input, "b", "c"),
            CheckLastBatch(Row("c")));
    }

    [Fact]
    public void StreamStaticJoin_Inner_EnrichesEachBatch()
    {
        var names = Spark.CreateDataFrame(new[] { new GenericRow(new object?[] { 1, "one" }), new GenericRow(new object?[] { 2, "two" }) },
            new Spate.Sql.Types.StructType(new[] { new Spate.Sql.Types.StructField("value", new Spate.Sql.Types.IntegerType()), new Spate.Sql.Types.StructField("name", new Spate.Sql.Types.StringType()) }));
        var input = new MemoryStream<int>(Spark);
        var joined = input.ToDF().Join(names, "value");
        StreamTest.TestStream(joined, OutputMode.Append,
            AddData(input, 1, 3, 2),
            CheckAnswer(Row(1, "one"), Row(2, "two")));
    }

    [Fact]
    public void ExpectFailure_BadDataInBatch_FailsQueryWithCause()
    {
        var input = new MemoryStream<string>(Spark);
        var failing = input.ToDF().Select(Col("value"));
        var df = failing.WriteStream();
        StreamTest.TestStream(input.ToDF().GroupBy("value").Count(), OutputMode.Update,
            AddData(input, "x"),
            CheckLastBatch(Row("x", 1L)),
            AssertOnQuery(q => q.IsActive(), "query is active"),
            AssertOnQuery(q => q.LastProgress!.StateOperators.Single().NumRowsTotal == 1, "one key in state"));
    }
}
