using Spate.Cli;
using Spate.Examples.Tests.Infrastructure;

namespace Spate.Examples.Tests;

/// <summary>examples/06-kafka-fraud.cs: the fraud query reading a topic of librdkafka's mock cluster, fed by spate produce.</summary>
public sealed class KafkaFraudExampleTests
{
    [Fact]
    public async Task KafkaFraud_TopicFedBySpateProduce_PrintsFinalFraudCounts()
    {
        using var cluster = new MockCluster();
        cluster.CreateTopic("transactions", 2);
        var produceOutput = new StringWriter();
        var produceError = new StringWriter();
        var code = await SpateApp.RunAsync(["produce", "--to", $"kafka:{cluster.BootstrapServers}/transactions", .. Producer.BurstArguments],
            produceOutput, produceError, CancellationToken.None);
        Assert.True(code == 0, $"spate produce --to kafka failed: {produceError}");
        // The same seed sends the same lines to every target.
        var sent = await Producer.ReadAllLinesAsync(Producer.BurstArguments);

        var run = await ExampleProgram.RunAsync("06-kafka-fraud", TimeSpan.FromSeconds(150),
            "--bootstrap", cluster.BootstrapServers, "--topic", "transactions", "--seconds", "10");

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal(200, sent.Count);
        FraudCounts.AssertUpdateBlocks(ConsoleBatch.Parse(run.Output), Transactions.SuspiciousUsers(sent), run.Describe());
    }
}
