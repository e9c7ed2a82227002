using Confluent.Kafka;

namespace Spate.Cli.Producer;

/// <summary>
/// Publishes each record as one Kafka message (key null, value the JSON line without its '\n') to a topic, the way
/// the lecture's Kafka variant of the producer would. Delivery is asynchronous; the first failed delivery is
/// reported by the next write or by <see cref="CompleteAsync"/>.
/// </summary>
internal sealed class KafkaSink : IRecordSink
{
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(60);

    private readonly IProducer<Null, byte[]> _producer;
    private readonly string _topic;
    private readonly Action<DeliveryReport<Null, byte[]>> _onDelivery;
    private Error? _failure;
    private long _delivered;

    /// <summary>Creates the producer for <paramref name="bootstrapServers"/>; connecting happens in the background.</summary>
    public KafkaSink(string bootstrapServers, string topic)
    {
        _topic = topic;
        _producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            // Records leave in the order they were generated, and an unreachable broker is reported in seconds.
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            MessageTimeoutMs = 10_000,
        })
            // librdkafka logs retries of a broker that is down; the delivery report says what failed.
            .SetLogHandler((_, _) => { })
            .SetErrorHandler((_, _) => { })
            .Build();
        _onDelivery = report =>
        {
            if (report.Error.IsError) Interlocked.CompareExchange(ref _failure, report.Error, null);
            else Interlocked.Increment(ref _delivered);
        };
    }

    /// <summary>Messages the broker acknowledged so far.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <inheritdoc />
    public int RecordsUntilBoundary => int.MaxValue;

    /// <inheritdoc />
    public ValueTask WriteAsync(ReadOnlyMemory<byte> records, int recordCount, CancellationToken cancellationToken)
    {
        ThrowIfFailed();
        var span = records.Span;
        int start = 0;
        while (start < span.Length)
        {
            int end = span[start..].IndexOf((byte)'\n');
            int length = end < 0 ? span.Length - start : end;
            Publish(span.Slice(start, length).ToArray(), cancellationToken);
            start += length + 1;
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        // Flush blocks on librdkafka's queue; run it off the caller's thread.
        return new ValueTask(Task.Run(() =>
        {
            var left = _producer.Flush(FlushTimeout);
            ThrowIfFailed();
            if (left > 0)
                throw new KafkaDeliveryException($"{left} records were not acknowledged by the broker within {FlushTimeout.TotalSeconds:0} s");
        }, CancellationToken.None));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _producer.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Publish(byte[] value, CancellationToken cancellationToken)
    {
        var message = new Message<Null, byte[]> { Value = value };
        while (true)
        {
            try
            {
                _producer.Produce(_topic, message, _onDelivery);
                return;
            }
            catch (ProduceException<Null, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                // At --rate max the local queue fills up: wait for deliveries to make room.
                cancellationToken.ThrowIfCancellationRequested();
                _producer.Poll(TimeSpan.FromMilliseconds(100));
                ThrowIfFailed();
            }
            catch (ProduceException<Null, byte[]> ex)
            {
                throw new KafkaDeliveryException(ex.Error.Reason);
            }
        }
    }

    private void ThrowIfFailed()
    {
        if (Volatile.Read(ref _failure) is { } failure) throw new KafkaDeliveryException(failure.Reason);
    }
}
