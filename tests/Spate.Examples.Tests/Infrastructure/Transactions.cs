using System.Text.Json;

namespace Spate.Examples.Tests.Infrastructure;

/// <summary>What the examples should print for the producer's lines, worked out independently of the engine.</summary>
public static class Transactions
{
    /// <summary>The five fields of a line, as the JSON text spells them (Java's and Python's doubles agree here).</summary>
    public static string[] Fields(string line)
    {
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        return
        [
            root.GetProperty("name").GetString()!,
            root.GetProperty("surname").GetString()!,
            root.GetProperty("amount").GetRawText(),
            root.GetProperty("delta_t").GetRawText(),
            root.GetProperty("flag").GetRawText(),
        ];
    }

    /// <summary>The lecture's fraud table over all <paramref name="lines"/>: id → flagged transactions, for counts above 1.</summary>
    public static IReadOnlyDictionary<string, long> SuspiciousUsers(IEnumerable<string> lines) =>
        lines.Select(Fields)
            .Where(f => f[4] == "1")
            .GroupBy(f => f[0] + f[1])
            .Where(g => g.Count() > 1)
            .ToDictionary(g => g.Key, g => (long)g.Count());
}
