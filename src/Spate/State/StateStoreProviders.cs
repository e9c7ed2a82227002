using System.Collections.Concurrent;

namespace Spate.State;

/// <summary>
/// The registry of state store backends by provider class name. The core registers the default one; packages such as
/// Spate.RocksDb register theirs from a module initializer, and are loaded on first use of their name.
/// </summary>
internal static class StateStoreProviders
{
    /// <summary>Spark's name of the default provider.</summary>
    public const string HdfsBacked = "org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider";
    /// <summary>Spark's name of the RocksDB provider.</summary>
    public const string RocksDb = "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider";

    private static readonly ConcurrentDictionary<string, Func<string?, StateStoreOptions, IStateStoreBackend>> Factories =
        new(StringComparer.OrdinalIgnoreCase);

    static StateStoreProviders()
    {
        Func<string?, StateStoreOptions, IStateStoreBackend> memory = (root, options) => new InMemoryStateStoreBackend(root, options);
        Factories[HdfsBacked] = memory;
        Factories["memory"] = memory;
        Factories["default"] = memory;
    }

    /// <summary>Makes <paramref name="name"/> (a provider class name) create backends with <paramref name="factory"/> (state root, options).</summary>
    public static void Register(string name, Func<string?, StateStoreOptions, IStateStoreBackend> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Factories[name] = factory ?? throw new ArgumentNullException(nameof(factory));
    }

    /// <summary>A backend for the options' provider class, loading its package if it is one Spate knows.</summary>
    public static IStateStoreBackend Create(string? stateRoot, StateStoreOptions options)
    {
        var name = options.ProviderClass ?? HdfsBacked;
        if (!Factories.TryGetValue(name, out var factory))
        {
            // Any name mentioning RocksDB is served by the Spate.RocksDb package, which registers itself when loaded.
            if (name.Contains("rocksdb", StringComparison.OrdinalIgnoreCase)) Spate.Sql.ConnectorLoader.TryLoad("rocksdb");
            if (!Factories.TryGetValue(name, out factory))
            {
                var hint = name.Contains("rocksdb", StringComparison.OrdinalIgnoreCase)
                    ? " The RocksDB provider is in the Spate.RocksDb package: add a reference to it."
                    : "";
                throw new InvalidOperationException(
                    $"[STATE_STORE_PROVIDER_NOT_FOUND] Cannot load the state store provider class '{name}' set in {StateStoreOptions.ProviderClassConf}.{hint} " +
                    $"Known providers: {string.Join(", ", Factories.Keys.Order(StringComparer.Ordinal))}.");
            }
        }
        return factory(stateRoot, options);
    }
}
