using Spate.Sql;
using Spate.Sql.Streaming;
using static Spate.Sql.Functions;

namespace Spate.Recovery.Child;

/// <summary>
/// The child's modes that write through a connector's own exactly-once sink instead of foreachBatch, so the sink's
/// batch-id bookkeeping is what is under test:
/// <c>sqlite-aggregate</c> (update mode, upsert by k into <c>counts</c>; batch ids in <c>_spate_batches</c>),
/// <c>sqlite-raw</c> (append into <c>rows</c>, a table without key, so a duplicate is a second row) and
/// <c>parquet-raw</c> (append of the raw rows as parquet files under the result path, committed in <c>_spark_metadata</c>),
/// and <c>postgres-aggregate</c> / <c>postgres-raw</c> (as the SQLite ones, the result path being a connection string).
/// The child cannot see inside the sink, so it prints <c>progress N</c> when batch N is committed (its progress event)
/// and stops once batch <c>batches - 1</c> is; a batch or two more may reach the sink before the stop takes effect.
/// </summary>
internal static class SinkModes
{
    public static int Run(SparkSession spark, string checkpoint, string resultPath, long batches, string mode, long rowsPerBatch)
    {
        var reached = new ManualResetEventSlim();
        spark.Streams().AddListener(new ProgressListener(batches, reached));
        var input = spark.ReadStream().Format("rate-micro-batch").Option("rowsPerBatch", rowsPerBatch).Load();
        StreamingQuery running;
        try
        {
            running = mode switch
            {
                "sqlite-aggregate" => input.Select((Col("value") % 7).Alias("k"), Col("value"))
                    .GroupBy("k").Agg(Count("value").Alias("n"), Sum("value").Alias("s"))
                    .WriteStream().OutputMode(OutputMode.Update).Format("sqlite")
                    .Option("path", resultPath).Option("dbtable", "counts").Option("keys", "k")
                    .Option("checkpointLocation", checkpoint).Start(),
                "sqlite-raw" => input.Select(Col("value"))
                    .WriteStream().OutputMode(OutputMode.Append).Format("sqlite")
                    .Option("path", resultPath).Option("dbtable", "rows")
                    .Option("checkpointLocation", checkpoint).Start(),
                "postgres-aggregate" => input.Select((Col("value") % 7).Alias("k"), Col("value"))
                    .GroupBy("k").Agg(Count("value").Alias("n"), Sum("value").Alias("s"))
                    .WriteStream().OutputMode(OutputMode.Update).Format("postgres")
                    .Option("url", resultPath).Option("dbtable", "counts").Option("keys", "k")
                    .Option("checkpointLocation", checkpoint).Start(),
                "postgres-raw" => input.Select(Col("value"))
                    .WriteStream().OutputMode(OutputMode.Append).Format("postgres")
                    .Option("url", resultPath).Option("dbtable", "rows")
                    .Option("checkpointLocation", checkpoint).Start(),
                _ => input.Select(Col("value"))
                    .WriteStream().OutputMode(OutputMode.Append).Format("parquet")
                    .Option("path", resultPath).Option("checkpointLocation", checkpoint).Start(),
            };
        }
        catch (Exception e)
        {
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
    }

    private static int Fail(Exception e)
    {
        Console.Error.WriteLine($"query failed: {e.Message}");
        if (e.InnerException != null) Console.Error.WriteLine($"caused by: {e.InnerException.Message}");
        return 1;
    }

    /// <summary>Prints each committed batch and signals when the last one the run needs is committed.</summary>
    private sealed class ProgressListener : StreamingQueryListener
    {
        private readonly long _batches;
        private readonly ManualResetEventSlim _reached;

        public ProgressListener(long batches, ManualResetEventSlim reached)
        {
            _batches = batches;
            _reached = reached;
        }

        public override void OnQueryStarted(QueryStartedEvent queryStarted) { }

        public override void OnQueryProgress(QueryProgressEvent queryProgress)
        {
            long id = queryProgress.Progress.BatchId;
            Console.Out.WriteLine($"progress {id}");
            if (id >= _batches - 1) _reached.Set();
        }

        public override void OnQueryTerminated(QueryTerminatedEvent queryTerminated) { }
    }
}
