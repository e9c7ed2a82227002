namespace Spate.State;

/// <summary>
/// One background queue, process-wide, for state file work that need not hold up a batch: writing snapshots and
/// deleting files no longer needed. Process-wide so that a restarted query (a new provider) can wait for the work of
/// the run before it, and never races it on the same files.
/// </summary>
internal static class StateMaintenance
{
    private static readonly object Lock = new();
    private static Task _tail = Task.CompletedTask;
    private static Exception? _lastError;

    /// <summary>Runs <paramref name="work"/> after everything queued before it.</summary>
    public static void Enqueue(Action work)
    {
        lock (Lock)
        {
            _tail = _tail.ContinueWith(_ =>
            {
                try { work(); }
                // A failed snapshot or clean-up loses nothing: the deltas still hold the state. Keep the error for tests.
                catch (Exception e) { _lastError = e; }
            }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    /// <summary>Waits for all work queued so far.</summary>
    public static void Wait()
    {
        Task tail;
        lock (Lock) tail = _tail;
        tail.Wait();
    }

    /// <summary>The last error background work hit, if any (and forgets it).</summary>
    public static Exception? TakeLastError()
    {
        lock (Lock)
        {
            var e = _lastError;
            _lastError = null;
            return e;
        }
    }
}
