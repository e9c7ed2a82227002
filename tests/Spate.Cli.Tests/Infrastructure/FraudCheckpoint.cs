using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;
using static Spate.Sql.Functions;

namespace Spate.Cli.Tests.Infrastructure;

/// <summary>
/// A real checkpoint, made once per test class: the lecture's fraud query (update of per-user counts, 3 shuffle
/// partitions) over NDJSON files from <c>spate produce --to file:</c>, run for two batches. Tests that damage it
/// work on a copy (<see cref="CopyTo"/>).
/// </summary>
public sealed class FraudCheckpoint : IDisposable
{
    public FraudCheckpoint()
    {
        Root = Directory.CreateTempSubdirectory("spate-cli-checkpoint-").FullName;
        var input = System.IO.Path.Combine(Root, "in");
        Produce(input, seed: 1);

        var spark = SparkSession.Builder().Master("local[2]").AppName("checkpoint-show-tests")
            .Config("spark.ui.enabled", "false").GetOrCreate();
        // Read when the query starts and stored in the offset log.
        spark.Conf().Set("spark.sql.shuffle.partitions", 3);
        var schema = new StructType(new[]
        {
            new StructField("name", new StringType()), new StructField("surname", new StringType()),
            new StructField("amount", new DoubleType()), new StructField("delta_t", new DoubleType()),
            new StructField("flag", new IntegerType()),
        });
        var counts = spark.ReadStream().Schema(schema).Json(input)
            .Where(Col("flag") == 1)
            .WithColumn("id", Concat(Col("name"), Col("surname")))
            .GroupBy("id").Count();
        var query = counts.WriteStream().Format("memory").QueryName("checkpoint_show_" + Guid.NewGuid().ToString("N"))
            .OutputMode("complete")
            .Option("checkpointLocation", Path)
            .Start();
        try
        {
            query.ProcessAllAvailable();
            Produce(input, seed: 2);
            query.ProcessAllAvailable();
        }
        finally
        {
            query.Stop();
        }
        Keys = Directory.GetFiles(input).SelectMany(File.ReadAllLines)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("flag").GetInt32() == 1)
            .Select(e => e.GetProperty("name").GetString() + e.GetProperty("surname").GetString())
            .Distinct().Count();
    }

    /// <summary>Temp folder holding the input and the checkpoint.</summary>
    public string Root { get; }

    /// <summary>The checkpoint directory.</summary>
    public string Path => System.IO.Path.Combine(Root, "checkpoint");

    /// <summary>Distinct users with a flagged transaction: the keys the state must hold.</summary>
    public int Keys { get; }

    /// <summary>Copies the checkpoint to a new temp directory, for tests that change it.</summary>
    public string CopyTo(string target)
    {
        foreach (var file in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories))
        {
            var copy = System.IO.Path.Combine(target, System.IO.Path.GetRelativePath(Path, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        return target;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static void Produce(string directory, int seed)
    {
        var (code, _, error) = ProducerRun.RunAsync("produce", "--to", "file:" + directory, "--count", "100", "--rate", "max",
            "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetAwaiter().GetResult();
        if (code != 0) throw new InvalidOperationException("spate produce failed: " + error);
    }
}
