using System.Data.Common;
using Microsoft.Data.Sqlite;
using Spate.Sinks.Database;
using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;

namespace Spate.Sqlite;

/// <summary>
/// <c>df.WriteStream().Format("sqlite")</c>: writes each batch to a table of a SQLite file in one transaction,
/// exactly once (see <see cref="DatabaseSink"/>), with one prepared statement per row.
/// </summary>
internal sealed class SqliteSink : DatabaseSink
{
    private readonly string _connection;
    private readonly string _file;

    public SqliteSink(IReadOnlyDictionary<string, string> options, OutputMode mode, StructType schema)
        : base("sqlite", Parse(options), schema, mode)
    {
        (_connection, _file) = ConnectionString(Options.Connection);
    }

    private static DatabaseSinkOptions Parse(IReadOnlyDictionary<string, string> options) =>
        DatabaseSinkOptions.Parse(options, "sqlite", new[] { "url", "connectionString", "path" }, "Data Source=/data/dashboard.db",
            maxNameParts: 1, foldUnquoted: false, maxNameBytes: 0);

    /// <summary>Accepts a connection string (<c>Data Source=f.db</c>), a JDBC URL (<c>jdbc:sqlite:f.db</c>) or a plain file path.</summary>
    private static (string ConnectionString, string File) ConnectionString(string text)
    {
        text = text.Trim();
        SqliteConnectionStringBuilder builder;
        if (text.StartsWith("jdbc:sqlite:", StringComparison.OrdinalIgnoreCase)) builder = new() { DataSource = text["jdbc:sqlite:".Length..] };
        else if (!text.Contains('=')) builder = new() { DataSource = text };
        else
        {
            try { builder = new SqliteConnectionStringBuilder(text); }
            catch (ArgumentException e)
            {
                throw new AnalysisException($"[INVALID_PARAMETER_VALUE] The url option of the sqlite sink is not a valid connection string ({e.Message}). Use e.g. Data Source=/data/dashboard.db, or set option path to the file.", e);
            }
        }
        if (string.IsNullOrWhiteSpace(builder.DataSource))
            throw new AnalysisException("[INVALID_PARAMETER_VALUE] The url option of the sqlite sink names no database file: use e.g. Data Source=/data/dashboard.db.");
        return (builder.ToString(), builder.DataSource);
    }

    protected override StringComparer NameComparer => StringComparer.OrdinalIgnoreCase;

    protected override DbConnection Open()
    {
        var connection = new SqliteConnection(_connection);
        try
        {
            connection.Open();
            return connection;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new SparkException($"[DATABASE_UNREACHABLE] The sqlite sink cannot open the database file {_file}: {e.Message}. "
                + "Check that its directory exists and is writable, and that option path or url (Data Source=...) is right.", e);
        }
    }

    // BEGIN IMMEDIATE: take the write lock first, so two writers wait for each other instead of failing on upgrade.
    protected override DbTransaction BeginTransaction(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

    protected override string? ColumnType(DataType type) => type switch
    {
        StringType => "TEXT",
        ByteType => "TINYINT",
        ShortType => "SMALLINT",
        IntegerType => "INTEGER",
        LongType => "BIGINT",
        FloatType or DoubleType => "REAL",
        DecimalType d => $"NUMERIC({d.Precision},{d.Scale})",
        BooleanType => "BOOLEAN",
        DateType => "DATE",
        TimestampType => "TIMESTAMP",
        BinaryType => "BLOB",
        _ => null,
    };

    protected override DatabaseTable? Describe(DbConnection connection, DbTransaction transaction, SqlName table)
    {
        using var cmd = Command(connection, transaction, "SELECT name, pk FROM pragma_table_info(@t) ORDER BY cid");
        cmd.Parameters.Add(new SqliteParameter("@t", table.Name));
        var columns = new List<string>();
        var key = new List<(long Position, string Name)>();
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            string name = reader.GetString(0);
            columns.Add(name);
            long pk = reader.GetInt64(1);
            if (pk > 0) key.Add((pk, name));
        }
        return columns.Count == 0 ? null : new DatabaseTable(columns, key.OrderBy(k => k.Position).Select(k => k.Name).ToList());
    }
}
