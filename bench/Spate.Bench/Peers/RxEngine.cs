using System.Reactive.Linq;
using System.Text.Json;
using Spate.Bench.Data;

namespace Spate.Bench.Peers;

/// <summary>Rx.NET: an observable over the lines, Select (deserialize) → Where → GroupBy → Count per group.</summary>
internal sealed class RxEngine : IFraudEngine
{
    public string Name => "Rx.NET GroupBy/Count";
    public int Threads => 1;

    public FraudAnswer Run(Dataset data)
    {
        var results = data.Files.ToObservable()
            .SelectMany(f => File.ReadLines(f).ToObservable())
            .Select(line => JsonSerializer.Deserialize(line, TransactionJsonContext.Default.Transaction)!)
            .Where(t => t.Flag == 1)
            .GroupBy(t => t.Name + t.Surname)
            .SelectMany(g => g.LongCount().Select(c => (g.Key, Count: c)))
            .Where(x => x.Count > 1)
            .ToList()
            .Wait();
        return new FraudAnswer(results.Count, results.Sum(r => r.Count));
    }

    public void Dispose() { }
}
