using Spate.Sql;
using Spate.Sql.Streaming;

namespace Spate.Connectors.Tests.Sinks;

/// <summary>One sink kind of the matrix: starts the query into the sink and checks what arrived there.</summary>
public interface ISinkAdapter : IDisposable
{
    /// <summary>True for sinks that only take appended rows (the file sink): they get the pipeline's stateless part.</summary>
    bool AppendOnly { get; }

    /// <summary>Starts <paramref name="df"/> into the sink, named and checkpointed per case.</summary>
    StreamingQuery Start(DataFrame df, CaseNames names);

    /// <summary>Asserts the sink's content after the query has stopped.</summary>
    void Verify();
}
