using Spate.Sql;
using Spate.Sql.Streaming;

namespace Spate.Connectors.Tests.Sources;

/// <summary>One source kind of the matrix: a stream of JSON lines in a string <c>value</c> column, fed burst by burst.</summary>
public interface ISourceAdapter : IDisposable
{
    /// <summary>The streaming DataFrame with one string column <c>value</c>, one row per line.</summary>
    DataFrame Open();

    /// <summary>Delivers one burst of lines to the source (after the query has started).</summary>
    void Send(IReadOnlyList<string> lines);

    /// <summary>Returns once the query has committed every line sent so far (<paramref name="linesSent"/> in all).</summary>
    void AwaitProcessed(StreamingQuery query, long linesSent);
}
