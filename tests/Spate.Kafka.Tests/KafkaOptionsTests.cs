using Spate.Sql;
using static Spate.Kafka.Tests.KafkaTestSupport;

namespace Spate.Kafka.Tests;

public class KafkaOptionsTests
{
    private static Exception LoadError(params (string Key, string Value)[] options)
    {
        var reader = Spark.ReadStream().Format("kafka");
        foreach (var (k, v) in options) reader = reader.Option(k, v);
        return Record.Exception(() => reader.Load()) ?? throw new Xunit.Sdk.XunitException("Load() did not throw");
    }

    [Fact]
    public void Load_NoBootstrapServers_ThrowsSparksError()
    {
        var e = Assert.IsType<ArgumentException>(LoadError(("subscribe", "t")));
        Assert.Equal("Option 'kafka.bootstrap.servers' must be specified for configuring Kafka consumer", e.Message);
    }

    [Fact]
    public void Load_NoStrategy_ThrowsSparksError()
    {
        var e = Assert.IsType<ArgumentException>(LoadError(("kafka.bootstrap.servers", "h:1")));
        Assert.Equal("One of the following options must be specified for Kafka source: subscribe, subscribepattern, assign. See the docs for more details.", e.Message);
    }

    [Fact]
    public void Load_TwoStrategies_ThrowsSparksError()
    {
        var e = Assert.IsType<ArgumentException>(LoadError(("kafka.bootstrap.servers", "h:1"), ("subscribe", "t"), ("assign", "{\"t\":[0]}")));
        Assert.StartsWith("Only one of the following options can be specified for Kafka source", e.Message);
    }

    [Fact]
    public void Load_EmptySubscribe_ThrowsSparksError()
    {
        var e = Assert.IsType<ArgumentException>(LoadError(("kafka.bootstrap.servers", "h:1"), ("subscribe", " , ")));
        Assert.Equal("No topics to subscribe to as specified value for option 'subscribe' is ' , '", e.Message);
    }

    [Fact]
    public void Load_AutoOffsetReset_ThrowsNotSupported()
    {
        var e = Assert.IsType<ArgumentException>(LoadError(("kafka.bootstrap.servers", "h:1"), ("subscribe", "t"), ("kafka.auto.offset.reset", "earliest")));
        Assert.Contains("Kafka option 'auto.offset.reset' is not supported.", e.Message);
        Assert.Contains("Instead set the source option 'startingoffsets' to 'earliest' or 'latest'", e.Message);
    }

    [Theory]
    [InlineData("kafka.enable.auto.commit", "Kafka option 'enable.auto.commit' is not supported")]
    [InlineData("kafka.interceptor.classes", "Kafka option 'interceptor.classes' is not supported")]
    [InlineData("kafka.key.deserializer", "Kafka option 'key.deserializer' is not supported as keys are deserialized as byte arrays with ByteArrayDeserializer. Use DataFrame operations to explicitly deserialize the keys.")]
    [InlineData("endingOffsets", "ending offset not valid in streaming queries")]
    [InlineData("kafka.sasl.jaas.config", "Kafka option 'sasl.jaas.config' is a Java client setting that the librdkafka client does not support: set kafka.sasl.username and kafka.sasl.password (or kafka.sasl.oauthbearer.*) instead.")]
    public void Load_UnsupportedOption_ThrowsSparksError(string key, string message)
    {
        var e = Assert.IsType<ArgumentException>(LoadError(("kafka.bootstrap.servers", "h:1"), ("subscribe", "t"), (key, "x")));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Load_BadStartingOffsetsJson_ThrowsExpectedFormat()
    {
        var e = Assert.IsType<ArgumentException>(LoadError(("kafka.bootstrap.servers", "h:1"), ("subscribe", "t"), ("startingOffsets", "{\"t\":[0]}")));
        Assert.Equal("Expected e.g. {\"topicA\":{\"0\":23,\"1\":-1},\"topicB\":{\"0\":-2}}, got {\"t\":[0]}", e.Message);
    }

    [Fact]
    public void Load_MinPartitionsZero_ThrowsMustBePositive()
    {
        var e = Assert.IsType<ArgumentException>(LoadError(("kafka.bootstrap.servers", "h:1"), ("subscribe", "t"), ("minPartitions", "0")));
        Assert.Equal("minPartitions must be positive", e.Message);
    }

    [Fact]
    public void Load_UserSchema_ThrowsFixedSchema()
    {
        var e = Record.Exception(() => Spark.ReadStream().Format("kafka").Schema("a INT").Option("kafka.bootstrap.servers", "h:1").Option("subscribe", "t").Load());
        Assert.IsType<AnalysisException>(e);
        Assert.Equal("Kafka source has a fixed schema and cannot be set with a custom one", e!.Message);
    }

    [Fact]
    public void Load_ValidOptions_HasSparksKafkaSchema()
    {
        var df = Spark.ReadStream().Format("kafka").Option("kafka.bootstrap.servers", "h:1").Option("subscribe", "t").Load();
        Assert.Equal("struct<key:binary,value:binary,topic:string,partition:int,offset:bigint,timestamp:timestamp,timestampType:int>", df.Schema().SimpleString);
        Assert.True(df.IsStreaming());
    }
}
