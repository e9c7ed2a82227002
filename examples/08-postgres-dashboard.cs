#:project ../src/Spate/Spate.csproj
#:project ../src/Spate.Postgres/Spate.Postgres.csproj
#:project ../src/Spate.Sqlite/Spate.Sqlite.csproj
#:property PublishAot=false
// Connectors, databases: the lecture's fraud counts (step 4, update mode) kept in a database table a dashboard can
// read. With keys=id the sink upserts: each batch inserts new suspicious users and updates the counts that
// changed, in one transaction per batch, exactly once (a re-run batch is recognised and skipped).
//
//   spate produce --seed 1                                                     # terminal 1: the lecture's producer
//   dotnet run examples/08-postgres-dashboard.cs                               # terminal 2: into PostgreSQL
//   dotnet run examples/08-postgres-dashboard.cs -- --sqlite data/dashboard.db # or into a SQLite file
//
// Options (or environment, SPATE_EXAMPLE_<NAME>): --host (localhost) and --port (5555) of the producer,
// --url (the PostgreSQL connection: Host=localhost;Port=5432;Username=postgres;Database=postgres, or
// jdbc:postgresql://...), --sqlite FILE (write to SQLite instead), --table (fraud_dashboard),
// --checkpoint (data/checkpoints/08-postgres-dashboard), --seconds (stop after that many seconds; default: Ctrl+C).
using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;
using static Spate.Sql.Functions;

var hostname = Setting(args, "host", "localhost");
var portnumber = int.Parse(Setting(args, "port", "5555"), System.Globalization.CultureInfo.InvariantCulture);
var url = Setting(args, "url", "Host=localhost;Port=5432;Username=postgres;Database=postgres");
var sqlite = Setting(args, "sqlite", "");
var table = Setting(args, "table", "fraud_dashboard");
var checkpoint = Setting(args, "checkpoint", "data/checkpoints/08-postgres-dashboard");
var seconds = Setting(args, "seconds", "");

var spark = SparkSession.Builder()
    .Master("local[*]")
    .AppName("My streaming spark application")
    .Config("spark.executor.memory", "512m")
    .Config("spark.sql.execution.arrow.pyspark.enabled", "true")
    .Config("spark.sql.execution.arrow.pyspark.fallback.enabled", "false")
    .Config("spark.sql.streaming.forceDeleteTempCheckpointLocation", "true")
    .Config("spark.sql.adaptive.enabled", "false")
    .GetOrCreate();

var schema = new StructType(new[]
{
    new StructField("name", new StringType()),
    new StructField("surname", new StringType()),
    new StructField("amount", new DoubleType()),
    new StructField("delta_t", new DoubleType()),
    new StructField("flag", new IntegerType()),
});

var parsedDf = spark
    .ReadStream()
    .Format("socket")
    .Option("host", hostname)
    .Option("port", portnumber)
    .Load()
    .Select(FromJson(Col("value"), schema).Alias("data"))
    .Select(Col("data.*"));

var susTransactions = parsedDf
    .Where(Col("flag") == 1)
    .WithColumn("id", Concat(Col("name"), Col("surname")))
    .GroupBy("id")
    .Count()
    .Where(Col("count") > 1)
    .WithColumn("fraud", Lit(1))
    .Select(Col("id"), Col("fraud"), Col("count").Alias("nTransactions"));

spark.Conf().Set("spark.sql.shuffle.partitions", 4);

// The same writer for both databases: only the format and the connection differ. The table is created on the
// first batch (id TEXT primary key, fraud INTEGER, nTransactions BIGINT).
var writer = susTransactions
    .WriteStream()
    .OutputMode("update")
    .Format(sqlite.Length > 0 ? "sqlite" : "postgres")
    .Option("url", sqlite.Length > 0 ? $"Data Source={sqlite}" : url)
    .Option("dbtable", table)
    .Option("keys", "id")
    .Option("checkpointLocation", checkpoint)
    .Trigger(Trigger.ProcessingTime("5 seconds"));
var query = writer.Start();
Console.WriteLine($"Writing the suspicious users to {(sqlite.Length > 0 ? "SQLite " + sqlite : "PostgreSQL")}, table {table}.");

Console.CancelKeyPress += (_, e) => { e.Cancel = true; query.Stop(); };
if (seconds.Length > 0) query.AwaitTermination((long)(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture) * 1000));
else query.AwaitTermination();
query.Stop();
var exitCode = 0;
if (query.Exception() is { } failure)
{
    Console.Error.WriteLine($"The query failed: {failure.Message}");
    exitCode = 1;
}
else if (query.LastProgress is { } progress)
{
    Console.WriteLine($"Stopped after batch {progress.BatchId}.");
}
spark.Stop();
return exitCode;

// --name value on the command line, else SPATE_EXAMPLE_NAME in the environment (dashes as underscores), else the default.
static string Setting(string[] args, string name, string fallback)
{
    var i = System.Array.IndexOf(args, "--" + name);
    if (i >= 0 && i + 1 < args.Length) return args[i + 1];
    var variable = "SPATE_EXAMPLE_" + name.Replace('-', '_').ToUpperInvariant();
    return Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : fallback;
}
