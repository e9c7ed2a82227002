using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Spate.Recovery.Tests;

/// <summary>
/// Checks a child's result (its SQLite file, or its parquet output directory) against the exactly-once answer: the batches written are 0..m with no gap, and the
/// tables hold exactly what processing each input value once gives for those batches (the rate-micro-batch source
/// makes batch b the values b*rowsPerBatch .. (b+1)*rowsPerBatch-1).
/// </summary>
internal static class ExactlyOnce
{
    /// <summary>Verifies the result and returns how many batches it holds; throws with the lost and duplicated values otherwise.
    /// With <paramref name="expectedBatches"/>, it must hold exactly that many (at least that many in a sink mode, whose
    /// child may commit a batch or two more before its stop takes effect).</summary>
    public static long Verify(string resultPath, ChildMode mode, int rowsPerBatch, long? expectedBatches = null, string context = "")
    {
        long batches = mode switch
        {
            ChildMode.ParquetRaw => ParquetResult.Verify(resultPath, rowsPerBatch, context),
            ChildMode.SqliteAggregate or ChildMode.SqliteRaw => VerifySqliteSink(resultPath, mode, rowsPerBatch, context),
            ChildMode.PostgresAggregate or ChildMode.PostgresRaw => VerifyPostgresSink(resultPath, mode, rowsPerBatch, context),
            _ => VerifyForeachBatchTables(resultPath, mode, rowsPerBatch, context),
        };
        if (expectedBatches != null && (mode.ViaSink() ? batches < expectedBatches : batches != expectedBatches))
            throw new ExactlyOnceViolation($"{context}: {batches} batches written, expected {(mode.ViaSink() ? "at least " : "")}{expectedBatches}.");
        return batches;
    }

    /// <summary>The foreachBatch modes: the child's own <c>batches</c> table lists every batch id written.</summary>
    private static long VerifyForeachBatchTables(string sqlitePath, ChildMode mode, int rowsPerBatch, string context)
    {
        if (!File.Exists(sqlitePath)) return 0;
        using var c = Open(sqlitePath);
        if (!TableExists(c, "batches")) return 0;
        var ids = Query(c, "SELECT batch_id FROM batches ORDER BY batch_id", r => r.GetInt64(0));
        for (int i = 0; i < ids.Count; i++)
            if (ids[i] != i) throw new ExactlyOnceViolation($"{context}: batches written are not 0..{ids.Count - 1} without a gap: {string.Join(",", ids)}.");
        long batches = ids.Count;
        // A kill while the child created its tables can leave some of them missing; with no batch there is nothing to check.
        if (batches == 0) return 0;
        long values = batches * rowsPerBatch;
        if (mode == ChildMode.Raw) VerifyRows(c, values, context); else VerifyCounts(c, values, context);
        return batches;
    }

    private static long VerifySqliteSink(string sqlitePath, ChildMode mode, int rowsPerBatch, string context)
    {
        if (!File.Exists(sqlitePath)) return 0;
        using var c = Open(sqlitePath);
        return VerifySinkTables(c, name => TableExists(c, name), mode, rowsPerBatch, context);
    }

    private static long VerifyPostgresSink(string connectionString, ChildMode mode, int rowsPerBatch, string context)
    {
        // No pooling: the checker's connection must not outlive the check (the database is dropped at the end).
        using var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        c.Open();
        return VerifySinkTables(c, name => Query(c, $"SELECT to_regclass('{name}') IS NOT NULL", r => r.GetBoolean(0))[0], mode, rowsPerBatch, context);
    }

    /// <summary>
    /// The database sinks' modes: <c>_spate_batches</c> holds one row per query and table with the last batch id committed
    /// (in the same transaction as the rows), so batches 0..that id must be in the table exactly once, and nothing else.
    /// The query id is kept in the checkpoint: a second row would mean a restart wrote under a new identity.
    /// </summary>
    private static long VerifySinkTables(DbConnection c, Func<string, bool> tableExists, ChildMode mode, int rowsPerBatch, string context)
    {
        string table = mode.IsAggregate() ? "counts" : "rows";
        var recorded = tableExists("_spate_batches")
            ? Query(c, "SELECT query_id, table_name, batch_id FROM _spate_batches", r => (Query: r.GetString(0), Table: r.GetString(1), Batch: r.GetInt64(2)))
            : new List<(string Query, string Table, long Batch)>();
        if (recorded.Count > 1)
            throw new ExactlyOnceViolation($"{context}: _spate_batches has {recorded.Count} rows, expected one (one query, one table): {string.Join("; ", recorded)}.");
        long batches = recorded.Count == 0 ? 0 : recorded[0].Batch + 1;
        // No batch committed: the sink's table may not exist yet, and if it does it must be empty.
        if (batches == 0 && !tableExists(table)) return 0;
        long values = batches * rowsPerBatch;
        if (mode.IsAggregate()) VerifyCounts(c, values, context); else VerifyRows(c, values, context);
        return batches;
    }

