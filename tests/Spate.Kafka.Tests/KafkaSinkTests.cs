using Spate.Sql;
using Spate.Sql.Streaming;
using static Spate.Kafka.Tests.KafkaTestSupport;

namespace Spate.Kafka.Tests;

public class KafkaSinkTests
{
    [Fact]
    public void WriteStream_KeyValueAndTopicOption_ProducesEveryRowInOrder()
    {
        using var cluster = new MockCluster();
        cluster.CreateTopic("out", 1);
        var checkpoint = TempDir();
        try
        {
            var input = new MemoryStream<string>(Spark);
            var q = input.ToDF().SelectExpr("value AS key", "CAST(value AS BINARY) AS value", "0 AS partition")
                .WriteStream().Format("kafka").Option("kafka.bootstrap.servers", cluster.BootstrapServers)
                .Option("topic", "out").Option("checkpointLocation", checkpoint).Start();
            try
            {
                input.AddData("one", "two");
                q.ProcessAllAvailable();
                input.AddData("three");
                q.ProcessAllAvailable();
            }
            finally { q.Stop(); }
            var records = ConsumeAll(cluster, "out", 1);
            Assert.Equal(new[] { "one=one", "two=two", "three=three" }, records.Select(r => $"{r.Message.Key}={r.Message.Value}"));
            Assert.Equal(3, q.RecentProgress.Sum(p => p.Sink.NumOutputRows));
        }
        finally { Directory.Delete(checkpoint, true); }
    }

    [Fact]
    public void WriteStream_TopicAndPartitionColumns_RouteEachRow()
    {
        using var cluster = new MockCluster();
        cluster.CreateTopic("left", 2);
        cluster.CreateTopic("right", 1);
        var checkpoint = TempDir();
        try
        {
            var input = new MemoryStream<string>(Spark);
            var q = input.ToDF().SelectExpr("value", "IF(value = 'r', 'right', 'left') AS topic", "IF(value = 'l1', 1, 0) AS partition")
                .WriteStream().Format("kafka").Option("kafka.bootstrap.servers", cluster.BootstrapServers)
                .Option("checkpointLocation", checkpoint).Start();
            try
            {
                input.AddData("l0", "l1", "r");
                q.ProcessAllAvailable();
            }
            finally { q.Stop(); }
            Assert.Equal(new[] { "0:l0", "1:l1" }, ConsumeAll(cluster, "left", 2).Select(r => $"{r.Partition.Value}:{r.Message.Value}"));
            Assert.Equal(new[] { "0:r" }, ConsumeAll(cluster, "right", 1).Select(r => $"{r.Partition.Value}:{r.Message.Value}"));
        }
        finally { Directory.Delete(checkpoint, true); }
    }

    [Fact]
    public void WriteStream_KafkaToKafka_CopiesKeysValuesAndHeaders()
    {
        using var cluster = new MockCluster();
        cluster.CreateTopic("src", 1);
        cluster.CreateTopic("dst", 1);
        Produce(cluster, "src", 0, new Confluent.Kafka.Message<string?, string>
        {
            Key = "k", Value = "v", Headers = new Confluent.Kafka.Headers { { "h", "x"u8.ToArray() } },
        });
        var checkpoint = TempDir();
        try
        {
            var q = Spark.ReadStream().Format("kafka").Option("kafka.bootstrap.servers", cluster.BootstrapServers)
                .Option("subscribe", "src").Option("startingOffsets", "earliest").Option("includeHeaders", "true").Load()
                .SelectExpr("key", "value", "headers")
                .WriteStream().Format("kafka").Option("kafka.bootstrap.servers", cluster.BootstrapServers).Option("topic", "dst")
                .Option("checkpointLocation", checkpoint).Start();
            try { q.ProcessAllAvailable(); }
            finally { q.Stop(); }
            var record = Assert.Single(ConsumeAll(cluster, "dst", 1));
            Assert.Equal("k", record.Message.Key);
            Assert.Equal("v", record.Message.Value);
            var header = Assert.Single(record.Message.Headers);
            Assert.Equal("h", header.Key);
            Assert.Equal("x"u8.ToArray(), header.GetValueBytes());
        }
        finally { Directory.Delete(checkpoint, true); }
    }

    [Fact]
    public void WriteStream_NoValueColumn_ThrowsSparksError()
    {
        var input = new MemoryStream<string>(Spark);
        var e = Assert.Throws<AnalysisException>(() => input.ToDF().SelectExpr("value AS key")
            .WriteStream().Format("kafka").Option("kafka.bootstrap.servers", "127.0.0.1:1").Option("topic", "t")
            .Option("checkpointLocation", Path.Combine(Path.GetTempPath(), "unused-" + Guid.NewGuid())).Start());
        Assert.Equal("Required attribute 'value' not found", e.Message);
    }

    [Fact]
    public void WriteStream_NoTopic_ThrowsSparksError()
    {
        var input = new MemoryStream<string>(Spark);
        var e = Assert.Throws<AnalysisException>(() => input.ToDF()
            .WriteStream().Format("kafka").Option("kafka.bootstrap.servers", "127.0.0.1:1")
            .Option("checkpointLocation", Path.Combine(Path.GetTempPath(), "unused-" + Guid.NewGuid())).Start());
        Assert.Equal("topic option required when no 'topic' attribute is present. Use the topic option for setting a topic.", e.Message);
    }

    [Fact]
    public void WriteStream_IntegerKey_ThrowsUnsupportedType()
    {
        var input = new MemoryStream<string>(Spark);
        var e = Assert.Throws<AnalysisException>(() => input.ToDF().SelectExpr("1 AS key", "value")
            .WriteStream().Format("kafka").Option("kafka.bootstrap.servers", "127.0.0.1:1").Option("topic", "t")
            .Option("checkpointLocation", Path.Combine(Path.GetTempPath(), "unused-" + Guid.NewGuid())).Start());
        Assert.Equal("key attribute unsupported type int. key must be a(n) string or binary", e.Message);
    }

    [Fact]
    public void WriteStream_NoCheckpointLocation_ThrowsCheckpointRequired()
    {
        var input = new MemoryStream<string>(Spark);
        var e = Assert.Throws<AnalysisException>(() => input.ToDF()
            .WriteStream().Format("kafka").Option("kafka.bootstrap.servers", "127.0.0.1:1").Option("topic", "t").Start());
        Assert.Contains("checkpointLocation must be specified", e.Message);
    }

    [Fact]
    public void WriteStream_ValueSerializerOption_ThrowsNotSupported()
    {
        var input = new MemoryStream<string>(Spark);
        var e = Assert.Throws<ArgumentException>(() => input.ToDF()
            .WriteStream().Format("kafka").Option("kafka.bootstrap.servers", "127.0.0.1:1").Option("topic", "t")
            .Option("kafka.value.serializer", "x").Option("checkpointLocation", Path.Combine(Path.GetTempPath(), "unused-" + Guid.NewGuid())).Start());
        Assert.Equal("Kafka option 'value.serializer' is not supported as value are serialized with ByteArraySerializer.", e.Message);
    }
}
