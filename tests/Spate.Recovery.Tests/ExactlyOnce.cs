using Microsoft.Data.Sqlite;

namespace Spate.Recovery.Tests;

/// <summary>
/// Checks a child's SQLite file against the exactly-once answer: the batches written are 0..m with no gap, and the
/// tables hold exactly what processing each input value once gives for those batches (the rate-micro-batch source
/// makes batch b the values b*rowsPerBatch .. (b+1)*rowsPerBatch-1).
/// </summary>
internal static class ExactlyOnce
{
    /// <summary>Verifies the file and returns how many batches it holds; throws with the lost and duplicated values otherwise.
    /// With <paramref name="expectedBatches"/>, the file must hold exactly that many.</summary>
    public static long Verify(string sqlitePath, ChildMode mode, int rowsPerBatch, long? expectedBatches = null, string context = "")
    {
        if (!File.Exists(sqlitePath))
        {
            if (expectedBatches is > 0) throw new ExactlyOnceViolation($"{context}: no result file at {sqlitePath}, expected {expectedBatches} batches.");
            return 0;
        }
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqlitePath, Pooling = false }.ToString());
        c.Open();
        if (!TableExists(c, "batches")) return expectedBatches is > 0 ? throw new ExactlyOnceViolation($"{context}: the result file has no batches table.") : 0;
        var ids = Query(c, "SELECT batch_id FROM batches ORDER BY batch_id", r => r.GetInt64(0));
        for (int i = 0; i < ids.Count; i++)
            if (ids[i] != i) throw new ExactlyOnceViolation($"{context}: batches written are not 0..{ids.Count - 1} without a gap: {string.Join(",", ids)}.");
        long batches = ids.Count;
        if (expectedBatches != null && batches != expectedBatches)
            throw new ExactlyOnceViolation($"{context}: {batches} batches written, expected {expectedBatches}.");
        // A kill while the child created its tables can leave some of them missing; with no batch there is nothing to check.
        if (batches == 0) return 0;
        long values = batches * rowsPerBatch;
        if (mode == ChildMode.Raw) VerifyRows(c, values, context); else VerifyCounts(c, values, context);
        return batches;
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

    private static void VerifyCounts(SqliteConnection c, long values, string context)
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

    private static void VerifyRows(SqliteConnection c, long values, string context)
    {
        var counts = Query(c, "SELECT value, COUNT(*) FROM rows GROUP BY value", r => (V: r.GetInt64(0), N: r.GetInt64(1))).ToDictionary(x => x.V, x => x.N);
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

    private static List<T> Query<T>(SqliteConnection c, string sql, Func<SqliteDataReader, T> read)
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
