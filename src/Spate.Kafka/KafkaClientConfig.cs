namespace Spate.Kafka;

/// <summary>
/// Turns the <c>kafka.*</c> options into librdkafka client properties. Spark hands every <c>kafka.*</c> option to the
/// Java client; librdkafka shares most names but not all, so the options go through an allow-list: known names pass,
/// a few Java names are renamed, Java-only security settings are refused with the librdkafka name to use, and anything
/// else is ignored with the Java client's warning.
/// </summary>
internal static class KafkaClientConfig
{
    private static readonly HashSet<string> Allowed = new(StringComparer.OrdinalIgnoreCase)
    {
        "bootstrap.servers", "client.id", "client.rack", "security.protocol", "client.dns.lookup", "broker.address.family",
        "metadata.max.age.ms", "topic.metadata.refresh.interval.ms", "reconnect.backoff.ms", "reconnect.backoff.max.ms",
        "retry.backoff.ms", "retry.backoff.max.ms", "connections.max.idle.ms", "request.timeout.ms", "socket.timeout.ms",
        "socket.connection.setup.timeout.ms", "socket.keepalive.enable", "socket.receive.buffer.bytes", "socket.send.buffer.bytes",
        "message.max.bytes", "receive.message.max.bytes", "api.version.request", "broker.version.fallback", "debug",
        "statistics.interval.ms", "enable.ssl.certificate.verification", "allow.auto.create.topics",
        // consumer
        "group.id", "group.instance.id", "session.timeout.ms", "heartbeat.interval.ms", "max.poll.interval.ms",
        "fetch.min.bytes", "fetch.max.bytes", "fetch.wait.max.ms", "max.partition.fetch.bytes", "isolation.level", "check.crcs",
        "queued.min.messages", "queued.max.messages.kbytes",
        // producer
        "acks", "enable.idempotence", "compression.type", "compression.codec", "compression.level", "linger.ms", "batch.size",
        "batch.num.messages", "max.in.flight.requests.per.connection", "max.in.flight", "delivery.timeout.ms", "message.timeout.ms",
        "retries", "message.send.max.retries", "partitioner", "queue.buffering.max.messages", "queue.buffering.max.kbytes",
        "queue.buffering.max.ms", "sticky.partitioning.linger.ms",
    };

    private static readonly Dictionary<string, string> Renamed = new(StringComparer.OrdinalIgnoreCase)
    {
        ["fetch.max.wait.ms"] = "fetch.wait.max.ms",
        ["receive.buffer.bytes"] = "socket.receive.buffer.bytes",
        ["send.buffer.bytes"] = "socket.send.buffer.bytes",
    };

    private static readonly Dictionary<string, string> JavaOnly = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sasl.jaas.config"] = "set kafka.sasl.username and kafka.sasl.password (or kafka.sasl.oauthbearer.*) instead",
        ["ssl.truststore.location"] = "set kafka.ssl.ca.location to a PEM file instead",
        ["ssl.truststore.password"] = "set kafka.ssl.ca.location to a PEM file instead",
        ["ssl.truststore.type"] = "set kafka.ssl.ca.location to a PEM file instead",
    };

    /// <summary>The client properties from the <c>kafka.*</c> options (prefix removed, case of the rest kept lower).</summary>
    public static Dictionary<string, string> FromOptions(IReadOnlyDictionary<string, string> options)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in options)
        {
            if (!key.StartsWith("kafka.", StringComparison.OrdinalIgnoreCase)) continue;
            var name = key.Substring(6).ToLowerInvariant();
            if (JavaOnly.TryGetValue(name, out var hint))
                throw new ArgumentException($"Kafka option '{name}' is a Java client setting that the librdkafka client does not support: {hint}.");
            if (Renamed.TryGetValue(name, out var renamed)) name = renamed;
            if (Allowed.Contains(name) || name.StartsWith("sasl.", StringComparison.Ordinal) || name.StartsWith("ssl.", StringComparison.Ordinal))
                result[name] = value;
            else
                SparkLog.Warn("KafkaConfig", $"The configuration '{name}' was supplied but isn't a known config.");
        }
        return result;
    }
}
