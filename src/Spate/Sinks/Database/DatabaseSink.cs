using System.Data.Common;
using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;

namespace Spate.Sinks.Database;

/// <summary>
/// A streaming sink writing to a SQL table, exactly once per batch without user code. Each batch runs in one
/// transaction that (1) reads the last batch id committed for this sink from the batch-id table and skips the batch
/// when it is not newer, (2) writes the rows (append: insert; update: upsert by the key columns; complete: delete all,
/// then insert), and (3) records the batch id. A batch replayed after a failure is therefore written once.
/// Providers supply the connection, type names, table description and, optionally, a faster bulk insert.
/// </summary>
internal abstract class DatabaseSink : ISink
{
    private readonly object _lock = new();
    private Prepared? _prepared;

    /// <remarks>Checks the result's column names and types at query start, through <see cref="ColumnType"/>,
    /// <see cref="MaxNameBytes"/> and <see cref="NameComparer"/>: their overrides must not depend on the subclass's fields.</remarks>
    protected DatabaseSink(string format, DatabaseSinkOptions options, StructType schema, OutputMode mode)
    {
        Format = format;
        Options = options;
        Mode = mode;
        foreach (var f in schema.Fields)
        {
            SqlIdentifier.CheckColumnName(f.Name, MaxNameBytes, format);
            _ = ColumnTypeOrThrow(f);
        }
        var duplicate = schema.Fields.GroupBy(f => f.Name, NameComparer).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null)
            throw new AnalysisException($"[COLUMN_ALREADY_EXISTS] The column {SqlIdentifier.Quote(duplicate.Key)} appears twice in the result written to the {format} sink. Rename one with .Alias(...).");
        if (options.Keys != null) _ = ResolveKeys(options.Keys, schema, "keys");
    }

    /// <summary>The format name, for messages (<c>postgres</c>, <c>sqlite</c>).</summary>
    protected string Format { get; }

    protected DatabaseSinkOptions Options { get; }

    protected OutputMode Mode { get; }

    public string Description => $"{Format}Sink[{Options.Table}]";

    /// <summary>The database's limit on identifier length in UTF-8 bytes (0: none).</summary>
    protected virtual int MaxNameBytes => 0;

    /// <summary>How the database compares unquoted column names of an existing table with the result's names.</summary>
    protected virtual StringComparer NameComparer => StringComparer.Ordinal;

    /// <summary>Appended to the batch-id read to lock the row against a concurrent writer (PostgreSQL: FOR UPDATE).</summary>
    protected virtual string LockRowClause => "";

    /// <summary>Opens a connection, turning failures into a message that names the server or file and the fix.</summary>
    protected abstract DbConnection Open();

    /// <summary>Starts the batch's transaction; the provider may ask for a write lock up front.</summary>
    protected virtual DbTransaction BeginTransaction(DbConnection connection) => connection.BeginTransaction();

    /// <summary>The SQL type for a column of Spark type <paramref name="type"/>, or null when it cannot be stored.</summary>
    protected abstract string? ColumnType(DataType type);

    /// <summary>Describes <paramref name="table"/>, or returns null when it does not exist.</summary>
    protected abstract DatabaseTable? Describe(DbConnection connection, DbTransaction transaction, SqlName table);

    /// <summary>Runs before the tables are checked or created on the first batch (PostgreSQL serialises concurrent DDL).</summary>
    protected virtual void BeforeSetup(DbConnection connection, DbTransaction transaction) { }

    /// <summary>Sets the parameter's database type, so nulls and dates bind with the column's type.</summary>
    protected virtual void ConfigureParameter(DbParameter parameter, DataType type) { }

    /// <summary>The value of a non-null cell as the provider binds it (default: Spate's external value).</summary>
    protected virtual object ToDbValue(ColumnVector vector, int row) => vector.GetValue(row)!;

    /// <summary>Inserts all rows; the default runs one prepared INSERT per row inside the batch's transaction.</summary>
    protected virtual void Insert(DbConnection connection, DbTransaction transaction, IReadOnlyList<ColumnBatch> data, StructType schema, string insertSql) =>
        ExecutePerRow(connection, transaction, data, schema, insertSql);

    public void AddBatch(long batchId, IReadOnlyList<ColumnBatch> data, StructType schema, OutputMode mode, SparkSession session)
    {
        lock (_lock)
        {
            string sinkId = SinkId(session);
            using var connection = Open();
            try
            {
                using var transaction = BeginTransaction(connection);
                var prepared = _prepared ?? Prepare(connection, transaction, schema);
                long? last = LastCommitted(connection, transaction, sinkId);
                if (last >= batchId)
                {
                    SparkLog.Info(Description, $"Skipping batch {batchId}: batch {last} was already committed to {Options.Table} by this query.");
                    return;
                }
                switch (mode)
                {
                    case OutputMode.Complete:
                        Execute(connection, transaction, $"DELETE FROM {Options.Table.Quoted}");
                        Insert(connection, transaction, data, schema, prepared.InsertSql);
                        break;
                    case OutputMode.Update:
                        ExecutePerRow(connection, transaction, data, schema, prepared.UpsertSql!);
                        break;
                    default:
                        Insert(connection, transaction, data, schema, prepared.InsertSql);
                        break;
                }
                RecordBatch(connection, transaction, sinkId, batchId);
                transaction.Commit();
                _prepared = prepared;
            }
            catch (DbException e)
            {
                string hint = e.Message.Contains("ON CONFLICT", StringComparison.OrdinalIgnoreCase)
                    ? $" In update mode the table needs a primary key or unique constraint on exactly the keys columns; create it with one, or let the sink create the table."
                    : "";
                throw new SparkException($"[DATABASE_SINK_WRITE_FAILED] Writing batch {batchId} to the {Format} table {Options.Table} failed: {e.Message}.{hint}", e);
            }
        }
    }

    /// <summary>
    /// The identity under which batch ids are recorded: the running query's id (kept in its checkpoint, so the same
    /// after a restart, and new for a new checkpoint). Called outside a query, the checkpointLocation option stands in.
    /// </summary>
    private string SinkId(SparkSession session)
    {
        var query = session.StreamManager.Active.FirstOrDefault(q => ReferenceEquals(q.Execution.Sink, this));
        if (query != null) return query.Id.ToString();
        return Options.CheckpointLocation != null ? "checkpoint:" + Path.GetFullPath(Options.CheckpointLocation) : "sink";
    }

    private Prepared Prepare(DbConnection connection, DbTransaction transaction, StructType schema)
    {
        BeforeSetup(connection, transaction);
        var table = Describe(connection, transaction, Options.Table);
        string[]? keys = Options.Keys != null ? ResolveKeys(Options.Keys, schema, "keys") : null;
        if (table == null)
        {
            if (!Options.CreateTableIfMissing)
                throw new AnalysisException($"[TABLE_OR_VIEW_NOT_FOUND] The table {Options.Table} cannot be found in the {Format} database. Create it, or set .Option(\"createTableIfMissing\", true).");
            if (Mode == OutputMode.Update && keys == null) throw KeysRequired();
            Execute(connection, transaction, CreateTableSql(schema, keys));
        }
        else
        {
            var missing = schema.Fields.Where(f => !table.Columns.Contains(f.Name, NameComparer)).Select(f => SqlIdentifier.Quote(f.Name)).ToList();
            if (missing.Count > 0)
                throw new AnalysisException($"[DATABASE_SINK_COLUMN_MISSING] The {Format} table {Options.Table} has no column {string.Join(", ", missing)} (its columns: {string.Join(", ", table.Columns)}). Add the column to the table, select only the table's columns, or write to a new table.");
            if (Mode == OutputMode.Update && keys == null)
            {
                if (table.PrimaryKey.Count == 0) throw KeysRequired();
                keys = ResolveKeys(table.PrimaryKey, schema, $"the primary key of {Options.Table}");
            }
        }
        Execute(connection, transaction,
            $"CREATE TABLE IF NOT EXISTS {Options.BatchTable.Quoted} (query_id {ColumnType(StringType.Instance)} NOT NULL, table_name {ColumnType(StringType.Instance)} NOT NULL, "
            + $"batch_id {ColumnType(LongType.Instance)} NOT NULL, committed_at {ColumnType(TimestampType.Instance)} NOT NULL, PRIMARY KEY (query_id, table_name))");

        string columns = string.Join(", ", schema.Fields.Select(f => SqlIdentifier.Quote(f.Name)));
        string values = string.Join(", ", schema.Fields.Select((_, i) => "@p" + i));
        string insert = $"INSERT INTO {Options.Table.Quoted} ({columns}) VALUES ({values})";
        string? upsert = null;
        if (Mode == OutputMode.Update)
        {
            var keySet = new HashSet<string>(keys!, StringComparer.Ordinal);
            var others = schema.Fields.Where(f => !keySet.Contains(f.Name)).Select(f => $"{SqlIdentifier.Quote(f.Name)} = EXCLUDED.{SqlIdentifier.Quote(f.Name)}").ToList();
            upsert = $"{insert} ON CONFLICT ({string.Join(", ", keys!.Select(SqlIdentifier.Quote))}) DO "
                + (others.Count == 0 ? "NOTHING" : "UPDATE SET " + string.Join(", ", others));
        }
        return new Prepared(insert, upsert);
    }

    private string CreateTableSql(StructType schema, string[]? keys)
    {
        var keySet = new HashSet<string>(keys ?? Array.Empty<string>(), StringComparer.Ordinal);
        // As Spark's JDBC writer: a non-nullable field becomes NOT NULL; key columns always are.
        var columns = schema.Fields.Select(f =>
            $"{SqlIdentifier.Quote(f.Name)} {ColumnTypeOrThrow(f)}{(f.IsNullable && !keySet.Contains(f.Name) ? "" : " NOT NULL")}");
        string pk = keys == null ? "" : $", PRIMARY KEY ({string.Join(", ", keys.Select(SqlIdentifier.Quote))})";
        return $"CREATE TABLE {Options.Table.Quoted} ({string.Join(", ", columns)}{pk})";
    }

    private string ColumnTypeOrThrow(StructField field) =>
        ColumnType(field.DataType) ?? throw new AnalysisException(
            $"[UNSUPPORTED_DATATYPE] The {Format} sink cannot store column {SqlIdentifier.Quote(field.Name)} of type {field.DataType.Sql}. "
            + "Convert it first, e.g. to_json(col) or col.Cast(\"string\"), or drop the column. Storable types: STRING, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL, BOOLEAN, DATE, TIMESTAMP, BINARY.");

    /// <summary>Maps key names to the result's column names (case-insensitively, as Spark resolves names).</summary>
    private string[] ResolveKeys(IReadOnlyList<string> keys, StructType schema, string source)
    {
        var names = schema.FieldNames();
        return keys.Select(k => names.FirstOrDefault(n => n == k) ?? names.FirstOrDefault(n => string.Equals(n, k, StringComparison.OrdinalIgnoreCase))
            ?? throw new AnalysisException($"[DATABASE_SINK_KEY_NOT_FOUND] The key column {SqlIdentifier.Quote(k)} from {source} is not a column of the query's result (columns: {string.Join(", ", names)}). List result columns in .Option(\"keys\", ...).")).ToArray();
    }

    private AnalysisException KeysRequired() =>
        new($"[DATABASE_SINK_KEYS_REQUIRED] The {Format} sink in update mode upserts rows by key, but table {Options.Table} has no primary key and option keys is not set. "
            + "Set the grouping columns as keys, e.g. .Option(\"keys\", \"id\"), or create the table with a primary key.");

    private long? LastCommitted(DbConnection connection, DbTransaction transaction, string sinkId)
    {
        using var cmd = Command(connection, transaction, $"SELECT batch_id FROM {Options.BatchTable.Quoted} WHERE query_id = @q AND table_name = @t{LockRowClause}");
        AddParameter(cmd, "@q", StringType.Instance, sinkId);
        AddParameter(cmd, "@t", StringType.Instance, Options.Table.Quoted);
        return cmd.ExecuteScalar() is { } v and not DBNull ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private void RecordBatch(DbConnection connection, DbTransaction transaction, string sinkId, long batchId)
    {
        using var cmd = Command(connection, transaction,
            $"INSERT INTO {Options.BatchTable.Quoted} (query_id, table_name, batch_id, committed_at) VALUES (@q, @t, @b, @c) "
            + "ON CONFLICT (query_id, table_name) DO UPDATE SET batch_id = EXCLUDED.batch_id, committed_at = EXCLUDED.committed_at");
        AddParameter(cmd, "@q", StringType.Instance, sinkId);
        AddParameter(cmd, "@t", StringType.Instance, Options.Table.Quoted);
        AddParameter(cmd, "@b", LongType.Instance, batchId);
        AddParameter(cmd, "@c", TimestampType.Instance, DateTime.UtcNow);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Runs <paramref name="sql"/> (parameters <c>@p0</c>, <c>@p1</c>, ... by column) once per row, prepared.</summary>
    protected void ExecutePerRow(DbConnection connection, DbTransaction transaction, IReadOnlyList<ColumnBatch> data, StructType schema, string sql)
    {
        if (data.All(b => b.RowCount == 0)) return;
        using var cmd = Command(connection, transaction, sql);
        var parameters = new DbParameter[schema.Fields.Count];
        for (int c = 0; c < parameters.Length; c++)
            parameters[c] = AddParameter(cmd, "@p" + c, schema.Fields[c].DataType, DBNull.Value);
        cmd.Prepare();
        foreach (var batch in data)
        {
            for (int r = 0; r < batch.RowCount; r++)
            {
                for (int c = 0; c < parameters.Length; c++)
                {
                    var v = batch.Columns[c];
                    parameters[c].Value = v.IsNull(r) ? DBNull.Value : ToDbValue(v, r);
                }
                cmd.ExecuteNonQuery();
            }
        }
    }

    protected static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = sql;
        return cmd;
    }

    protected static void Execute(DbConnection connection, DbTransaction transaction, string sql)
    {
        using var cmd = Command(connection, transaction, sql);
        cmd.ExecuteNonQuery();
    }

    private DbParameter AddParameter(DbCommand cmd, string name, DataType type, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        ConfigureParameter(p, type);
        p.Value = value;
        cmd.Parameters.Add(p);
        return p;
    }

    /// <summary>The statements built on the first batch, once the table is known.</summary>
    private sealed record Prepared(string InsertSql, string? UpsertSql);
}
