using System.Globalization;
using System.Text.RegularExpressions;

namespace Spate.Kafka;

/// <summary>How the source picks its partitions: <c>subscribe</c>, <c>subscribePattern</c> or <c>assign</c>.</summary>
internal abstract record ConsumerStrategy
{
    /// <summary>The partitions to read, given every partition the cluster has now.</summary>
    public abstract IEnumerable<KafkaPartition> Select(IReadOnlyList<KafkaPartition> clusterPartitions);

    public sealed record Subscribe(IReadOnlyList<string> Topics) : ConsumerStrategy
    {
        public override IEnumerable<KafkaPartition> Select(IReadOnlyList<KafkaPartition> all) => all.Where(p => Topics.Contains(p.Topic));
        public override string ToString() => $"Subscribe[{string.Join(",", Topics)}]";
    }

    public sealed record SubscribePattern(string Pattern) : ConsumerStrategy
    {
        private readonly Regex _regex = new("^(?:" + Pattern + ")$", RegexOptions.CultureInvariant);
        // Internal topics are left out, as the Java consumer's exclude.internal.topics does.
        public override IEnumerable<KafkaPartition> Select(IReadOnlyList<KafkaPartition> all) =>
            all.Where(p => p.Topic is not ("__consumer_offsets" or "__transaction_state") && _regex.IsMatch(p.Topic));
        public override string ToString() => $"SubscribePattern[{Pattern}]";
    }

    public sealed record Assign(IReadOnlyCollection<KafkaPartition> Partitions) : ConsumerStrategy
    {
        public override IEnumerable<KafkaPartition> Select(IReadOnlyList<KafkaPartition> all) => Partitions;
        public override string ToString() => $"Assign[{string.Join(", ", Partitions)}]";
    }
}

/// <summary>Where a query starts (or a batch read ends): earliest, latest, or offsets per partition (-2 earliest, -1 latest).</summary>
internal abstract record OffsetRangeLimit
{
    public sealed record EarliestLimit : OffsetRangeLimit;
    public sealed record LatestLimit : OffsetRangeLimit;
    public sealed record Specific(SortedDictionary<KafkaPartition, long> Offsets) : OffsetRangeLimit;

    public static readonly OffsetRangeLimit Earliest = new EarliestLimit();
    public static readonly OffsetRangeLimit Latest = new LatestLimit();
}

/// <summary>The source options, validated with Spark's messages (<c>KafkaSourceProvider.validateGeneralOptions</c>).</summary>
internal sealed class KafkaSourceOptions
{
    private static readonly string[] StrategyKeys = { "subscribe", "subscribepattern", "assign" };

    public ConsumerStrategy Strategy { get; private init; } = null!;
    public OffsetRangeLimit StartingOffsets { get; private init; } = OffsetRangeLimit.Latest;
    public OffsetRangeLimit EndingOffsets { get; private init; } = OffsetRangeLimit.Latest;
    public long? MaxOffsetsPerTrigger { get; private init; }
    public int? MinPartitions { get; private init; }
    public long? MaxRecordsPerPartition { get; private init; }
    public bool FailOnDataLoss { get; private init; } = true;
    public bool IncludeHeaders { get; private init; }
    public int PollTimeoutMs { get; private init; } = 120_000;
    public string GroupIdPrefix { get; private init; } = "spark-kafka-source";
    public Dictionary<string, string> ClientConfig { get; private init; } = new();

    public static KafkaSourceOptions Parse(IReadOnlyDictionary<string, string> options, bool streaming)
    {
        var o = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in options) o[k] = v;
        if (streaming)
        {
            if (o.ContainsKey("endingOffsets")) throw new ArgumentException("ending offset not valid in streaming queries");
            if (o.ContainsKey("endingOffsetsByTimestamp")) throw new ArgumentException("ending timestamp not valid in streaming queries");
        }
        foreach (var unsupported in new[] { "startingTimestamp", "startingOffsetsByTimestamp", "endingTimestamp", "endingOffsetsByTimestamp", "minOffsetsPerTrigger", "maxTriggerDelay" })
            if (o.ContainsKey(unsupported))
                throw new ArgumentException($"The Kafka source option '{unsupported}' is not supported by Spate (the librdkafka mock and some brokers lack offset-by-timestamp lookups; trigger delays are not implemented).");

