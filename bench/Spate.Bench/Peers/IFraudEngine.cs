using Spate.Bench.Data;

namespace Spate.Bench.Peers;

/// <summary>One way to run the fraud query over a dataset's files, bytes to final aggregate.</summary>
internal interface IFraudEngine : IDisposable
{
    /// <summary>Engine label for the tables.</summary>
    string Name { get; }

    /// <summary>Threads it may use (records/s per core divides by this).</summary>
    int Threads { get; }

    /// <summary>Runs the query once and returns its answer (suspicious users, sum of their counts).</summary>
    FraudAnswer Run(Dataset data);
}
