using System.Text.Json.Nodes;
using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Testing;
using static Spate.Sql.Functions;

namespace Spate.Tests.Streaming;

public class TriggerAndProgressTests
{
    private static SparkSession Spark => TestSession.Spark;

    [Fact]
    public void RateMicroBatch_Once_ProducesDeterministicRows()
    {
        var df = Spark.ReadStream().Format("rate-micro-batch").Option("rowsPerBatch", 5).Option("startTimestamp", 1000).Option("advanceMillisPerBatch", 1000).Load();
        var query = df.WriteStream().Format("memory").QueryName("rate_once").Trigger(Trigger.Once()).Start();
        Assert.True(query.AwaitTermination(30000));
        var rows = Spark.Table("rate_once").Collect().ToList();
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, rows.Select(r => (long)r[1]!).ToArray());
        Assert.All(rows, r => Assert.Equal(new DateTime(1970, 1, 1, 0, 0, 1, DateTimeKind.Utc), r[0]));
    }

    [Fact]
    public void AvailableNow_ProcessesEverythingThenStops()
    {
        var input = new MemoryStream<int>(Spark);
        input.AddData(1, 2);
        input.AddData(3);
        var query = input.ToDF().WriteStream().Format("memory").QueryName("available_now").Trigger(Trigger.AvailableNow()).Start();
        Assert.True(query.AwaitTermination(30000));
        Assert.Equal(new[] { 1, 2, 3 }, Spark.Table("available_now").Collect().Select(r => (int)r[0]!).OrderBy(x => x).ToArray());
    }

    [Fact]
    public void ProcessingTime_ManualClock_RunsBatchOnlyWhenIntervalPasses()
    {
        var input = new MemoryStream<int>(Spark);
        var clock = new ManualClock();
        StreamTest.TestStream(input.ToDF(), OutputMode.Append,
            StreamActions.StartStream(Trigger.ProcessingTime("10 seconds"), clock),
            StreamActions.AddData(input, 1),
            StreamActions.AdvanceTime(TimeSpan.FromSeconds(10)),
            StreamActions.CheckAnswer(StreamActions.Row(1)),
            StreamActions.AssertOnQuery(q => q.LastProgress!.BatchId == 0 && q.LastProgress.NumInputRows == 1, "batch 0 ran after the clock moved"));
    }

    [Fact]
    public void Progress_ReportsSparkFieldsAndJson()
    {
        var input = new MemoryStream<string>(Spark);
        var query = input.ToDF().GroupBy("value").Count().WriteStream().OutputMode("update").Format("memory").QueryName("progress_q").Start();
        try
        {
            input.AddData("a", "b", "a");
            query.ProcessAllAvailable();
            var p = query.RecentProgress.Last(x => x.NumInputRows > 0);
            Assert.Equal(3, p.NumInputRows);
            Assert.Equal("progress_q", p.Name);
            Assert.Equal(query.Id, p.Id);
            foreach (var key in new[] { "addBatch", "getBatch", "latestOffset", "queryPlanning", "triggerExecution", "walCommit" })
                Assert.True(p.DurationMs.ContainsKey(key), key);
            var op = Assert.Single(p.StateOperators);
            Assert.Equal(2, op.NumRowsTotal);
            Assert.Equal(2, op.NumRowsUpdated);
            var json = JsonNode.Parse(p.Json)!;
            Assert.Equal(p.BatchId, json["batchId"]!.GetValue<long>());
            Assert.Equal(3, json["sources"]![0]!["numInputRows"]!.GetValue<long>());
            Assert.Equal(2, json["sink"]!["numOutputRows"]!.GetValue<long>());
            Assert.StartsWith("{\n  \"id\" : \"", p.PrettyJson);
            Assert.Contains("\"stateOperators\" : [ {\n", p.PrettyJson);
        }
        finally { query.Stop(); }
    }

    [Fact]
    public void Listener_ReceivesStartedProgressAndTerminated()
    {
        var listener = new RecordingListener();
        Spark.Streams().AddListener(listener);
        try
        {
            var input = new MemoryStream<int>(Spark);
            var query = input.ToDF().WriteStream().Format("noop").Start();
            input.AddData(1);
            query.ProcessAllAvailable();
            query.Stop();
            lock (listener.Events)
            {
                Assert.Contains($"started {query.Id}", listener.Events);
                Assert.Contains($"progress {query.Id}", listener.Events);
                Assert.Contains($"terminated {query.Id}", listener.Events);
            }
        }
        finally { Spark.Streams().RemoveListener(listener); }
    }

    [Fact]
    public void Manager_TracksActiveQueriesAndAwaitsTermination()
    {
        var input = new MemoryStream<int>(Spark);
        var query = input.ToDF().WriteStream().Format("noop").Start();
        Assert.Contains(query, Spark.Streams().Active);
        Assert.Same(query, Spark.Streams().Get(query.Id));
        query.Stop();
        Assert.DoesNotContain(query, Spark.Streams().Active);
        Assert.False(query.IsActive());
        Assert.Equal("Stopped", query.Status.Message);
    }

    [Fact]
    public void Checkpoint_RestartKeepsQueryIdAndResumesBatchIds()
    {
        var dir = Path.Combine(Path.GetTempPath(), "spate-ckpt-" + Guid.NewGuid().ToString("N"));
        try
        {
            var input = new MemoryStream<int>(Spark);
            var q1 = input.ToDF().WriteStream().Format("noop").Option("checkpointLocation", dir).Start();
            input.AddData(1);
            q1.ProcessAllAvailable();
            var lastBatch = q1.LastProgress!.BatchId;
            q1.Stop();
            input.AddData(2);
            var q2 = input.ToDF().WriteStream().Format("noop").Option("checkpointLocation", dir).Start();
            q2.ProcessAllAvailable();
            Assert.Equal(q1.Id, q2.Id);
            Assert.NotEqual(q1.RunId, q2.RunId);
            Assert.Equal(lastBatch + 1, q2.LastProgress!.BatchId);
            q2.Stop();
            Assert.True(File.Exists(Path.Combine(dir, "metadata")));
            Assert.StartsWith("v1\n", File.ReadAllText(Path.Combine(dir, "offsets", "0")));
            Assert.StartsWith("v1\n", File.ReadAllText(Path.Combine(dir, "commits", "0")));
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    private sealed class RecordingListener : StreamingQueryListener
    {
        public readonly List<string> Events = new();
        public override void OnQueryStarted(QueryStartedEvent e) { lock (Events) Events.Add($"started {e.Id}"); }
        public override void OnQueryProgress(QueryProgressEvent e) { lock (Events) Events.Add($"progress {e.Progress.Id}"); }
        public override void OnQueryTerminated(QueryTerminatedEvent e) { lock (Events) Events.Add($"terminated {e.Id}"); }
    }
}

[Collection("Console")]
public class FallingBehindTests
{
    [Fact]
    public void ProcessingTime_BatchOverrunsInterval_LogsSparkFallingBehindWarning()
    {
        var spark = TestSession.Spark;
        var warnings = new List<string>();
        void OnLog(LogLevel level, string source, string message) { if (source == "ProcessingTimeExecutor") lock (warnings) warnings.Add(message); }
        SparkLog.Logged += OnLog;
        try
        {
            var input = new MemoryStream<int>(spark);
            var query = input.ToDF().WriteStream().Trigger(Trigger.ProcessingTime(50)).ForeachBatch((df, id) => Thread.Sleep(200)).Start();
            input.AddData(1);
            query.ProcessAllAvailable();
            query.Stop();
        }
        finally { SparkLog.Logged -= OnLog; }
        lock (warnings)
        {
            var w = Assert.Single(warnings.Take(1));
            Assert.Matches(@"^Current batch is falling behind\. The trigger interval is 50 milliseconds, but spent \d+ milliseconds$", w);
        }
    }
}
