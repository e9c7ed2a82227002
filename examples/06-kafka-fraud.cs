#:project ../src/Spate/Spate.csproj
#:project ../src/Spate.Kafka/Spate.Kafka.csproj
#:property PublishAot=false
// Connectors, Kafka: the lecture's fraud query (step 4) reading the transactions from a Kafka topic instead of a
// socket. Each Kafka record's value is one JSON line; CAST(value AS STRING) turns the bytes into the text the
// socket source gave, and the rest of the query is unchanged. Update mode, 5-second trigger, console sink.
//
//   spate produce --to kafka:localhost:9092/transactions --seed 1   # terminal 1: the producer, into the topic
//   dotnet run examples/06-kafka-fraud.cs                           # terminal 2: this query, until Ctrl+C
//
// Options (or environment): --bootstrap (SPATE_EXAMPLE_BOOTSTRAP, localhost:9092), --topic (SPATE_EXAMPLE_TOPIC,
// transactions), --starting-offsets (SPATE_EXAMPLE_STARTING_OFFSETS, earliest: also read what the producer sent
// before the query started; latest: only new records), --seconds (SPATE_EXAMPLE_SECONDS: stop after that many
// seconds; default: run until Ctrl+C).
using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;
using static Spate.Sql.Functions;

var bootstrap = Setting(args, "bootstrap", "localhost:9092");
var topic = Setting(args, "topic", "transactions");
var startingOffsets = Setting(args, "starting-offsets", "earliest");
var seconds = Setting(args, "seconds", "");

// The lecture's session: local[*] stands in for spark://spark-master:7077.
var spark = SparkSession.Builder()
    .Master("local[*]")
    .AppName("My streaming spark application")
    .Config("spark.executor.memory", "512m")
    .Config("spark.sql.execution.arrow.pyspark.enabled", "true")
    .Config("spark.sql.execution.arrow.pyspark.fallback.enabled", "false")
    .Config("spark.sql.streaming.forceDeleteTempCheckpointLocation", "true")
    .Config("spark.sql.adaptive.enabled", "false")
    .GetOrCreate();

// The lecture's schema of a transaction.
var schema = new StructType(new[]
{
    new StructField("name", new StringType()),
    new StructField("surname", new StringType()),
    new StructField("amount", new DoubleType()),
    new StructField("delta_t", new DoubleType()),
    new StructField("flag", new IntegerType()),
});

// Kafka records have key, value (binary), topic, partition, offset, timestamp and timestampType columns.
var kafkaDf = spark
    .ReadStream()
    .Format("kafka")
    .Option("kafka.bootstrap.servers", bootstrap)
    .Option("subscribe", topic)
    .Option("startingOffsets", startingOffsets)
    .Load();

// The value as text: the same JSON line the socket source's value column held.
var rawMessagesDf = kafkaDf.SelectExpr("CAST(value AS STRING) AS value");

var parsedDf = rawMessagesDf
    .Select(FromJson(Col("value"), schema).Alias("data"))
    .Select(Col("data.*"));

// Number of flagged transactions per user (id = name + surname).
var numTransactions = parsedDf
    .Where(Col("flag") == 1)
    .WithColumn("id", Concat(Col("name"), Col("surname")))
    .GroupBy("id")
    .Count();

// Suspicious users: more than one flagged transaction.
var susTransactions = numTransactions
    .Where(Col("count") > 1)
    .WithColumn("fraud", Lit(1))
    .Select(Col("id"), Col("fraud"), Col("count").Alias("nTransactions"));

spark.Conf().Set("spark.sql.shuffle.partitions", 4);

var query = susTransactions
    .WriteStream()
    .OutputMode("update")
    .Format("console")
    .Trigger(Trigger.ProcessingTime("5 seconds"))
    .Option("truncate", false)
    .Start();

var exitCode = RunUntilStopped(query, seconds);
spark.Stop();
return exitCode;

// Runs the query for --seconds, or until Ctrl+C (the lecture's query.stop() cell), or until it fails (exit code 1).
static int RunUntilStopped(StreamingQuery query, string seconds)
{
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; query.Stop(); };
    if (seconds.Length > 0) query.AwaitTermination((long)(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture) * 1000));
    else query.AwaitTermination();
    query.Stop();
    if (query.Exception() is not { } failure) return 0;
    Console.Error.WriteLine($"The query failed: {failure.Message}");
    return 1;
}

// --name value on the command line, else SPATE_EXAMPLE_NAME in the environment (dashes as underscores), else the default.
static string Setting(string[] args, string name, string fallback)
{
    var i = System.Array.IndexOf(args, "--" + name);
    if (i >= 0 && i + 1 < args.Length) return args[i + 1];
    var variable = "SPATE_EXAMPLE_" + name.Replace('-', '_').ToUpperInvariant();
    return Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : fallback;
}
