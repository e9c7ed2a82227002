#:project ../src/Spate/Spate.csproj
#:property PublishAot=false
// Lecture 3, step 3: the static parsing code chained to the socket stream; every column of the
// transactions printed in update mode.
//
//   spate produce --seed 1                    # terminal 1: the lecture's producer.py, on localhost:5555
//   dotnet run examples/03-socket-parsed.cs   # terminal 2: this query, until Ctrl+C
//
// Options (or environment): --host (SPATE_EXAMPLE_HOST, localhost), --port (SPATE_EXAMPLE_PORT, 5555),
// --seconds (SPATE_EXAMPLE_SECONDS: stop after that many seconds; default: run until Ctrl+C).
using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;
using static Spate.Sql.Functions;

var hostname = Setting(args, "host", "localhost");
var portnumber = int.Parse(Setting(args, "port", "5555"), System.Globalization.CultureInfo.InvariantCulture);
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

var rawMessagesDf = spark
    .ReadStream()
    .Format("socket")
    .Option("host", hostname)
    .Option("port", portnumber)
    .Load();

// Parse the JSON lines with the schema and select all the columns.
var parsedDf = rawMessagesDf
    .Select(FromJson(Col("value"), schema).Alias("data"))
    .Select(Col("data.*"));

var query = parsedDf
    .WriteStream()
    .OutputMode("update")
    .Format("console")
    .Trigger(Trigger.ProcessingTime("2 seconds"))
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

// --name value on the command line, else SPATE_EXAMPLE_NAME in the environment, else the default.
static string Setting(string[] args, string name, string fallback)
{
    var i = System.Array.IndexOf(args, "--" + name);
    if (i >= 0 && i + 1 < args.Length) return args[i + 1];
    return Environment.GetEnvironmentVariable("SPATE_EXAMPLE_" + name.ToUpperInvariant()) is { Length: > 0 } value ? value : fallback;
}
