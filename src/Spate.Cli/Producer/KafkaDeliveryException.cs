namespace Spate.Cli.Producer;

/// <summary>A record could not be published to Kafka; the message says why (librdkafka's reason).</summary>
internal sealed class KafkaDeliveryException(string reason) : Exception(reason);
