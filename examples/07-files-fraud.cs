#:project ../src/Spate/Spate.csproj
#:property PublishAot=false
// Connectors, files: the transactions arrive as NDJSON files in a directory (as from a data lake or S3 folder).
// The streaming query picks up each new file once, keeps the flagged transactions and appends them to Parquet
// files, with a checkpoint: stopped and started again, it goes on with the files it has not read yet, and no
// transaction is written twice. A file sink accepts append mode only (Spark's rule: its files are never
// rewritten), so the fraud counts are then computed from the Parquet output with a batch query.
//
//   spate produce --to file:data/transactions --records-per-file 50 --seed 1   # terminal 1: NDJSON files, 50 lines each
//   dotnet run examples/07-files-fraud.cs                                      # terminal 2: until Ctrl+C, then the counts
//
// Options (or environment, SPATE_EXAMPLE_<NAME>): --input (data/transactions), --output (data/flagged-transactions),
// --checkpoint (data/checkpoints/07-files-fraud), --seconds (stop after that many seconds; default: until Ctrl+C),
// --available-now (process the files there now, then stop: Trigger.AvailableNow).
using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;
using static Spate.Sql.Functions;

var input = Setting(args, "input", "data/transactions");
var output = Setting(args, "output", "data/flagged-transactions");
var checkpoint = Setting(args, "checkpoint", "data/checkpoints/07-files-fraud");
var seconds = Setting(args, "seconds", "");
var availableNow = System.Array.IndexOf(args, "--available-now") >= 0 || Environment.GetEnvironmentVariable("SPATE_EXAMPLE_AVAILABLE_NOW") == "1";
System.IO.Directory.CreateDirectory(input);

var spark = SparkSession.Builder()
    .Master("local[*]")
    .AppName("My streaming spark application")
    .Config("spark.executor.memory", "512m")
    .Config("spark.sql.execution.arrow.pyspark.enabled", "true")
    .Config("spark.sql.execution.arrow.pyspark.fallback.enabled", "false")
    .Config("spark.sql.streaming.forceDeleteTempCheckpointLocation", "true")
    .Config("spark.sql.adaptive.enabled", "false")
    .GetOrCreate();

// The lecture's schema of a transaction. A streaming file source needs it up front (it cannot infer one from files
// that have not arrived yet).
var schema = new StructType(new[]
{
    new StructField("name", new StringType()),
    new StructField("surname", new StringType()),
    new StructField("amount", new DoubleType()),
    new StructField("delta_t", new DoubleType()),
    new StructField("flag", new IntegerType()),
});

// Each line of each new file is one row; files whose name starts with '.' or '_' (being written) are skipped.
var transactions = spark
    .ReadStream()
    .Schema(schema)
    .Json(input);

// The flagged transactions, with the lecture's user id.
var flagged = transactions
    .Where(Col("flag") == 1)
    .WithColumn("id", Concat(Col("name"), Col("surname")))
    .Select(Col("id"), Col("name"), Col("surname"), Col("amount"), Col("delta_t"));

var query = flagged
    .WriteStream()
    .Format("parquet")
    .OutputMode("append")
    .Option("path", output)
    .Option("checkpointLocation", checkpoint)
    .Trigger(availableNow ? Trigger.AvailableNow() : Trigger.ProcessingTime("5 seconds"))
    .Start();

Console.CancelKeyPress += (_, e) => { e.Cancel = true; query.Stop(); };
if (availableNow || seconds.Length == 0) query.AwaitTermination();
else query.AwaitTermination((long)(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture) * 1000));
query.Stop();
if (query.Exception() is { } failure)
{
    Console.Error.WriteLine($"The query failed: {failure.Message}");
    spark.Stop();
    return 1;
}

// The Parquet output as a table: only the files the sink committed (its _spark_metadata log) are read.
var written = spark.Read().Parquet(output);
Console.WriteLine($"Flagged transactions in {output}: {written.Count()}");

// The lecture's fraud table over everything written so far.
var susTransactions = written
    .GroupBy("id")
    .Count()
    .Where(Col("count") > 1)
    .WithColumn("fraud", Lit(1))
    .Select(Col("id"), Col("fraud"), Col("count").Alias("nTransactions"))
    .OrderBy(Col("nTransactions").Desc(), Col("id"));
Console.WriteLine("Suspicious users:");
susTransactions.Show(100, false);
spark.Stop();
return 0;

// --name value on the command line, else SPATE_EXAMPLE_NAME in the environment (dashes as underscores), else the default.
static string Setting(string[] args, string name, string fallback)
{
    var i = System.Array.IndexOf(args, "--" + name);
    if (i >= 0 && i + 1 < args.Length) return args[i + 1];
    var variable = "SPATE_EXAMPLE_" + name.Replace('-', '_').ToUpperInvariant();
    return Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : fallback;
}
