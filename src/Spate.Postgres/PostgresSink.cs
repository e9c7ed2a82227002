using System.Data.Common;
using System.Net.Sockets;
using Npgsql;
using NpgsqlTypes;
using Spate.Columnar;
using Spate.Sinks.Database;
using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;

namespace Spate.Postgres;

/// <summary>
/// <c>df.WriteStream().Format("postgres")</c>: writes each batch to a PostgreSQL table in one transaction, exactly
/// once (see <see cref="DatabaseSink"/>). Appended rows go through <c>COPY ... FROM STDIN (FORMAT BINARY)</c>.
/// </summary>
internal sealed class PostgresSink : DatabaseSink
{
    private static readonly int EpochDay = new DateOnly(1970, 1, 1).DayNumber;
    private readonly NpgsqlConnectionStringBuilder _connection;

    public PostgresSink(IReadOnlyDictionary<string, string> options, OutputMode mode, StructType schema)
        : base("postgres", Parse(options), schema, mode)
    {
        _connection = PostgresConnectionString.Build(Options.Connection, options);
    }

    private static DatabaseSinkOptions Parse(IReadOnlyDictionary<string, string> options) =>
        DatabaseSinkOptions.Parse(options, "postgres", new[] { "url", "connectionString" }, "Host=localhost;Port=5432;Username=app;Database=db",
            maxNameParts: 2, foldUnquoted: true, maxNameBytes: MaxIdentifierBytes);

    // NAMEDATALEN - 1: PostgreSQL truncates longer names.
    private const int MaxIdentifierBytes = 63;

    protected override int MaxNameBytes => MaxIdentifierBytes;

    protected override string LockRowClause => " FOR UPDATE";

    protected override DbConnection Open()
    {
        var connection = new NpgsqlConnection(_connection.ConnectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException or InvalidOperationException)
        {
            connection.Dispose();
            throw new SparkException($"[DATABASE_UNREACHABLE] The postgres sink cannot connect to PostgreSQL at {_connection.Host}:{_connection.Port} "
                + $"(database {_connection.Database ?? _connection.Username ?? "postgres"}, user {_connection.Username ?? "(default)"}): {e.Message}. "
                + "Check that the server is running and accepts TCP connections there, and that option url (Host=...;Port=...;Username=...;Database=...) is right.", e);
        }
    }

    protected override string? ColumnType(DataType type) => type switch
    {
        StringType => "text",
        ByteType or ShortType => "smallint",
        IntegerType => "integer",
        LongType => "bigint",
        FloatType => "real",
        DoubleType => "double precision",
        DecimalType d => $"numeric({d.Precision},{d.Scale})",
        BooleanType => "boolean",
        DateType => "date",
        TimestampType => "timestamptz",
        BinaryType => "bytea",
        _ => null,
    };

