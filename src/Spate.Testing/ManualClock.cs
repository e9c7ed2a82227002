namespace Spate.Testing;

/// <summary>A clock that moves only when told to: pass it to <c>StartStream</c> and move it with <c>AdvanceTime</c>.</summary>
public sealed class ManualClock : TimeProvider
{
    private long _ticks;

    public ManualClock(DateTimeOffset? start = null) { _ticks = (start ?? DateTimeOffset.UnixEpoch).UtcTicks; }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
