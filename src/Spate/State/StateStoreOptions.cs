using System.Globalization;
using Spate.Sql;

namespace Spate.State;

/// <summary>The session confs a state store provider honours, read once when a query starts.</summary>
/// <param name="ProviderClass">spark.sql.streaming.stateStore.providerClass: which provider keeps the state (null: the default, in memory with delta files).</param>
/// <param name="MinDeltasForSnapshot">spark.sql.streaming.stateStore.minDeltasForSnapshot: deltas written between two snapshots.</param>
/// <param name="MinBatchesToRetain">spark.sql.streaming.minBatchesToRetain: how many recent versions stay loadable.</param>
internal sealed record StateStoreOptions(string? ProviderClass = null, int MinDeltasForSnapshot = 10, int MinBatchesToRetain = 100)
{
    public const string ProviderClassConf = "spark.sql.streaming.stateStore.providerClass";
    public const string MinDeltasForSnapshotConf = "spark.sql.streaming.stateStore.minDeltasForSnapshot";
    public const string MinBatchesToRetainConf = "spark.sql.streaming.minBatchesToRetain";

    /// <summary>Spark's defaults.</summary>
    public static StateStoreOptions Default { get; } = new();

    /// <summary>The options a session's confs ask for; bad numbers are reported by conf name.</summary>
    public static StateStoreOptions FromConf(RuntimeConfig conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        var provider = conf.GetOption(ProviderClassConf);
        return new StateStoreOptions(
            string.IsNullOrWhiteSpace(provider) ? null : provider.Trim(),
            PositiveInt(conf, MinDeltasForSnapshotConf, 10),
            PositiveInt(conf, MinBatchesToRetainConf, 100));
    }

    private static int PositiveInt(RuntimeConfig conf, string key, int defaultValue)
    {
        var text = conf.GetOption(key);
        if (text == null) return defaultValue;
        if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < 1)
            throw new ArgumentException($"[INVALID_CONF_VALUE] The value '{text}' in the config \"{key}\" is invalid: it must be a positive integer.");
        return v;
    }
}
