using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;
using Spate.Testing;
using static Spate.Sql.Functions;
using static Spate.Testing.StreamActions;

namespace Spate.Recovery.Tests;

/// <summary>
/// Spark's "stress test with random actions" (StreamSuite), in process: 100 random AddData / StopStream / StartStream /
/// CheckAnswer actions per seed on a memory stream, checked against a model of everything added so far. Restarts go
/// through the checkpoint (offsets, commits, state), so a lost or replayed batch shows up as a wrong answer.
/// </summary>
public class RandomActionStreamTests
{
    private const int Actions = 100;

    private static SparkSession Spark =>
        SparkSession.Builder().Master("local[2]").AppName("recovery-tests").Config("spark.sql.shuffle.partitions", "3").Config("spark.ui.enabled", "false").GetOrCreate();

    private static readonly StructType Schema = new(new[] { new StructField("value", new IntegerType(), true) });

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void CompleteAggregation_RandomActions_MatchesModel(int seed)
    {
        var input = new MemoryStream<object?[]>(Spark, Schema);
        var counts = input.ToDF().GroupBy((Col("value") % 5).Alias("k")).Agg(Count("value").Alias("n"), Sum("value").Alias("s"));
        // k = v % 5 (negative for negative v, null for null v); n counts non-null values; s is null when all are null.
        StreamTest.TestStream(counts, OutputMode.Complete, RandomActions(input, seed, added =>
            added.GroupBy(v => v % 5).Select(g => Row(g.Key, (long)g.Count(v => v != null), g.Any(v => v != null) ? g.Sum(v => (long?)v) : null)).ToArray()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void AppendProjection_RandomActions_EveryRowOnce(int seed)
    {
        var input = new MemoryStream<object?[]>(Spark, Schema);
        var doubled = input.ToDF().Where(Col("value") % 3 != 0).Select((Col("value") * 2).Alias("twice"));
        // Append mode: the sink keeps every batch, so a replayed batch would show as a duplicate row.
        StreamTest.TestStream(doubled, OutputMode.Append, RandomActions(input, seed, added =>
            added.Where(v => v != null && v % 3 != 0).Select(v => Row(v * 2)).ToArray()));
    }

    private static StreamAction[] RandomActions(MemoryStream<object?[]> input, int seed, Func<List<int?>, Row[]> expected)
    {
        var random = new Random(seed);
        var added = new List<int?>();
        var actions = new List<StreamAction>();
        bool running = true;
        for (int i = 0; i < Actions; i++)
        {
            double r = random.NextDouble();
            if (r < 0.45)
            {
                // Zero to five values, some null, some negative; AddData works while the stream is stopped too.
                var values = Enumerable.Range(0, random.Next(6)).Select(_ => random.Next(10) == 0 ? (int?)null : random.Next(-50, 200)).ToList();
                added.AddRange(values);
                actions.Add(AddData(input, values.Select(v => new object?[] { v }).ToArray()));
            }
            else if (r < 0.6 && running)
            {
                actions.Add(StopStream());
                running = false;
            }
            else if (!running)
            {
                actions.Add(StartStream());
                running = true;
            }
            else
            {
                actions.Add(CheckAnswer(expected(added)));
            }
        }
        if (!running) actions.Add(StartStream());
        actions.Add(CheckAnswer(expected(added)));
        return actions.ToArray();
    }
}
