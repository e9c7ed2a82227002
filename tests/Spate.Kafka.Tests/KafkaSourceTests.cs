using Confluent.Kafka;
using Spate.Sql;
using Spate.Sql.Streaming;
using static Spate.Kafka.Tests.KafkaTestSupport;
using static Spate.Sql.Functions;

namespace Spate.Kafka.Tests;

public class KafkaSourceTests
{
    private static DataStreamReader Reader(MockCluster cluster) =>
        Spark.ReadStream().Format("kafka").Option("kafka.bootstrap.servers", cluster.BootstrapServers);

    private static StreamingQuery ToMemory(DataFrame df, string name, string? checkpoint = null)
    {
        var w = df.WriteStream().Format("memory").QueryName(name);
        if (checkpoint != null) w = w.Option("checkpointLocation", checkpoint);
        return w.Start();
    }

    [Fact]
    public void ReadStream_EarliestOnTwoPartitions_ReturnsEveryRecordWithItsMetadata()
    {
        using var cluster = new MockCluster();
        cluster.CreateTopic("events", 2);
        var t0 = new DateTime(2024, 4, 8, 14, 7, 10, 123, DateTimeKind.Utc);
        Produce(cluster, "events", 0,
            new Message<string?, string> { Key = "k1", Value = "a", Timestamp = new Timestamp(t0) },
            new Message<string?, string> { Key = null, Value = "b", Timestamp = new Timestamp(t0.AddSeconds(1)) });
        Produce(cluster, "events", 1, new Message<string?, string> { Key = "k3", Value = "c", Timestamp = new Timestamp(t0.AddSeconds(2)) });

        var df = Reader(cluster).Option("subscribe", "events").Option("startingOffsets", "earliest").Load();
        Assert.Equal(new[] { "key", "value", "topic", "partition", "offset", "timestamp", "timestampType" }, df.Schema().Fields.Select(f => f.Name));
        // Col("offset"): the expression parser takes OFFSET for the keyword.
        var q = ToMemory(df.Select(Expr("CAST(key AS STRING)"), Expr("CAST(value AS STRING)"), Col("topic"), Col("partition"), Col("offset"), Col("timestamp"), Col("timestampType")), "kafka_earliest");
        try
        {
            q.ProcessAllAvailable();
            var rows = Spark.Table("kafka_earliest").Collect().ToList();
            Assert.Equal(3, rows.Count);
            Assert.Equal(new[] { "k1|a|events|0|0", "null|b|events|0|1", "k3|c|events|1|0" },
                rows.OrderBy(r => (int)r[3]!).ThenBy(r => (long)r[4]!).Select(r => $"{r[0] ?? "null"}|{r[1]}|{r[2]}|{r[3]}|{r[4]}").ToArray());
            var byValue = rows.ToDictionary(r => (string)r[1]!);
            Assert.Equal(t0, (DateTime)byValue["a"][5]!);
            Assert.Equal(t0.AddSeconds(2), (DateTime)byValue["c"][5]!);
            Assert.All(rows, r => Assert.Equal(0, r[6])); // CreateTime
            // Progress is reported after the batch commits: Stop() waits for it.
            q.Stop();
            Assert.Equal("KafkaV2[Subscribe[events]]", q.LastProgress!.Sources[0].Description);
            Assert.Equal("{\"events\":{\"0\":2,\"1\":1}}", q.LastProgress.Sources[0].EndOffset);
        }
        finally { q.Stop(); }
    }

    [Fact]
    public void ReadStream_DefaultLatest_SkipsRecordsProducedBeforeStart()
    {
        using var cluster = new MockCluster();
        cluster.CreateTopic("late", 1);
        ProduceValues(cluster, "late", 0, "old1", "old2");
        var q = ToMemory(Reader(cluster).Option("subscribe", "late").Load().SelectExpr("CAST(value AS STRING) AS value"), "kafka_latest");
        try
        {
            q.ProcessAllAvailable();
            Assert.Empty(TableRows("kafka_latest"));
            ProduceValues(cluster, "late", 0, "new1", "new2");
            q.ProcessAllAvailable();
            Assert.Equal(new[] { "new1", "new2" }, TableRows("kafka_latest"));
        }
        finally { q.Stop(); }
    }

