using Microsoft.Data.Sqlite;
using Spate.Recovery.Child;
using Spate.Sql;
using Spate.Sql.Streaming;
using static Spate.Sql.Functions;

// The child of the kill -9 recovery harness. Usage:
//   dotnet Spate.Recovery.Child.dll <checkpointDir> <resultPath> <batches> <mode> [rowsPerBatch=50] [non-idempotent]
// Runs a rate-micro-batch query into SQLite until batch id <batches> is reached (batches 0..batches-1 are written),
// then stops and exits 0. "non-idempotent" drops the batch-id check (a harness self-test: replays then duplicate rows). Prints "started" once the query runs, and "committed <id>" / "skipped <id>" per batch.
// Modes aggregate and raw write through foreachBatch; sqlite-aggregate, sqlite-raw, parquet-raw, postgres-aggregate and
// postgres-raw through the connectors' own exactly-once sinks (see SinkModes.cs; for postgres, <resultPath> is an Npgsql
// connection string).
// Exit codes: 0 done, 1 the query failed (message on stderr), 2 bad arguments. SPATE_FAULT_POINT makes it kill itself.
if (args.Length is < 4 or > 6 || !long.TryParse(args[2], out long batches) || batches < 1
    || args[3] is not ("aggregate" or "raw" or "sqlite-aggregate" or "sqlite-raw" or "parquet-raw" or "postgres-aggregate" or "postgres-raw")
    || (args.Length >= 5 && (!long.TryParse(args[4], out long parsedRows) || parsedRows < 1))
    || (args.Length == 6 && (args[5] != "non-idempotent" || args[3].Contains('-'))))
{
    Console.Error.WriteLine("usage: Spate.Recovery.Child <checkpointDir> <resultPath> <batches> <aggregate|raw|sqlite-aggregate|sqlite-raw|parquet-raw|postgres-aggregate|postgres-raw> [rowsPerBatch] [non-idempotent]");
    return 2;
}
string checkpoint = args[0], sqlitePath = args[1], mode = args[3];
long rowsPerBatch = args.Length >= 5 ? long.Parse(args[4]) : 50;
bool idempotent = args.Length < 6;

var spark = SparkSession.Builder().Master("local[2]").AppName("recovery-child")
    .Config("spark.sql.shuffle.partitions", "2").Config("spark.ui.enabled", "false").GetOrCreate();
if (mode.Contains('-')) return SinkModes.Run(spark, checkpoint, sqlitePath, batches, mode, rowsPerBatch);
using var store = new SqliteResultStore(sqlitePath);
var reached = new ManualResetEventSlim();

var input = spark.ReadStream().Format("rate-micro-batch").Option("rowsPerBatch", rowsPerBatch).Load();
DataFrame query;
OutputMode outputMode;
Action<SqliteConnection, SqliteTransaction, List<Row>> write;
if (mode == "aggregate")
{
    query = input.Select((Col("value") % 7).Alias("k"), Col("value"))
        .GroupBy("k").Agg(Count("value").Alias("n"), Sum("value").Alias("s"));
    outputMode = OutputMode.Update;
    write = (c, tx, rows) =>
    {
        using var upsert = c.CreateCommand();
        upsert.Transaction = tx;
        upsert.CommandText = "INSERT INTO counts(k, n, s) VALUES ($k, $n, $s) ON CONFLICT(k) DO UPDATE SET n = excluded.n, s = excluded.s";
        var k = upsert.Parameters.Add("$k", SqliteType.Integer);
        var n = upsert.Parameters.Add("$n", SqliteType.Integer);
        var s = upsert.Parameters.Add("$s", SqliteType.Integer);
        foreach (var r in rows)
        {
            k.Value = r.GetAs<long>("k");
            n.Value = r.GetAs<long>("n");
            s.Value = r.GetAs<long>("s");
            upsert.ExecuteNonQuery();
        }
    };
}
else
{
    query = input.Select(Col("value"));
    outputMode = OutputMode.Append;
    write = (c, tx, rows) =>
    {
        using var insert = c.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO rows(value) VALUES ($v)";
        var v = insert.Parameters.Add("$v", SqliteType.Integer);
        foreach (var r in rows)
        {
            v.Value = r.GetAs<long>("value");
            insert.ExecuteNonQuery();
        }
    };
}

StreamingQuery running;
try
{
    running = query.WriteStream().OutputMode(outputMode).Option("checkpointLocation", checkpoint)
        .ForeachBatch((df, batchId) =>
        {
            // Batches from <batches> on are outside the run: nothing is written, the main thread stops the query.
            if (batchId >= batches) { reached.Set(); return; }
            var rows = df.Collect().ToList();
            bool written = store.WriteBatch(batchId, idempotent, (c, tx) => write(c, tx, rows));
            Console.Out.WriteLine($"{(written ? "committed" : "skipped")} {batchId}");
        })
        .Start();
}
catch (Exception e)
{
    // A checkpoint unreadable at start (e.g. its metadata file) fails here, before the query thread exists.
    return Fail(e);
}
Console.Out.WriteLine("started");

var terminated = Task.Run(() => running.AwaitTermination());
int which = WaitHandle.WaitAny(new[] { reached.WaitHandle, ((IAsyncResult)terminated).AsyncWaitHandle });
if (which == 0)
{
    running.Stop();
    Console.Out.WriteLine("done");
    return running.Exception() == null ? 0 : Fail(running.Exception()!);
}
return terminated.Exception is { } err ? Fail(err.InnerException ?? err) : Fail(new InvalidOperationException("The query stopped before reaching the last batch."));

static int Fail(Exception e)
{
    Console.Error.WriteLine($"query failed: {e.Message}");
    if (e.InnerException != null) Console.Error.WriteLine($"caused by: {e.InnerException.Message}");
    return 1;
}
