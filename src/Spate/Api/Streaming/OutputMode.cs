namespace Spate.Sql.Streaming;

/// <summary>What a streaming query writes to its sink at each trigger.</summary>
public enum OutputMode
{
    /// <summary>Only rows added to the result table since the last trigger (the default).</summary>
    Append,
    /// <summary>Only rows of the result table that changed since the last trigger.</summary>
    Update,
    /// <summary>The whole result table, every trigger (aggregations only).</summary>
    Complete,
}

internal static class OutputModes
{
    public static OutputMode Parse(string mode) => mode.ToLowerInvariant() switch
    {
        "append" => OutputMode.Append,
        "update" => OutputMode.Update,
        "complete" => OutputMode.Complete,
        _ => throw new ArgumentException($"Unknown output mode {mode}. Accepted output modes are 'append', 'complete', 'update'"),
    };

    public static string Name(this OutputMode mode) => mode switch
    {
        OutputMode.Append => "Append",
        OutputMode.Update => "Update",
        _ => "Complete",
    };
}
