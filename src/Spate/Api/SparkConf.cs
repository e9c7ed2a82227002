using System.Collections.Concurrent;
using System.Globalization;

namespace Spate.Sql;

/// <summary>
/// Configuration of a session. Every Spark conf is accepted and stored; the ones that mean something here are
/// honoured (see <c>docs/configuration.md</c>), the rest are kept so <c>Conf().Get</c> returns them.
/// </summary>
public sealed class RuntimeConfig
{
    private readonly ConcurrentDictionary<string, string> _values = new(StringComparer.Ordinal);

    internal RuntimeConfig(IEnumerable<KeyValuePair<string, string>> initial)
    {
        foreach (var kv in initial) _values[kv.Key] = kv.Value;
    }

    internal static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>
    {
        ["spark.sql.shuffle.partitions"] = "200",
        ["spark.sql.session.timeZone"] = TimeZoneInfo.Local.Id,
        ["spark.sql.streaming.minBatchesToRetain"] = "100",
        ["spark.sql.streaming.numRecentProgressUpdates"] = "100",
        ["spark.sql.streaming.noDataMicroBatches.enabled"] = "true",
        ["spark.sql.streaming.multipleWatermarkPolicy"] = "min",
        ["spark.sql.caseSensitive"] = "false",
        ["spark.ui.enabled"] = "true",
        ["spark.ui.port"] = "4040",
    };

    /// <summary>Sets a conf. Any key is accepted.</summary>
    public void Set(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        _values[key] = value ?? throw new ArgumentNullException(nameof(value));
        Changed?.Invoke(key, value);
    }

    public void Set(string key, bool value) => Set(key, value ? "true" : "false");
    public void Set(string key, long value) => Set(key, value.ToString(CultureInfo.InvariantCulture));
    public void Set(string key, double value) => Set(key, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>The value of <paramref name="key"/>; throws Spark's error when it is unset and has no default.</summary>
    public string Get(string key)
    {
        if (_values.TryGetValue(key, out var v)) return v;
        if (Defaults.TryGetValue(key, out var d)) return d;
        throw new KeyNotFoundException($"[SQL_CONF_NOT_FOUND] The SQL config \"{key}\" cannot be found. Please verify that the config exists.");
    }

    /// <summary>The value of <paramref name="key"/>, or <paramref name="defaultValue"/>.</summary>
    public string Get(string key, string defaultValue) => _values.TryGetValue(key, out var v) ? v : defaultValue;

    /// <summary>The value of <paramref name="key"/>, or null.</summary>
    public string? GetOption(string key) => _values.TryGetValue(key, out var v) ? v : Defaults.GetValueOrDefault(key);

    public void Unset(string key) => _values.TryRemove(key, out _);

    /// <summary>Every conf set explicitly.</summary>
    public IReadOnlyDictionary<string, string> GetAll() => new Dictionary<string, string>(_values);

    /// <summary>Spark's static confs cannot change after the session starts; everything else can.</summary>
    public bool IsModifiable(string key) => !key.StartsWith("spark.executor.", StringComparison.Ordinal) && key != "spark.master" && key != "spark.app.name";

    internal event Action<string, string>? Changed;

    internal int GetInt(string key, int fallback) => int.TryParse(GetOption(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;
    internal long GetLong(string key, long fallback) => long.TryParse(GetOption(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;
    internal bool GetBool(string key, bool fallback) => bool.TryParse(GetOption(key), out var v) ? v : fallback;

    internal int ShufflePartitions
    {
        get
        {
            int n = GetInt("spark.sql.shuffle.partitions", 200);
            if (n <= 0) throw new AnalysisException($"[INVALID_CONF_VALUE] The value '{GetOption("spark.sql.shuffle.partitions")}' in the config \"spark.sql.shuffle.partitions\" is invalid. The shuffle partition number must be positive.");
            return n;
        }
    }
}
