namespace Spate.Sinks.Database;

/// <summary>What the sink needs to know about an existing table: its columns and its primary key, in key order.</summary>
internal sealed record DatabaseTable(IReadOnlyList<string> Columns, IReadOnlyList<string> PrimaryKey);
