using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Spate.Cli.Producer;

/// <summary>Paces the generator into a sink, batching records whenever no wait separates them.</summary>
internal static class ProducerLoop
{
    // At --rate max, larger writes mean fewer system calls per record (and fewer wake-ups of the reader).
    private const int BufferBytes = 256 * 1024;

    /// <summary>
    /// Produces records until <paramref name="count"/> is reached (null: until cancelled or the sink fails).
    /// <paramref name="delivered"/> counts the records handed to the sink so far, also when this throws.
    /// </summary>
    public static async Task RunAsync(
        TransactionGenerator generator,
        IRecordSink sink,
        double? recordsPerSecond,
        long? count,
        StrongBox<long> delivered,
        CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferBytes];
        var used = 0;
        var pending = 0;
        long produced = 0;
        var start = Stopwatch.GetTimestamp();
        var ticksPerRecord = recordsPerSecond is { } rate ? Stopwatch.Frequency / rate : 0;

        while (count is null || produced < count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            used += generator.Write(buffer.AsSpan(used));
            pending++;
            produced++;

            var last = produced == count;
            long waitTicks = 0;
            if (recordsPerSecond is not null && !last)
            {
                // Schedule from the start rather than sleeping a fixed time, so the rate does not drift.
                var due = start + (long)(produced * ticksPerRecord);
                waitTicks = due - Stopwatch.GetTimestamp();
            }

            if (waitTicks > 0 || last || pending >= sink.RecordsUntilBoundary || buffer.Length - used < TransactionGenerator.MaxRecordBytes)
            {
                await sink.WriteAsync(buffer.AsMemory(0, used), pending, cancellationToken).ConfigureAwait(false);
                delivered.Value += pending;
                used = 0;
                pending = 0;
            }

            if (waitTicks > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(waitTicks / (double)Stopwatch.Frequency), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
