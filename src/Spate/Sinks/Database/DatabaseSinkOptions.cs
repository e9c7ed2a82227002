using Spate.Sources;
using Spate.Sql;

namespace Spate.Sinks.Database;

/// <summary>The options every database sink shares, read and checked once when the query starts.</summary>
internal sealed class DatabaseSinkOptions
{
    private DatabaseSinkOptions(string connection, SqlName table, string[]? keys, bool createTable, SqlName batchTable, string? checkpoint)
    {
        Connection = connection;
        Table = table;
        Keys = keys;
        CreateTableIfMissing = createTable;
        BatchTable = batchTable;
        CheckpointLocation = checkpoint;
    }

    /// <summary>The <c>url</c>/<c>connectionString</c> option as given.</summary>
    public string Connection { get; }

    /// <summary>The target table (<c>dbtable</c>/<c>table</c>).</summary>
    public SqlName Table { get; }

    /// <summary>The <c>keys</c> option split on commas, or null when not given.</summary>
    public string[]? Keys { get; }

    /// <summary><c>createTableIfMissing</c> (default true).</summary>
    public bool CreateTableIfMissing { get; }

    /// <summary>The table recording committed batch ids (<c>batchIdTable</c>, default <c>_spate_batches</c>).</summary>
    public SqlName BatchTable { get; }

    /// <summary>The query's <c>checkpointLocation</c> option, part of the sink's identity when the query is not known.</summary>
    public string? CheckpointLocation { get; }

    /// <summary>Reads the options; <paramref name="connectionKeys"/> are the accepted names of the connection option, first preferred.</summary>
    public static DatabaseSinkOptions Parse(IReadOnlyDictionary<string, string> options, string format, string[] connectionKeys, string connectionExample,
        int maxNameParts, bool foldUnquoted, int maxNameBytes)
    {
        string? connection = connectionKeys.Select(k => options.GetValueOrDefault(k)).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        if (connection == null)
            throw new AnalysisException($"[DATABASE_SINK_OPTION_MISSING] The {format} sink needs to know where the database is: set .Option(\"{connectionKeys[0]}\", \"{connectionExample}\").");
        string? tableText = options.GetValueOrDefault("dbtable") ?? options.GetValueOrDefault("table");
        if (string.IsNullOrWhiteSpace(tableText))
            throw new AnalysisException($"[DATABASE_SINK_OPTION_MISSING] The {format} sink needs the table to write to: set .Option(\"dbtable\", \"my_table\").");
        var table = SqlIdentifier.ParseQualified(tableText, "dbtable", maxNameParts, foldUnquoted, maxNameBytes);
        var batchTable = SqlIdentifier.ParseQualified(options.GetValueOrDefault("batchIdTable") ?? "_spate_batches", "batchIdTable", maxNameParts, foldUnquoted, maxNameBytes);
        string[]? keys = null;
        if (options.TryGetValue("keys", out var keysText))
        {
            keys = keysText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (keys.Length == 0)
                throw new AnalysisException($"[INVALID_PARAMETER_VALUE] The option keys of the {format} sink is empty: list the key columns separated by commas, e.g. .Option(\"keys\", \"id\").");
        }
        bool create = SourceOptions.GetBool(options, "createTableIfMissing", true);
        return new DatabaseSinkOptions(connection, table, keys, create, batchTable, options.GetValueOrDefault("checkpointLocation"));
    }
}