    private static SqliteConnection Open(string sqlitePath)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqlitePath, Pooling = false }.ToString());
        c.Open();
        return c;
    }

    /// <summary>The aggregate's exactly-once answer: per k = v % 7, the count and sum of the values v &lt; <paramref name="values"/>.</summary>
    public static SortedDictionary<long, (long N, long S)> ExpectedCounts(long values)
    {
        var expected = new SortedDictionary<long, (long N, long S)>();
        for (long v = 0; v < values; v++)
        {
            expected.TryGetValue(v % 7, out var e);
            expected[v % 7] = (e.N + 1, e.S + v);
        }
        return expected;
    }

    private static void VerifyCounts(DbConnection c, long values, string context)
    {
        var expected = ExpectedCounts(values);
        var actual = new SortedDictionary<long, (long N, long S)>();
        foreach (var (k, n, s) in Query(c, "SELECT k, n, s FROM counts", r => (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2)))) actual[k] = (n, s);
        if (expected.SequenceEqual(actual)) return;
        long expectedRows = expected.Values.Sum(e => e.N), actualRows = actual.Values.Sum(a => a.N);
        throw new ExactlyOnceViolation(
            $"{context}: the aggregate over values 0..{values - 1} is wrong (it counts {actualRows} input rows, expected {expectedRows}: " +
            $"{(actualRows < expectedRows ? "rows lost" : actualRows > expectedRows ? "rows duplicated" : "rows lost and duplicated")}).\n" +
            $"expected k:n:s {Show(expected)}\nactual   k:n:s {Show(actual)}");
    }

    private static void VerifyRows(DbConnection c, long values, string context) =>
        VerifyValues(Query(c, "SELECT value, COUNT(*) FROM rows GROUP BY value", r => (V: r.GetInt64(0), N: r.GetInt64(1))).ToDictionary(x => x.V, x => x.N), values, context);

    /// <summary>Checks that <paramref name="counts"/> (value → times written) holds every value 0..<paramref name="values"/>-1 once, and nothing else.</summary>
    public static void VerifyValues(IReadOnlyDictionary<long, long> counts, long values, string context)
    {
        var lost = new List<long>();
        for (long v = 0; v < values; v++) if (!counts.ContainsKey(v)) lost.Add(v);
        var duplicated = counts.Where(kv => kv.Value > 1).OrderBy(kv => kv.Key).ToList();
        var unexpected = counts.Keys.Where(v => v < 0 || v >= values).OrderBy(v => v).ToList();
        if (lost.Count == 0 && duplicated.Count == 0 && unexpected.Count == 0) return;
        throw new ExactlyOnceViolation(
            $"{context}: rows 0..{values - 1} are not each written exactly once: {lost.Count} lost, {duplicated.Sum(d => d.Value - 1)} duplicated, {unexpected.Count} unexpected.\n" +
            $"lost: {string.Join(",", lost.Take(20))}\nduplicated (value x times): {string.Join(",", duplicated.Take(20).Select(d => $"{d.Key}x{d.Value}"))}\nunexpected: {string.Join(",", unexpected.Take(20))}");
    }

    private static string Show(SortedDictionary<long, (long N, long S)> m) => string.Join(" ", m.Select(kv => $"{kv.Key}:{kv.Value.N}:{kv.Value.S}"));

    private static bool TableExists(SqliteConnection c, string name) =>
        Query(c, $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{name}'", r => r.GetInt64(0))[0] > 0;

    private static List<T> Query<T>(DbConnection c, string sql, Func<DbDataReader, T> read)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read()) list.Add(read(r));
        return list;
    }
}

/// <summary>The result of a recovered query lost or duplicated data.</summary>
public sealed class ExactlyOnceViolation : Exception
{
    public ExactlyOnceViolation(string message) : base(message) { }
}