    [Fact]
    public void ReadStream_JsonStartingOffsets_StartsEachPartitionThere()
    {
        using var cluster = new MockCluster();
        cluster.CreateTopic("json", 3);
        ProduceValues(cluster, "json", 0, "p0-0", "p0-1", "p0-2");
        ProduceValues(cluster, "json", 1, "p1-0", "p1-1");
        ProduceValues(cluster, "json", 2, "p2-0");
        var df = Reader(cluster).Option("subscribe", "json")
            .Option("startingOffsets", "{\"json\":{\"0\":2,\"1\":-2,\"2\":-1}}").Load()
            .SelectExpr("CAST(value AS STRING) AS value");
        var q = ToMemory(df, "kafka_json_offsets");
        try
        {
            q.ProcessAllAvailable();
            Assert.Equal(new[] { "p0-2", "p1-0", "p1-1" }, TableRows("kafka_json_offsets").Order().ToArray());
            ProduceValues(cluster, "json", 2, "p2-1");
            q.ProcessAllAvailable();
            Assert.Equal(new[] { "p0-2", "p1-0", "p1-1", "p2-1" }, TableRows("kafka_json_offsets").Order().ToArray());
        }
        finally { q.Stop(); }
    }

    [Fact]
    public void ReadStream_AssignWithOnePartition_ReadsOnlyThatPartition()
    {
        using var cluster = new MockCluster();
        cluster.CreateTopic("assigned", 2);
        ProduceValues(cluster, "assigned", 0, "zero");
        ProduceValues(cluster, "assigned", 1, "one");
        var q = ToMemory(Reader(cluster).Option("assign", "{\"assigned\":[1]}").Option("startingOffsets", "earliest").Load()
            .SelectExpr("CAST(value AS STRING) AS value", "partition"), "kafka_assign");
        try
        {
            q.ProcessAllAvailable();
            Assert.Equal(new[] { "one|1" }, TableRows("kafka_assign"));
        }
        finally { q.Stop(); }
    }

    [Fact]
    public void ReadStream_MaxOffsetsPerTrigger_SplitsIntoBatchesOfAtMostThatMany()
    {
        using var cluster = new MockCluster();
        cluster.CreateTopic("limited", 1);
        ProduceValues(cluster, "limited", 0, Enumerable.Range(0, 10).Select(i => "m" + i).ToArray());
        var q = ToMemory(Reader(cluster).Option("subscribe", "limited").Option("startingOffsets", "earliest")
            .Option("maxOffsetsPerTrigger", 4).Load().SelectExpr("CAST(value AS STRING) AS value"), "kafka_limited");
        try
        {
            // Each ProcessAllAvailable waits for at least the next rate-limited batch.
            for (int i = 0; i < 10 && TableRows("kafka_limited").Count < 10; i++) q.ProcessAllAvailable();
            Assert.Equal(Enumerable.Range(0, 10).Select(i => "m" + i), TableRows("kafka_limited").Order());
            q.Stop();
            var sizes = q.RecentProgress.Where(p => p.NumInputRows > 0).Select(p => p.NumInputRows).ToArray();
            Assert.Equal(new long[] { 4, 4, 2 }, sizes);
        }
        finally { q.Stop(); }
    }

    [Fact]
    public void ReadStream_MaxOffsetsPerTrigger_SharesTheLimitAcrossPartitions()
    {
        using var cluster = new MockCluster();
        cluster.CreateTopic("shared", 2);
        ProduceValues(cluster, "shared", 0, Enumerable.Range(0, 6).Select(i => "a" + i).ToArray());
        ProduceValues(cluster, "shared", 1, "b0", "b1");
        var q = ToMemory(Reader(cluster).Option("subscribe", "shared").Option("startingOffsets", "earliest")
            .Option("maxOffsetsPerTrigger", 4).Load().SelectExpr("CAST(value AS STRING) AS value"), "kafka_shared");
        try
        {
            for (int i = 0; i < 10 && TableRows("kafka_shared").Count < 8; i++) q.ProcessAllAvailable();
            Assert.Equal(8, TableRows("kafka_shared").Count);
            q.Stop();
            // 4 * 6/8 = 3 from partition 0 and 4 * 2/8 = 1 from partition 1.
            Assert.Equal("{\"shared\":{\"0\":3,\"1\":1}}", q.RecentProgress.First(p => p.NumInputRows > 0).Sources[0].EndOffset);
        }
        finally { q.Stop(); }
    }

