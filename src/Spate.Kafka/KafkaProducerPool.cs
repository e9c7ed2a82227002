using Confluent.Kafka;

namespace Spate.Kafka;

/// <summary>
/// Producers shared by configuration, as Spark's producer cache: a sink has no close hook, and a producer per batch
/// would reconnect every time. A producer unused for <see cref="IdleTimeout"/> is closed at the next acquire.
/// </summary>
internal static class KafkaProducerPool
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(10);

    private sealed class Entry
    {
        public required IProducer<byte[]?, byte[]?> Producer;
        public int InUse;
        public DateTime LastUsed;
    }

    private static readonly Dictionary<string, Entry> Producers = new();

    public static IProducer<byte[]?, byte[]?> Acquire(Dictionary<string, string> config)
    {
        var key = string.Join("\n", config.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));
        lock (Producers)
        {
            CloseIdle(IdleTimeout);
            if (!Producers.TryGetValue(key, out var entry))
            {
                var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig(new Dictionary<string, string>(config)))
                    .SetLogHandler((_, m) => SparkLog.Info("librdkafka", $"{m.Name}: {m.Message}"))
                    .SetErrorHandler((_, e) => SparkLog.Info("librdkafka", e.ToString()))
                    .Build();
                entry = new Entry { Producer = producer };
                Producers[key] = entry;
            }
            entry.InUse++;
            entry.LastUsed = DateTime.UtcNow;
            return entry.Producer;
        }
    }

    public static void Release(IProducer<byte[]?, byte[]?> producer)
    {
        lock (Producers)
        {
            foreach (var e in Producers.Values)
                if (ReferenceEquals(e.Producer, producer)) { e.InUse--; e.LastUsed = DateTime.UtcNow; }
        }
    }

    /// <summary>Closes producers not in use for at least <paramref name="idle"/>.</summary>
    public static void CloseIdle(TimeSpan idle)
    {
        lock (Producers)
        {
            foreach (var (key, e) in Producers.ToList())
            {
                if (e.InUse > 0 || DateTime.UtcNow - e.LastUsed < idle) continue;
                Producers.Remove(key);
                e.Producer.Dispose();
            }
        }
    }
}
