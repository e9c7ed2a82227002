namespace Spate.Sql.Streaming;

/// <summary>When a streaming query runs its micro-batches.</summary>
public abstract class Trigger
{
    private protected Trigger() { }

    /// <summary>A batch every <paramref name="intervalMs"/> milliseconds (0: as soon as the previous one ends and data exists).</summary>
    public static Trigger ProcessingTime(long intervalMs)
    {
        if (intervalMs < 0) throw new ArgumentException($"[INVALID_PARAMETER_VALUE] interval cannot be negative: {intervalMs}");
        return new ProcessingTimeTrigger(intervalMs);
    }

    /// <summary>A batch every interval, written as Spark writes it: <c>"2 seconds"</c>, <c>"1 minute"</c>.</summary>
    public static Trigger ProcessingTime(string interval) => ProcessingTime(Spate.Streaming.IntervalParser.ParseMillis(interval));

    /// <summary>One batch of everything available, then stop (deprecated in Spark for <see cref="AvailableNow"/>).</summary>
    public static Trigger Once() => new OnceTrigger();

    /// <summary>Process everything available at start, in as many batches as limits allow, then stop.</summary>
    public static Trigger AvailableNow() => new AvailableNowTrigger();

    /// <summary>Continuous processing is not supported; use a processing-time trigger.</summary>
    public static Trigger Continuous(long intervalMs) =>
        throw new NotSupportedException("Continuous processing is not supported by Spate: use Trigger.ProcessingTime; micro-batches with the default trigger give millisecond latency.");

    public static Trigger Continuous(string interval) => Continuous(0L);
}

internal sealed class ProcessingTimeTrigger : Trigger
{
    public ProcessingTimeTrigger(long intervalMs) { IntervalMs = intervalMs; }
    public long IntervalMs { get; }
    public override string ToString() => $"ProcessingTimeTrigger({IntervalMs})";
}

internal sealed class OnceTrigger : Trigger
{
    public override string ToString() => "OneTimeTrigger";
}

internal sealed class AvailableNowTrigger : Trigger
{
    public override string ToString() => "AvailableNowTrigger";
}
