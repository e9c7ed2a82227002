using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Sql.Functions;

namespace Spate.Bench;

/// <summary>The lecture's fraud query, as <c>spate demo fraud</c> runs it.</summary>
internal static class Lecture
{
    public static readonly StructType Schema = new(new[]
    {
        new StructField("name", new StringType()),
        new StructField("surname", new StringType()),
        new StructField("amount", new DoubleType()),
        new StructField("delta_t", new DoubleType()),
        new StructField("flag", new IntegerType()),
    });

    /// <summary>From a <c>value</c> column of JSON lines: parse, keep flagged, count per user, keep users with more than one.</summary>
    public static DataFrame FromLines(DataFrame rawMessages) =>
        FromParsed(rawMessages.Select(FromJson(Col("value"), Schema).Alias("data")).Select(Col("data.*")));

    /// <summary>The query after parsing (for the JSON file reader, which parses itself).</summary>
    public static DataFrame FromParsed(DataFrame parsed)
    {
        var numTransactions = parsed
            .Where(Col("flag") == 1)
            .WithColumn("id", Concat(Col("name"), Col("surname")))
            .GroupBy("id")
            .Count();
        return numTransactions
            .Where(Col("count") > 1)
            .WithColumn("fraud", Lit(1))
            .Select(Col("id"), Col("fraud"), Col("count").Alias("nTransactions"));
    }

    /// <summary>A session with <c>master</c> (any running session is stopped first: the master is fixed at creation).</summary>
    public static SparkSession Session(string master, int shufflePartitions)
    {
        SparkSession.GetActiveSession()?.Stop();
        var spark = SparkSession.Builder()
            .Master(master)
            .AppName("Spate bench")
            .Config("spark.sql.shuffle.partitions", shufflePartitions)
            .Config("spark.ui.enabled", "false")
            .GetOrCreate();
        spark.SparkContext.SetLogLevel("ERROR");
        return spark;
    }
}