    private static NpgsqlDbType DbType(DataType type) => type switch
    {
        StringType => NpgsqlDbType.Text,
        ByteType or ShortType => NpgsqlDbType.Smallint,
        IntegerType => NpgsqlDbType.Integer,
        LongType => NpgsqlDbType.Bigint,
        FloatType => NpgsqlDbType.Real,
        DoubleType => NpgsqlDbType.Double,
        DecimalType => NpgsqlDbType.Numeric,
        BooleanType => NpgsqlDbType.Boolean,
        DateType => NpgsqlDbType.Date,
        TimestampType => NpgsqlDbType.TimestampTz,
        BinaryType => NpgsqlDbType.Bytea,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type.SimpleString, "checked when the sink was created"),
    };

    protected override void ConfigureParameter(DbParameter parameter, DataType type) => ((NpgsqlParameter)parameter).NpgsqlDbType = DbType(type);

    protected override object ToDbValue(ColumnVector vector, int row)
    {
        var value = vector.GetValue(row)!;
        return value is sbyte b ? (short)b : value;
    }

    protected override void BeforeSetup(DbConnection connection, DbTransaction transaction)
    {
        // Two sinks starting at once would race on CREATE TABLE IF NOT EXISTS of the shared batch-id table.
        Execute(connection, transaction, "SELECT pg_advisory_xact_lock(5337000417)");
    }

    protected override DatabaseTable? Describe(DbConnection connection, DbTransaction transaction, SqlName table)
    {
        using (var cmd = Command(connection, transaction, "SELECT to_regclass(@n)::oid"))
        {
            cmd.Parameters.Add(new NpgsqlParameter("n", NpgsqlDbType.Text) { Value = table.Quoted });
            if (cmd.ExecuteScalar() is not uint) return null;
        }
        var columns = new List<string>();
        var key = new List<(int Position, string Name)>();
        using (var cmd = Command(connection, transaction,
            "SELECT a.attname, array_position(i.indkey::int2[], a.attnum) FROM pg_attribute a "
            + "LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary "
            + "WHERE a.attrelid = to_regclass(@n) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"))
        {
            cmd.Parameters.Add(new NpgsqlParameter("n", NpgsqlDbType.Text) { Value = table.Quoted });
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                string name = reader.GetString(0);
                columns.Add(name);
                if (!reader.IsDBNull(1)) key.Add((reader.GetInt32(1), name));
            }
        }
        return new DatabaseTable(columns, key.OrderBy(k => k.Position).Select(k => k.Name).ToList());
    }

    protected override void Insert(DbConnection connection, DbTransaction transaction, IReadOnlyList<ColumnBatch> data, StructType schema, string insertSql)
    {
        if (data.All(b => b.RowCount == 0)) return;
        string columns = string.Join(", ", schema.Fields.Select(f => SqlIdentifier.Quote(f.Name)));
        using var writer = ((NpgsqlConnection)connection).BeginBinaryImport($"COPY {Options.Table.Quoted} ({columns}) FROM STDIN (FORMAT BINARY)");
        var write = new Action<NpgsqlBinaryImporter, int>[schema.Fields.Count];
        foreach (var batch in data)
        {
            for (int c = 0; c < write.Length; c++) write[c] = CellWriter(batch.Columns[c], schema.Fields[c].DataType);
            for (int r = 0; r < batch.RowCount; r++)
            {
                writer.StartRow();
                for (int c = 0; c < write.Length; c++)
                {
                    if (batch.Columns[c].IsNull(r)) writer.WriteNull();
                    else write[c](writer, r);
                }
            }
        }
        writer.Complete();
    }

    /// <summary>Writes one non-null cell with its typed value (no boxing), chosen once per column and batch.</summary>
    private static Action<NpgsqlBinaryImporter, int> CellWriter(ColumnVector vector, DataType type)
    {
        switch (type, vector)
        {
            case (BooleanType, PrimitiveVector<bool> v): return (w, r) => w.Write(v.Values[r], NpgsqlDbType.Boolean);
            case (ByteType, PrimitiveVector<sbyte> v): return (w, r) => w.Write((short)v.Values[r], NpgsqlDbType.Smallint);
            case (ShortType, PrimitiveVector<short> v): return (w, r) => w.Write(v.Values[r], NpgsqlDbType.Smallint);
            case (IntegerType, PrimitiveVector<int> v): return (w, r) => w.Write(v.Values[r], NpgsqlDbType.Integer);
            case (DateType, PrimitiveVector<int> v): return (w, r) => w.Write(DateOnly.FromDayNumber(EpochDay + v.Values[r]), NpgsqlDbType.Date);
            case (LongType, PrimitiveVector<long> v): return (w, r) => w.Write(v.Values[r], NpgsqlDbType.Bigint);
            case (TimestampType, PrimitiveVector<long> v): return (w, r) => w.Write(DateTime.UnixEpoch.AddTicks(v.Values[r] * 10), NpgsqlDbType.TimestampTz);
            case (FloatType, PrimitiveVector<float> v): return (w, r) => w.Write(v.Values[r], NpgsqlDbType.Real);
            case (DoubleType, PrimitiveVector<double> v): return (w, r) => w.Write(v.Values[r], NpgsqlDbType.Double);
            case (DecimalType, PrimitiveVector<decimal> v): return (w, r) => w.Write(v.Values[r], NpgsqlDbType.Numeric);
            case (StringType, StringVector v): return (w, r) => w.Write(v.GetString(r), NpgsqlDbType.Text);
            case (BinaryType, StringVector v): return (w, r) => w.Write(v.GetSpan(r).ToArray(), NpgsqlDbType.Bytea);
            default:
                var dbType = DbType(type);
                return (w, r) =>
                {
                    object value = vector.GetValue(r)!;
                    w.Write(value is sbyte b ? (short)b : value, dbType);
                };
        }
    }
}
