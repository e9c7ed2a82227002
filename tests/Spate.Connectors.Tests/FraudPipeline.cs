using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Sql.Functions;

namespace Spate.Connectors.Tests;

/// <summary>The lecture's fraud pipeline and a deterministic input for it: three bursts with known counts.</summary>
public static class FraudPipeline
{
    public static readonly StructType Schema = (StructType)DataType.FromDDL("name STRING, surname STRING, amount DOUBLE, delta_t DOUBLE, flag INT");

    private static string Txn(string name, string surname, double amount, double deltaT, int flag) =>
        $"{{\"name\": \"{name}\", \"surname\": \"{surname}\", \"amount\": {amount.ToString(System.Globalization.CultureInfo.InvariantCulture)}, " +
        $"\"delta_t\": {deltaT.ToString(System.Globalization.CultureInfo.InvariantCulture)}, \"flag\": {flag}}}";

    /// <summary>
    /// Flagged transactions per user after each burst: JillDarby 2, 3, 3; JoeJones 1, 2, 2; AliceSmith and AndyMillers 1
    /// at the end. Unflagged rows, a truncated line and garbage parse to rows that the flag filter drops.
    /// </summary>
    public static readonly string[][] Bursts =
    {
        new[]
        {
            Txn("Jill", "Darby", 848.95, 8.84, 1), Txn("Jill", "Darby", 12.5, 1.0, 1), Txn("Joe", "Jones", 1.0, 2.0, 1),
            Txn("Alice", "Smith", 884.63, 7.89, 0), "{\"name\": \"Andy\", \"surna",
        },
        new[] { Txn("Joe", "Jones", 3.0, 4.0, 1), Txn("Jill", "Darby", 5.0, 6.0, 1), Txn("Alice", "Smith", 7.0, 8.0, 0), "garbage" },
        new[] { Txn("Andy", "Millers", 1.0, 1.0, 1), Txn("Alice", "Smith", 2.0, 2.0, 1), Txn("Joe", "Jones", 9.0, 9.0, 0) },
    };

    /// <summary>
    /// What an update-mode sink receives per id, in batch order ("fraud|nTransactions"). A burst may be split over
    /// several batches (lines reach a source as they are sent), but bursts never share a batch (each is committed before
    /// the next is sent), so this sequence is the same however the batches fall: JillDarby reaches 2 in the first burst
    /// and 3 in the second, JoeJones 2 in the second; AliceSmith and AndyMillers stay at 1 and are never reported.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> ExpectedUpdatesById = new Dictionary<string, string[]>
    {
        ["JillDarby"] = new[] { "1|2", "1|3" },
        ["JoeJones"] = new[] { "1|2" },
    };

    /// <summary>Groups "id|fraud|nTransactions" rows (in batch order) by id, keeping their order, for comparison with <see cref="ExpectedUpdatesById"/>.</summary>
    public static void AssertUpdates(IEnumerable<string> rowsInBatchOrder)
    {
        var byId = rowsInBatchOrder.Select(r => r.Split('|', 2)).GroupBy(p => p[0], p => p[1])
            .ToDictionary(g => g.Key, g => g.ToArray());
        Assert.Equal(ExpectedUpdatesById.Keys.Order(StringComparer.Ordinal), byId.Keys.Order(StringComparer.Ordinal));
        foreach (var (id, updates) in ExpectedUpdatesById) Assert.Equal(updates, byId[id]);
    }

    /// <summary>The final report (id|fraud|nTransactions, sorted).</summary>
    public static readonly string[] ExpectedFinal = { "JillDarby|1|3", "JoeJones|1|2" };

    /// <summary>Flagged rows in the whole input, by the stateless part of the pipeline.</summary>
    public const int FlaggedRows = 7;

    /// <summary>The stateless part: JSON parsed, flagged rows kept, the id added.</summary>
    public static DataFrame Flagged(DataFrame values) =>
        values.Select(FromJson(Col("value"), Schema).Alias("data")).Select(Col("data.*"))
            .Where(Col("flag") == 1)
            .WithColumn("id", Concat(Col("name"), Col("surname")));

    /// <summary>The stateful part: flagged rows counted per id, ids with more than one reported.</summary>
    public static DataFrame Report(DataFrame flagged) =>
        flagged.GroupBy("id").Count()
            .Where(Col("count") > 1)
            .WithColumn("fraud", Lit(1))
            .Select(Col("id"), Col("fraud"), Col("count").Alias("nTransactions"));

    /// <summary>Rows as "v1|v2|..." strings with invariant numbers, sorted ordinally.</summary>
    public static string[] Format(IEnumerable<object?[]> rows) =>
        rows.Select(r => string.Join("|", r.Select(v => v switch
        {
            null => "null",
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => v.ToString(),
        }))).OrderBy(s => s, StringComparer.Ordinal).ToArray();
}
