namespace Spate.State;

/// <summary>
/// A query's state stores: hands each stateful operator's partition its store at a version, from the backend the
/// options name (<c>spark.sql.streaming.stateStore.providerClass</c>; by default <see cref="InMemoryStateStoreBackend"/>),
/// and checks on restart that the state in the checkpoint has the layout the query expects.
/// </summary>
internal sealed class StateStoreProvider : IDisposable
{
    private readonly string? _root;
    private readonly object _lock = new();
    private readonly HashSet<int> _checked = new();
    private IStateStoreBackend? _backend;

    /// <param name="stateRoot">The checkpoint's <c>state</c> directory, or null for state kept only in memory.</param>
    /// <param name="options">The session's state store confs (<see cref="StateStoreOptions.FromConf"/>); null: Spark's defaults.</param>
    public StateStoreProvider(string? stateRoot, StateStoreOptions? options = null)
    {
        _root = stateRoot;
        Options = options ?? StateStoreOptions.Default;
    }

    public StateStoreOptions Options { get; }

    // Created on first use, so a stateless query never loads a provider package (or fails on a bad provider name).
    private IStateStoreBackend Backend
    {
        get
        {
            lock (_lock) return _backend ??= StateStoreProviders.Create(_root, Options);
        }
    }

    /// <summary>The store of operator <paramref name="operatorId"/>, partition <paramref name="partition"/>, at <paramref name="version"/>.</summary>
    public IStateStore GetStore(int operatorId, int partition, long version) => Backend.GetStore(operatorId, partition, version);

    /// <summary>Waits for background snapshots and file clean-up started so far.</summary>
    public void WaitForMaintenance()
    {
        IStateStoreBackend? backend;
        lock (_lock) backend = _backend;
        backend?.WaitForMaintenance();
    }

    /// <summary>Finishes background work and releases the backend's resources (open databases).</summary>
    public void Dispose()
    {
        IStateStoreBackend? backend;
        lock (_lock)
        {
            backend = _backend;
            _backend = null;
        }
        backend?.Dispose();
    }

    /// <summary>
    /// Records the key and value layout of an operator's state on first use, and on restart checks that the query's
    /// stateful operator still has it: state written by a different aggregation cannot be read back.
    /// </summary>
    public void CheckSchema(int operatorId, string operatorName, Spate.Sql.Types.StructType keySchema, Spate.Sql.Types.StructType valueSchema)
    {
        if (_root == null) return;
        lock (_checked) if (!_checked.Add(operatorId)) return;
        var dir = Path.Combine(_root, operatorId.ToString(), "_metadata");
        var path = Path.Combine(dir, "schema");
        var text = $"v1\n{operatorName}\n{keySchema.Json}\n{valueSchema.Json}";
        lock (_lock)
        {
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(dir);
                Spate.Checkpoints.MetadataLog.WriteAtomically(path, text);
                return;
            }
            var lines = File.ReadAllText(path).Split('\n');
            if (lines.Length < 4) return;
            var storedKey = (Spate.Sql.Types.StructType)Spate.Sql.Types.DataType.FromJson(lines[2]);
            var storedValue = (Spate.Sql.Types.StructType)Spate.Sql.Types.DataType.FromJson(lines[3]);
            if (!SameLayout(storedKey, keySchema) || !SameLayout(storedValue, valueSchema))
                throw new InvalidOperationException(
                    $"[STATE_STORE_KEY_SCHEMA_NOT_COMPATIBLE] The stateful operator {operatorId} ({operatorName}) of this query does not match the state in the checkpoint {_root}: " +
                    $"the checkpoint has keys ({storedKey.ToDDL()}) and values ({storedValue.ToDDL()}), the query has keys ({keySchema.ToDDL()}) and values ({valueSchema.ToDDL()}). " +
                    "The grouping keys or the aggregates changed: run the changed query on a new checkpoint location.");
        }
    }

    // Names may change (aliases); types and order may not.
    private static bool SameLayout(Spate.Sql.Types.StructType a, Spate.Sql.Types.StructType b) =>
        a.Fields.Count == b.Fields.Count && a.Fields.Zip(b.Fields).All(p => p.First.DataType.Equals(p.Second.DataType));
}
