using System.Net;
using Spate.Cli.Producer;

namespace Spate.Cli.Tests.Producer;

public class ProduceTargetTests
{
    [Fact]
    public void TryParse_Socket_ReturnsSocketTarget()
    {
        Assert.True(ProduceTarget.TryParse("socket", out var target, out _));
        Assert.IsType<ProduceTarget.Socket>(target);
    }

    [Fact]
    public void TryParse_FileWithDirectory_ReturnsDirectory()
    {
        Assert.True(ProduceTarget.TryParse("file:/tmp/in put", out var target, out _));
        Assert.Equal(new ProduceTarget.File("/tmp/in put"), target);
    }

    [Fact]
    public void TryParse_Kafka_ReturnsHostPortTopic()
    {
        Assert.True(ProduceTarget.TryParse("kafka:broker-1:9092/transactions", out var target, out _));
        Assert.Equal(new ProduceTarget.Kafka("broker-1", 9092, "transactions"), target);
    }

    [Theory]
    [InlineData("", "unknown target")]
    [InlineData("ftp://x", "unknown target")]
    [InlineData("file:", "missing directory")]
    [InlineData("kafka:localhost/topic", "expected kafka:HOST:PORT/TOPIC")]
    [InlineData("kafka:localhost:99999/topic", "expected kafka:HOST:PORT/TOPIC")]
    [InlineData("kafka:localhost:9092/", "expected kafka:HOST:PORT/TOPIC")]
    [InlineData("kafka::9092/t", "expected kafka:HOST:PORT/TOPIC")]
    public void TryParse_BadValue_FailsWithMessage(string text, string expected)
    {
        Assert.False(ProduceTarget.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("max", null)]
    [InlineData("MAX", null)]
    [InlineData("5", 5.0)]
    [InlineData("0.5", 0.5)]
    [InlineData("1e4", 10000.0)]
    public void ProduceRateTryParse_ValidValue_ReturnsRecordsPerSecond(string text, double? expected)
    {
        Assert.True(ProduceRate.TryParse(text, out var rate, out _));
        Assert.Equal(expected, rate);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("fast")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    public void ProduceRateTryParse_BadValue_Fails(string text)
    {
        Assert.False(ProduceRate.TryParse(text, out _, out var error));
        Assert.Contains("--rate", error, StringComparison.Ordinal);
    }

    [Fact]
    public void PythonAddressFormat_IPv4_MatchesPythonTuple()
    {
        Assert.Equal("('127.0.0.1', 54321)", PythonAddress.Format(new IPEndPoint(IPAddress.Loopback, 54321)));
    }

    [Fact]
    public void PythonAddressFormat_IPv6_MatchesPythonFourTuple()
    {
        Assert.Equal("('::1', 5555, 0, 0)", PythonAddress.Format(new IPEndPoint(IPAddress.IPv6Loopback, 5555)));
    }
}
