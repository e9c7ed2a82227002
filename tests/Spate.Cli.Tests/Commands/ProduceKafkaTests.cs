using System.Text;
using Confluent.Kafka;
using Spate.Cli.Tests.Infrastructure;

namespace Spate.Cli.Tests.Commands;

/// <summary><c>spate produce --to kafka:</c> against librdkafka's mock cluster (a real Kafka protocol peer).</summary>
public sealed class ProduceKafkaTests : IDisposable
{
    private readonly MockCluster _cluster = new();

    public void Dispose() => _cluster.Dispose();

    private string Target(string topic) => $"kafka:{_cluster.BootstrapServers}/{topic}";

    [Fact]
    public async Task Produce_KafkaTarget_PublishesTheSocketStreamOneMessagePerLine()
    {
        _cluster.CreateTopic("transactions", 1);

        var (code, output, error) = await ProducerRun.RunAsync("produce", "--to", Target("transactions"), "--count", "300", "--rate", "max", "--seed", "7");

        Assert.True(code == 0, error);
        Assert.Equal("", error);
        Assert.Equal(
            $"Producing to Kafka topic transactions at {_cluster.BootstrapServers}\nSent 300 records to Kafka topic transactions at {_cluster.BootstrapServers}\n",
            output);
        var messages = ConsumeAll("transactions", 300);
        Assert.All(messages, m => Assert.Null(m.Message.Key));
        // The same lines, in order, as the socket target sends for this seed; no '\n' inside a message.
        var expected = (await ProducerRun.ReadWholeStreamAsync("--count", "300", "--rate", "max", "--seed", "7")).TrimEnd('\n').Split('\n');
        Assert.Equal(expected, messages.Select(m => Encoding.UTF8.GetString(m.Message.Value)));
    }

    [Fact]
    public async Task Produce_KafkaTargetAtRate_DeliversEveryRecordBeforeExiting()
    {
        _cluster.CreateTopic("slow", 1);

        var (code, output, _) = await ProducerRun.RunAsync("produce", "--to", Target("slow"), "--count", "10", "--rate", "50", "--seed", "3");

        Assert.Equal(0, code);
        Assert.EndsWith("Sent 10 records to Kafka topic slow at " + _cluster.BootstrapServers + "\n", output, StringComparison.Ordinal);
        Assert.Equal(10, ConsumeAll("slow", 10).Count);
    }

    [Fact]
    public async Task Produce_KafkaTargetInterrupted_ReportsWhatWasDelivered()
    {
        _cluster.CreateTopic("endless", 1);
        await using var run = ProducerRun.Start("produce", "--to", Target("endless"), "--rate", "100");
        await run.WaitForOutputLineAsync(l => l.StartsWith("Producing to Kafka topic endless", StringComparison.Ordinal));
        // Wait until something reached the broker, then play Ctrl+C.
        ConsumeAll("endless", 5);

        run.Interrupt();

        Assert.Equal(0, await run.WaitForExitAsync());
        var summary = System.Text.RegularExpressions.Regex.Match(run.Output.Lines[^1], @"^Interrupted; sent (\d+) records to Kafka topic endless at ");
        Assert.True(summary.Success, run.Output.Text);
        var sent = int.Parse(summary.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(sent >= 5, run.Output.Text);
        Assert.Equal(sent, ConsumeAll("endless", sent).Count);
    }

    [Fact]
    public async Task Produce_KafkaBrokerUnreachable_FailsWithOneLine()
    {
        var port = ProducerRun.FreePort();

        var (code, _, error) = await ProducerRun.RunAsync("produce", "--to", $"kafka:127.0.0.1:{port}/transactions", "--count", "3", "--rate", "max");

        Assert.Equal(1, code);
        Assert.StartsWith($"spate produce: cannot publish to Kafka topic transactions at 127.0.0.1:{port}: ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    /// <summary>Reads the topic's single partition from the start until <paramref name="atLeast"/> messages and the end.</summary>
    private List<ConsumeResult<byte[]?, byte[]>> ConsumeAll(string topic, int atLeast)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = _cluster.BootstrapServers,
            GroupId = "cli-test",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var messages = new List<ConsumeResult<byte[]?, byte[]>>();
        var deadline = DateTime.UtcNow + ProducerRun.Timeout;
        while (DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(1));
            if (result is null) continue;
            if (result.IsPartitionEOF)
            {
                if (messages.Count >= atLeast) return messages;
                continue;
            }
            messages.Add(result);
        }
        throw new TimeoutException($"Read {messages.Count} messages from {topic}, expected at least {atLeast}.");
    }
}