        var strategies = o.Where(kv => StrategyKeys.Contains(kv.Key.ToLowerInvariant())).ToList();
        if (strategies.Count == 0)
            throw new ArgumentException("One of the following options must be specified for Kafka source: subscribe, subscribepattern, assign. See the docs for more details.");
        if (strategies.Count > 1)
            throw new ArgumentException("Only one of the following options can be specified for Kafka source: subscribe, subscribepattern, assign. See the docs for more details.");
        var (strategyKey, strategyValue) = strategies[0];
        ConsumerStrategy strategy;
        switch (strategyKey.ToLowerInvariant())
        {
            case "assign":
                if (!strategyValue.Trim().StartsWith('{'))
                    throw new ArgumentException($"No topicpartitions to assign as specified value for option 'assign' is '{strategyValue}'");
                strategy = new ConsumerStrategy.Assign(KafkaOffsets.ParsePartitions(strategyValue));
                break;
            case "subscribe":
                var topics = strategyValue.Split(',').Select(t => t.Trim()).Where(t => t.Length > 0).ToList();
                if (topics.Count == 0)
                    throw new ArgumentException($"No topics to subscribe to as specified value for option 'subscribe' is '{strategyValue}'");
                strategy = new ConsumerStrategy.Subscribe(topics);
                break;
            default:
                if (strategyValue.Trim().Length == 0)
                    throw new ArgumentException($"Pattern to subscribe is empty as specified value for option 'subscribePattern' is '{strategyValue}'");
                try { strategy = new ConsumerStrategy.SubscribePattern(strategyValue.Trim()); }
                catch (ArgumentException e) { throw new ArgumentException($"Invalid value '{strategyValue}' for option 'subscribePattern': {e.Message}", e); }
                break;
        }

        int? minPartitions = null;
        if (o.TryGetValue("minPartitions", out var mp))
        {
            if (!int.TryParse(mp, NumberStyles.Integer, CultureInfo.InvariantCulture, out int p))
                throw new FormatException($"For input string: \"{mp}\"");
            if (p <= 0) throw new ArgumentException("minPartitions must be positive");
            minPartitions = p;
        }
        long? maxRecords = null;
        if (o.TryGetValue("maxRecordsPerPartition", out var mr))
        {
            long p = ParseLong(mr);
            if (p <= 0) throw new ArgumentException("maxrecordsperpartition must be positive");
            maxRecords = p;
        }
        long? maxOffsets = null;
        if (o.TryGetValue("maxOffsetsPerTrigger", out var mo))
        {
            long p = ParseLong(mo);
            if (p <= 0) throw new ArgumentException($"Invalid value '{mo}' for option 'maxOffsetsPerTrigger', must be a positive integer");
            maxOffsets = p;
        }

        ValidateKafkaParams(o);
        var groupIdPrefix = o.GetValueOrDefault("groupIdPrefix", streaming ? "spark-kafka-source" : "spark-kafka-relation");

