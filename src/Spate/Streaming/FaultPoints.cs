using System.Diagnostics;

namespace Spate.Streaming;

/// <summary>
/// Named instants in a micro-batch where the recovery harness can kill the process (like <c>kill -9</c>), to prove
/// that recovery loses and duplicates nothing. Set <c>SPATE_FAULT_POINT=name:batchId</c> (or <c>name:*</c>) in the
/// environment of a test process; unset, the checks cost one static read.
/// Points: <c>afterOffsetLog</c>, <c>afterGetBatch</c>, <c>afterSink</c> (sink done, commit log not written),
/// <c>afterCommitLog</c>, <c>afterStateDelta</c> (a state store wrote its delta file).
/// </summary>
internal static class FaultPoints
{
    private static readonly (string Name, long? BatchId)? Configured = Parse(Environment.GetEnvironmentVariable("SPATE_FAULT_POINT"));

    private static (string, long?)? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var parts = value.Split(':', 2);
        return (parts[0], parts.Length > 1 && parts[1] != "*" && long.TryParse(parts[1], out long b) ? b : null);
    }

    public static void Hit(string name, long batchId)
    {
        if (Configured is not { } c || c.Name != name || (c.BatchId != null && c.BatchId != batchId)) return;
        Console.Error.WriteLine($"SPATE_FAULT_POINT {name} at batch {batchId}: killing the process");
        Console.Error.Flush();
        Process.GetCurrentProcess().Kill();
        Thread.Sleep(Timeout.Infinite);
    }
}