    [Fact]
    public void ReadStream_RestartOnCheckpoint_ResumesWithoutLossOrDuplicates()
    {
        using var cluster = new MockCluster();
        cluster.CreateTopic("resume", 2);
        var checkpoint = TempDir();
        try
        {
            ProduceValues(cluster, "resume", 0, "a", "b");
            ProduceValues(cluster, "resume", 1, "c");
            DataFrame Stream() => Reader(cluster).Option("subscribe", "resume").Option("startingOffsets", "earliest").Load()
                .SelectExpr("CAST(value AS STRING) AS value");
            var q1 = ToMemory(Stream(), "kafka_resume1", checkpoint);
            q1.ProcessAllAvailable();
            q1.Stop();
            Assert.Equal(new[] { "a", "b", "c" }, TableRows("kafka_resume1").Order());

            ProduceValues(cluster, "resume", 0, "d");
            ProduceValues(cluster, "resume", 1, "e", "f");
            var q2 = ToMemory(Stream(), "kafka_resume2", checkpoint);
            try
            {
                q2.ProcessAllAvailable();
                Assert.Equal(new[] { "d", "e", "f" }, TableRows("kafka_resume2").Order());
            }
            finally { q2.Stop(); }
            // Spark's layout: the initial offsets are logged under sources/0/0 as a zero byte, "v1" and the JSON.
            Assert.Equal("\0v1\n{\"resume\":{\"0\":0,\"1\":0}}", File.ReadAllText(Path.Combine(checkpoint, "sources", "0", "0")));
        }
        finally { Directory.Delete(checkpoint, true); }
    }

    [Fact]
    public void ReadStream_BatchLoggedButNotCommitted_ReplaysExactlyTheSameRecords()
    {
        using var cluster = new MockCluster();
        cluster.CreateTopic("replay", 1);
        var checkpoint = TempDir();
        try
        {
            ProduceValues(cluster, "replay", 0, "x1", "x2");
            DataFrame Stream() => Reader(cluster).Option("subscribe", "replay").Option("startingOffsets", "earliest").Load()
                .Select(Expr("CAST(value AS STRING) AS value"), Col("offset"));
            var q1 = ToMemory(Stream(), "kafka_replay1", checkpoint);
            q1.ProcessAllAvailable();
            ProduceValues(cluster, "replay", 0, "x3");
            q1.ProcessAllAvailable();
            q1.Stop();
            long last = q1.LastProgress!.BatchId;
            // As if the query died after logging the batch's offsets but before committing it.
            File.Delete(Path.Combine(checkpoint, "commits", last.ToString()));
            ProduceValues(cluster, "replay", 0, "x4");
            var q2 = ToMemory(Stream(), "kafka_replay2", checkpoint);
            try
            {
                q2.ProcessAllAvailable();
                Assert.Equal(new[] { "x3|2", "x4|3" }, TableRows("kafka_replay2").Order());
                q2.Stop();
                var batches = q2.RecentProgress.Where(p => p.NumInputRows > 0).ToList();
                Assert.Equal(last, batches[0].BatchId);
                Assert.Equal(1, batches[0].NumInputRows);
            }
            finally { q2.Stop(); }
        }
        finally { Directory.Delete(checkpoint, true); }
    }