        return new KafkaSourceOptions
        {
            Strategy = strategy,
            StartingOffsets = ParseLimit(o.GetValueOrDefault("startingOffsets"), streaming ? OffsetRangeLimit.Latest : OffsetRangeLimit.Earliest),
            EndingOffsets = ParseLimit(o.GetValueOrDefault("endingOffsets"), OffsetRangeLimit.Latest),
            MaxOffsetsPerTrigger = maxOffsets,
            MinPartitions = minPartitions,
            MaxRecordsPerPartition = maxRecords,
            FailOnDataLoss = ParseBool(o, "failOnDataLoss", true),
            IncludeHeaders = ParseBool(o, "includeHeaders", false),
            PollTimeoutMs = o.TryGetValue("kafkaConsumer.pollTimeoutMs", out var pt) ? (int)Math.Clamp(ParseLong(pt), 1, int.MaxValue) : 120_000,
            GroupIdPrefix = groupIdPrefix,
            ClientConfig = KafkaClientConfig.FromOptions(o),
        };
    }

    /// <summary>Spark's checks of the <c>kafka.*</c> consumer options.</summary>
    private static void ValidateKafkaParams(Dictionary<string, string> o)
    {
        if (o.ContainsKey("kafka.group.id"))
        {
            SparkLog.Warn("KafkaSourceProvider", "Kafka option 'kafka.group.id' has been set on this query, it is\n not recommended to set this option. This option is unsafe to use since multiple concurrent\n queries or sources using the same group id will interfere with each other as they are part\n of the same consumer group. Restarted queries may also suffer interference from the\n previous run having the same group id. The user should have only one query per group id,\n and/or set the option 'kafka.session.timeout.ms' to be very small so that the Kafka\n consumers from the previous query are marked dead by the Kafka group coordinator before the\n restarted query starts running.\n");
            if (o.ContainsKey("groupIdPrefix"))
                SparkLog.Warn("KafkaSourceProvider", "Option groupIdPrefix will be ignored as option kafka.group.id has been set.");
        }
        if (o.ContainsKey("kafka.auto.offset.reset"))
            throw new ArgumentException(
                "\nKafka option 'auto.offset.reset' is not supported.\n" +
                "Instead set the source option 'startingoffsets' to 'earliest' or 'latest'\n" +
                "to specify where to start. Structured Streaming manages which offsets are consumed\n" +
                "internally, rather than relying on the kafkaConsumer to do it. This will ensure that no\n" +
                "data is missed when new topics/partitions are dynamically subscribed. Note that\n" +
                "'startingoffsets' only applies when a new Streaming query is started, and\n" +
                "that resuming will always pick up from where the query left off. See the docs for more\n" +
                "details.\n");
        if (o.ContainsKey("kafka.key.deserializer"))
            throw new ArgumentException("Kafka option 'key.deserializer' is not supported as keys are deserialized as byte arrays with ByteArrayDeserializer. Use DataFrame operations to explicitly deserialize the keys.");
        if (o.ContainsKey("kafka.value.deserializer"))
            throw new ArgumentException("Kafka option 'value.deserializer' is not supported as values are deserialized as byte arrays with ByteArrayDeserializer. Use DataFrame operations to explicitly deserialize the values.");
        foreach (var c in new[] { "enable.auto.commit", "interceptor.classes" })
            if (o.ContainsKey("kafka." + c)) throw new ArgumentException($"Kafka option '{c}' is not supported");
        if (!o.ContainsKey("kafka.bootstrap.servers"))
            throw new ArgumentException("Option 'kafka.bootstrap.servers' must be specified for configuring Kafka consumer");
    }

    private static OffsetRangeLimit ParseLimit(string? value, OffsetRangeLimit fallback)
    {
        if (value == null) return fallback;
        var v = value.Trim();
        if (v.Equals("latest", StringComparison.OrdinalIgnoreCase)) return OffsetRangeLimit.Latest;
        if (v.Equals("earliest", StringComparison.OrdinalIgnoreCase)) return OffsetRangeLimit.Earliest;
        return new OffsetRangeLimit.Specific(KafkaOffsets.Parse(v));
    }

    private static long ParseLong(string text) =>
        long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v : throw new FormatException($"For input string: \"{text}\"");

    private static bool ParseBool(Dictionary<string, string> o, string key, bool fallback)
    {
        if (!o.TryGetValue(key, out var text)) return fallback;
        return bool.TryParse(text.Trim(), out bool v) ? v
            : throw new ArgumentException($"For input string: \"{text}\"");
    }
}
