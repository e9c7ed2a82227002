using Xunit.Abstractions;

namespace Spate.Recovery.Tests;

/// <summary>SIGKILL at random instants of the stateful query (see <see cref="RandomKillScenario"/>).</summary>
public class AggregateRandomKillTests
{
    private readonly ITestOutputHelper _output;
    public AggregateRandomKillTests(ITestOutputHelper output) { _output = output; }

    [Fact]
    public void Aggregate_KilledAtRandomInstants_RecoversExactlyOnce() =>
        RandomKillScenario.Run(ChildMode.Aggregate, RandomKillScenario.Seed(20240611), _output);
}

/// <summary>SIGKILL at random instants of the stateless query that writes every input row.</summary>
public class RawRandomKillTests
{
    private readonly ITestOutputHelper _output;
    public RawRandomKillTests(ITestOutputHelper output) { _output = output; }

    [Fact]
    public void Raw_KilledAtRandomInstants_RecoversExactlyOnce() =>
        RandomKillScenario.Run(ChildMode.Raw, RandomKillScenario.Seed(7), _output);
}
