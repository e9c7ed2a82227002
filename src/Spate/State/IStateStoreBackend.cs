namespace Spate.State;

/// <summary>
/// One kind of state storage (Spark's StateStoreProvider class): hands out the store of an operator's partition at a
/// version. <see cref="StateStoreProvider"/> picks one by <see cref="StateStoreOptions.ProviderClass"/>.
/// </summary>
internal interface IStateStoreBackend : IDisposable
{
    /// <summary>The store holding exactly the state of <paramref name="version"/> (0: empty).</summary>
    IStateStore GetStore(int operatorId, int partition, long version);

    /// <summary>Waits for background work (snapshots, file clean-up) started so far.</summary>
    void WaitForMaintenance();
}
