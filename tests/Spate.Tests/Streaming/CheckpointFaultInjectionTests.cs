using System.Collections.Concurrent;
using Spate.Checkpoints;
using Spate.Sql;
using Spate.Sql.Streaming;
using static Spate.Sql.Functions;

namespace Spate.Tests.Streaming;

/// <summary>Every file operation of the checkpoint logs failing once, per file kind: the query stops with a named error,
/// and a restart recovers with exactly-once output. Runs alone: the fault injector is process-wide.</summary>
[Collection("Console")]
public class CheckpointFaultInjectionTests
{
    private static SparkSession Spark => TestSession.Spark;

    public static IEnumerable<object[]> Faults() =>
        from kind in new[] { "offsets", "commits" }
        from op in new[] { "Create", "Write", "Flush", "Rename" }
        select new object[] { kind, op };

    [Theory]
    [MemberData(nameof(Faults))]
    public void LogWriteFails_QueryStopsNamingIt_RestartGivesExactlyOnceOutput(string kind, string operation)
    {
        var failing = Enum.Parse<CheckpointFileOp>(operation);
        var dir = Path.Combine(Path.GetTempPath(), "spate-fault-" + Guid.NewGuid().ToString("N"));
        var committed = new ConcurrentDictionary<long, bool>();
        var counts = new ConcurrentDictionary<long, long>();
        var input = new MemoryStream<int>(Spark);
        StreamingQuery Start() => input.ToDF().GroupBy((Col("value") % 3).Alias("k")).Count().WriteStream().OutputMode("update")
            .Option("checkpointLocation", dir)
            .ForeachBatch((df, batchId) =>
            {
                if (committed.ContainsKey(batchId)) return; // idempotent per batch id
                foreach (var row in df.Collect()) counts[Convert.ToInt64(row[0])] = (long)row[1]!;
                committed[batchId] = true;
            }).Start();
        try
        {
            var q1 = Start();
            input.AddData(1, 2, 3);
            q1.ProcessAllAvailable();
            // Fail the chosen operation once, on the next batch's file of the chosen kind.
            int fired = 0;
            CheckpointFileIO.Injector = (op, path) =>
            {
                if (op == failing && path.Contains(Path.DirectorySeparatorChar + kind + Path.DirectorySeparatorChar) && Interlocked.Exchange(ref fired, 1) == 0)
                    throw new InvalidOperationException("disk said no");
            };
            input.AddData(4, 5);
            var e = Assert.Throws<StreamingQueryException>(() => q1.AwaitTermination(30000));
            Assert.Contains("Injected fault", e.Message + e.InnerException?.Message);
            Assert.Contains(kind, e.Message + e.InnerException?.Message);
            CheckpointFileIO.Injector = null;

            var q2 = Start();
            input.AddData(6);
            q2.ProcessAllAvailable();
            q2.Stop();
            // Exactly-once: 1..6 by value % 3 = {0: 2, 1: 2, 2: 2}.
            Assert.Equal(new long[] { 2, 2, 2 }, new[] { 0L, 1L, 2L }.Select(k => counts.GetValueOrDefault(k)).ToArray());
        }
        finally
        {
            CheckpointFileIO.Injector = null;
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void PurgeDeleteFails_QueryGoesOnWithAWarning()
    {
        var dir = Path.Combine(Path.GetTempPath(), "spate-fault-" + Guid.NewGuid().ToString("N"));
        var session = Spark;
        session.Conf().Set("spark.sql.streaming.minBatchesToRetain", "2");
        try
        {
            var input = new MemoryStream<int>(session);
            var q = input.ToDF().WriteStream().Format("noop").Option("checkpointLocation", dir).Start();
            CheckpointFileIO.Injector = (op, path) => { if (op == CheckpointFileOp.Delete) throw new InvalidOperationException("cannot delete"); };
            for (int i = 0; i < 12; i++) { input.AddData(i); q.ProcessAllAvailable(); }
            Assert.True(q.IsActive());
            Assert.Null(q.Exception());
            q.Stop();
        }
        finally
        {
            CheckpointFileIO.Injector = null;
            session.Conf().Set("spark.sql.streaming.minBatchesToRetain", "100");
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}