    [Fact]
    public void ReadStream_SubscribePatternWithNewTopic_ReadsTheNewTopicFromEarliest()
    {
        using var cluster = new MockCluster();
        cluster.CreateTopic("pat-a", 1);
        cluster.CreateTopic("other", 1);
        ProduceValues(cluster, "pat-a", 0, "a1");
        ProduceValues(cluster, "other", 0, "ignored");
        var q = ToMemory(Reader(cluster).Option("subscribePattern", "pat-.*").Option("startingOffsets", "earliest").Load()
            .SelectExpr("CAST(value AS STRING) AS value", "topic"), "kafka_pattern");
        try
        {
            q.ProcessAllAvailable();
            Assert.Equal(new[] { "a1|pat-a" }, TableRows("kafka_pattern"));
            cluster.CreateTopic("pat-b", 2);
            ProduceValues(cluster, "pat-b", 1, "b1", "b2");
            q.ProcessAllAvailable();
            Assert.Equal(new[] { "a1|pat-a", "b1|pat-b", "b2|pat-b" }, TableRows("kafka_pattern").Order());
        }
        finally { q.Stop(); }
    }

    [Fact]
    public void ReadStream_IncludeHeaders_ReturnsHeadersAsKeyValueStructs()
    {
        using var cluster = new MockCluster();
        cluster.CreateTopic("hdr", 1);
        Produce(cluster, "hdr", 0,
            new Message<string?, string> { Value = "with", Headers = new Headers { { "h1", "v1"u8.ToArray() }, { "h2", null } } },
            new Message<string?, string> { Value = "without" });
        var df = Reader(cluster).Option("subscribe", "hdr").Option("startingOffsets", "earliest").Option("includeHeaders", "true").Load();
        Assert.Equal("array<struct<key:string,value:binary>>", df.Schema().Fields[7].DataType.SimpleString);
        var q = ToMemory(df.SelectExpr("CAST(value AS STRING) AS value", "headers"), "kafka_headers");
        try
        {
            q.ProcessAllAvailable();
            var rows = Spark.Table("kafka_headers").Collect().ToDictionary(r => (string)r[0]!, r => (object?[]?)r[1]);
            var headers = rows["with"]!.Cast<Row>().ToArray();
            Assert.Equal(2, headers.Length);
            Assert.Equal("h1", headers[0][0]);
            Assert.Equal("v1"u8.ToArray(), (byte[])headers[0][1]!);
            Assert.Equal("h2", headers[1][0]);
            Assert.Null(headers[1][1]);
            Assert.Null(rows["without"]);
        }
        finally { q.Stop(); }
    }

    [Fact]
    public void ReadStream_StartingOffsetPastTheEnd_FailsWithDataLoss()
    {
        using var cluster = new MockCluster();
        cluster.CreateTopic("lost", 1);
        ProduceValues(cluster, "lost", 0, "a");
        var q = ToMemory(Reader(cluster).Option("subscribe", "lost").Option("startingOffsets", "{\"lost\":{\"0\":5}}").Load(), "kafka_lost");
        // ProcessAllAvailable asks the source for offsets itself, so it may meet the error before the query thread.
        var first = Record.Exception(() => q.ProcessAllAvailable());
        Assert.Contains("Starting offset for lost-0 was 5 but consumer reset to 1.", first?.Message);
        var e = Assert.Throws<StreamingQueryException>(() => q.AwaitTermination(60_000));
        Assert.IsType<KafkaDataLossException>(e.InnerException);
        Assert.Contains("[KAFKA_DATA_LOSS.START_OFFSET_RESET]", e.Message);
        Assert.Contains("Starting offset for lost-0 was 5 but consumer reset to 1.", e.Message);
    }

    [Fact]
    public void ReadStream_StartingOffsetPastTheEndWithoutFailOnDataLoss_ContinuesFromTheEnd()
    {
        using var cluster = new MockCluster();
        cluster.CreateTopic("tolerant", 1);
        ProduceValues(cluster, "tolerant", 0, "a");
        var q = ToMemory(Reader(cluster).Option("subscribe", "tolerant").Option("startingOffsets", "{\"tolerant\":{\"0\":5}}")
            .Option("failOnDataLoss", "false").Load().SelectExpr("CAST(value AS STRING) AS value"), "kafka_tolerant");
        try
        {
            q.ProcessAllAvailable();
            ProduceValues(cluster, "tolerant", 0, "b");
            q.ProcessAllAvailable();
            Assert.Equal(new[] { "b" }, TableRows("kafka_tolerant"));
        }
        finally { q.Stop(); }
    }
}
