using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spate.Bench.Data;

namespace Spate.Bench.Peers;

/// <summary>One lecture transaction, for <see cref="JsonSerializer"/>.</summary>
internal sealed class Transaction
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("surname")] public string? Surname { get; set; }
    [JsonPropertyName("amount")] public double Amount { get; set; }
    [JsonPropertyName("delta_t")] public double DeltaT { get; set; }
    [JsonPropertyName("flag")] public int Flag { get; set; }
}

[JsonSerializable(typeof(Transaction))]
internal sealed partial class TransactionJsonContext : JsonSerializerContext;

/// <summary>What an expert writes by hand: the file's bytes, a <see cref="Utf8JsonReader"/> per line, and a
/// <c>Dictionary&lt;string, long&gt;</c> (a string key only for flagged rows).</summary>
internal sealed class Utf8ReaderEngine : IFraudEngine
{
    public string Name => "C# Utf8JsonReader loop";
    public int Threads => 1;

    public FraudAnswer Run(Dataset data)
    {
        var counts = new Dictionary<string, long>();
        foreach (var file in data.Files)
        {
            var bytes = File.ReadAllBytes(file);
            var span = bytes.AsSpan();
            while (span.Length > 0)
            {
                int nl = span.IndexOf((byte)'\n');
                var line = nl < 0 ? span : span[..nl];
                span = nl < 0 ? default : span[(nl + 1)..];
                if (line.IsEmpty) continue;
                Line(line, counts);
            }
        }
        return Answer(counts);
    }

    private static void Line(ReadOnlySpan<byte> line, Dictionary<string, long> counts)
    {
        var reader = new Utf8JsonReader(line);
        ReadOnlySpan<byte> name = default, surname = default;
        int flag = 0;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName) continue;
            if (reader.ValueTextEquals("name"u8)) { reader.Read(); name = reader.ValueSpan; }
            else if (reader.ValueTextEquals("surname"u8)) { reader.Read(); surname = reader.ValueSpan; }
            else if (reader.ValueTextEquals("flag"u8)) { reader.Read(); flag = reader.GetInt32(); }
            else reader.Skip();
        }
        if (flag != 1) return;
        Span<char> key = stackalloc char[name.Length + surname.Length];
        int n = Encoding.UTF8.GetChars(name, key);
        n += Encoding.UTF8.GetChars(surname, key[n..]);
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        CollectionsMarshal.GetValueRefOrAddDefault(lookup, key[..n], out _)++;
    }

    internal static FraudAnswer Answer(IEnumerable<KeyValuePair<string, long>> counts)
    {
        long rows = 0, sum = 0;
        foreach (var (_, c) in counts) if (c > 1) { rows++; sum += c; }
        return new FraudAnswer(rows, sum);
    }

    public void Dispose() { }
}

/// <summary>What most .NET code does: <c>File.ReadLines</c>, <c>JsonSerializer.Deserialize</c> per line (source
/// generated), <c>name + surname</c>, a dictionary.</summary>
internal sealed class DeserializeEngine : IFraudEngine
{
    public string Name => "C# JsonSerializer per line";
    public int Threads => 1;

    public FraudAnswer Run(Dataset data)
    {
        var counts = new Dictionary<string, long>();
        foreach (var file in data.Files)
            foreach (var line in File.ReadLines(file))
            {
                var t = JsonSerializer.Deserialize(line, TransactionJsonContext.Default.Transaction)!;
                if (t.Flag != 1) continue;
                CollectionsMarshal.GetValueRefOrAddDefault(counts, t.Name + t.Surname, out _)++;
            }
        return Utf8ReaderEngine.Answer(counts);
    }

    public void Dispose() { }
}
