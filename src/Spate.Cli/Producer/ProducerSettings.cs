namespace Spate.Cli.Producer;

/// <summary>The validated options of one <c>spate produce</c> run.</summary>
/// <param name="Hostname">Address or host name to listen on (socket target).</param>
/// <param name="Port">TCP port (socket target); 0 picks a free one.</param>
/// <param name="RecordsPerSecond">Pace; null means as fast as possible.</param>
/// <param name="Count">Records to produce before stopping; null means until stopped.</param>
/// <param name="Seed">PRNG seed.</param>
/// <param name="FraudRatio">Probability of <c>flag = 1</c>.</param>
/// <param name="Users">Distinct users.</param>
/// <param name="MalformedRatio">Probability of a broken line.</param>
/// <param name="Target">Where records go.</param>
/// <param name="RecordsPerFile">Records per file (file target).</param>
internal sealed record ProducerSettings(
    string Hostname,
    int Port,
    double? RecordsPerSecond,
    long? Count,
    long Seed,
    double FraudRatio,
    int Users,
    double MalformedRatio,
    ProduceTarget Target,
    int RecordsPerFile);
