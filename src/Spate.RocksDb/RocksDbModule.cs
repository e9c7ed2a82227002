using System.Runtime.CompilerServices;
using Spate.State;

namespace Spate.RocksDb;

/// <summary>
/// Registers the RocksDB state store provider when the package loads. The core loads it when
/// <c>spark.sql.streaming.stateStore.providerClass</c> names RocksDB (Spark's class name, <c>rocksdb</c>, or this package's).
/// </summary>
internal static class RocksDbModule
{
    /// <summary>This package's own name for the provider.</summary>
    public const string SpateName = "Spate.RocksDb.RocksDbStateStoreProvider";

#pragma warning disable CA2255 // A provider package registers itself on load by design.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        Func<string?, StateStoreOptions, IStateStoreBackend> factory = (root, options) => new RocksDbStateStoreBackend(root, options);
        StateStoreProviders.Register(StateStoreProviders.RocksDb, factory);
        StateStoreProviders.Register("rocksdb", factory);
        StateStoreProviders.Register(SpateName, factory);
    }
}
