namespace Spate.Sinks.Database;

/// <summary>A parsed, possibly schema-qualified name: <see cref="Parts"/> hold the names as the database stores them.</summary>
internal sealed class SqlName
{
    public SqlName(IReadOnlyList<string> parts) { Parts = parts; }

    /// <summary>The names, schema first.</summary>
    public IReadOnlyList<string> Parts { get; }

    /// <summary>The unqualified table name.</summary>
    public string Name => Parts[^1];

    /// <summary>The schema, or null when not qualified.</summary>
    public string? Schema => Parts.Count > 1 ? Parts[0] : null;

    /// <summary>The name as SQL text, every part quoted.</summary>
    public string Quoted => string.Join(".", Parts.Select(SqlIdentifier.Quote));

    public override string ToString() => Quoted;
}
