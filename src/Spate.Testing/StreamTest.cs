using System.Text;
using Spate.Sql;
using Spate.Sql.Streaming;

namespace Spate.Testing;

/// <summary>
/// Spark's <c>testStream</c>: runs a streaming DataFrame into a memory sink and checks it step by step.
/// <code>
/// StreamTest.TestStream(counts, OutputMode.Update,
///     AddData(input, "a", "b"), CheckLastBatch(Row("a", 1L), Row("b", 1L)),
///     StopStream(), StartStream(),
///     AddData(input, "a"), CheckLastBatch(Row("a", 2L)));
/// </code>
/// The stream starts before the first action unless the first action is <c>StartStream</c>. Checks wait until every
/// row added has been processed (they wait on committed offsets, never on sleeps). On failure a
/// <see cref="StreamTestFailure"/> carries Spark's report: the actions with <c>=&gt;</c> at the failing one, the
/// stream's state, the sink's rows per batch and the plan.
/// </summary>
public static class StreamTest
{
    /// <summary>Runs <paramref name="actions"/> against <paramref name="df"/> written in <paramref name="outputMode"/>.</summary>
    public static void TestStream(DataFrame df, OutputMode outputMode, params StreamAction[] actions)
    {
        using var runner = new StreamTestRunner(df, outputMode);
        var list = actions.ToList();
        if (list.Count == 0 || list[0] is not StartStreamAction) list.Insert(0, new StartStreamAction(null, null, null));
        for (int i = 0; i < list.Count; i++)
        {
            try
            {
                list[i].Run(runner);
            }
            catch (Exception e)
            {
                throw new StreamTestFailure(runner.Report(list, i, e), e);
            }
        }
        // Spark's testStream ends by stopping the query; an unexpected failure must not go unnoticed.
        var error = runner.Query?.Exception();
        if (error != null && list[^1] is not ExpectFailureAction)
            throw new StreamTestFailure(runner.Report(list, list.Count, error), error);
    }
}

/// <summary>A stream test failed: the message is the full report.</summary>
public sealed class StreamTestFailure : Exception
{
    public StreamTestFailure(string report, Exception cause) : base(report, cause) { }
}

/// <summary>A check inside a stream test did not hold.</summary>
public sealed class StreamTestAssertion : Exception
{
    public StreamTestAssertion(string message) : base(message) { }
}

/// <summary>The state of one stream test: the query, its memory sink and checkpoint.</summary>
internal sealed class StreamTestRunner : IDisposable
{
    private readonly DataFrame _df;
    private readonly OutputMode _mode;
    private readonly string _name = "stream_test_" + Guid.NewGuid().ToString("N");
    private readonly string _checkpoint = Path.Combine(Path.GetTempPath(), "spate-streamtest-" + Guid.NewGuid().ToString("N"));
    private StreamingQuery? _query;
    private Spate.Sinks.MemorySink? _sink;

    public StreamTestRunner(DataFrame df, OutputMode mode)
    {
        _df = df;
        _mode = mode;
    }

    public StreamingQuery Query => _query ?? throw new StreamTestAssertion("The stream is not running: add StartStream().");
    public ManualClock? Clock { get; private set; }
    public bool DataAdded { get; set; }
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public void Start(Trigger? trigger, ManualClock? clock, string? checkpoint)
    {
        if (_query is { } running && running.IsActive()) throw new StreamTestAssertion("StartStream: the stream is already running.");
        Clock = clock;
        var writer = _df.WriteStream().OutputMode(_mode).Format("memory").QueryName(_name).Option("checkpointLocation", checkpoint ?? _checkpoint);
        if (trigger != null) writer.Trigger(trigger);
        if (clock != null) writer.TimeProvider(clock);
        _query = writer.Start();
        _sink = (Spate.Sinks.MemorySink)_query.Execution.Sink;
    }

    // Batches of earlier runs: like Spark's StreamTest, the sink's content survives restarts.
    private readonly List<(long BatchId, List<Row> Rows)> _history = new();

    private List<(long BatchId, List<Row> Rows)> Batches()
    {
        var all = new List<(long, List<Row>)>(_history);
        long last = _history.Count == 0 ? -1 : _history[^1].BatchId;
        foreach (var b in _sink?.AllBatches() ?? new List<(long, List<Row>)>())
            if (b.BatchId > last) all.Add(b);
        return all;
    }

    public void Stop()
    {
        var q = Query;
        q.Stop();
        var batches = Batches();
        _history.Clear();
        _history.AddRange(batches);
        _sink = null;
        if (q.IsActive()) throw new StreamTestAssertion("StopStream: the query is still active after Stop().");
    }

    /// <summary>Waits until every offset added so far is committed; fails with the query's error if it died.</summary>
    public void WaitForProcessing()
    {
        var q = Query;
        var task = Task.Run(q.ProcessAllAvailable);
        if (!task.Wait(Timeout)) throw new StreamTestAssertion($"Timed out after {Timeout.TotalSeconds} s waiting for the stream to process its data.");
        if (q.Exception() is { } e) throw new StreamTestAssertion($"The query failed: {e.InnerException?.Message ?? e.Message}");
    }

    public Exception? AwaitFailure()
    {
        var q = Query;
        try { q.AwaitTermination((long)Timeout.TotalMilliseconds); }
        catch (StreamingQueryException e) { return e; }
        return q.Exception();
    }

    public List<Row> AllRows()
    {
        var batches = Batches();
        return _mode == OutputMode.Complete ? (batches.Count == 0 ? new List<Row>() : batches[^1].Rows) : batches.SelectMany(b => b.Rows).ToList();
    }

    /// <summary>The rows of the last batch that read new data or wrote rows: batches run only because the watermark
    /// moved (Spark's no-data batches) and wrote nothing are passed over.</summary>
    public List<Row> LastBatchRows()
    {
        var batches = Batches();
        var noData = NoDataBatchIds();
        for (int i = batches.Count - 1; i >= 0; i--)
            if (batches[i].Rows.Count > 0 || !noData.Contains(batches[i].BatchId)) return batches[i].Rows;
        return new List<Row>();
    }

    private readonly HashSet<long> _noDataBatches = new();

    private HashSet<long> NoDataBatchIds()
    {
        foreach (var p in _query?.RecentProgress ?? Array.Empty<StreamingQueryProgress>())
            if (p.Sources.All(s => s.StartOffset == s.EndOffset)) _noDataBatches.Add(p.BatchId);
        return _noDataBatches;
    }

    private int _checkedRows;

    /// <summary>Rows added to the sink since the previous call (append and update modes).</summary>
    public List<Row> NewRows()
    {
        var all = AllRows();
        var fresh = all.Skip(Math.Min(_checkedRows, all.Count)).ToList();
        _checkedRows = all.Count;
        return fresh;
    }

    public string Report(IReadOnlyList<StreamAction> actions, int failedAt, Exception error)
    {
        var sb = new StringBuilder();
        sb.Append("\n== Results ==\n").Append(error.Message).Append("\n\n== Progress ==\n");
        for (int i = 0; i < actions.Count; i++) sb.Append(i == failedAt ? "=> " : "   ").Append(actions[i]).Append('\n');
        sb.Append("\n== Stream ==\n");
        sb.Append("Output Mode: ").Append(_mode.Name()).Append('\n');
        if (_query != null)
        {
            sb.Append("Stream state: ").Append(_query.IsActive() ? "active" : "stopped").Append(", last batch ")
              .Append(_query.LastProgress?.BatchId.ToString() ?? "none").Append(", offsets ")
              .Append(string.Join(", ", _query.LastProgress?.Sources.Select(s => $"{s.Description}: {s.EndOffset}") ?? Array.Empty<string>())).Append('\n');
            if (_query.Exception() is { } qe) sb.Append("Error: ").Append(qe.InnerException?.ToString() ?? qe.ToString()).Append('\n');
        }
        sb.Append("\n== Sink ==\n");
        foreach (var (batchId, rows) in Batches())
            sb.Append(batchId).Append(": ").Append(string.Join(" ", rows.Select(r => r.ToString()))).Append('\n');
        sb.Append("\n== Plan ==\n").Append(_df.Plan.TreeString());
        return sb.ToString();
    }

    public void Dispose()
    {
        try { _query?.Stop(); } catch (Exception) { }
        try { if (Directory.Exists(_checkpoint)) Directory.Delete(_checkpoint, true); } catch (IOException) { }
    }
}

/// <summary>Compares expected and actual rows, with numbers equal across types (1 equals 1L), and explains differences.</summary>
internal static class RowComparison
{
    public static string? Compare(IReadOnlyList<Row> expected, IReadOnlyList<Row> actual, bool ordered)
    {
        var e = expected.Select(Normalize).ToList();
        var a = actual.Select(Normalize).ToList();
        if (!ordered)
        {
            e.Sort(StringComparer.Ordinal);
            a.Sort(StringComparer.Ordinal);
        }
        if (e.SequenceEqual(a)) return null;
        var sb = new StringBuilder($"Results do not match ({(ordered ? "ordered" : "any order")}): expected {e.Count} rows, got {a.Count}.\n");
        sb.Append("== Expected ==\n").Append(string.Join("\n", e)).Append("\n== Actual ==\n").Append(string.Join("\n", a)).Append('\n');
        var missing = e.Except(a).ToList();
        var extra = a.Except(e).ToList();
        if (missing.Count > 0) sb.Append("Missing: ").Append(string.Join(" ", missing)).Append('\n');
        if (extra.Count > 0) sb.Append("Unexpected: ").Append(string.Join(" ", extra)).Append('\n');
        return sb.ToString();
    }

    private static string Normalize(Row r) => "[" + string.Join(",", r.Values.Select(NormalizeValue)) + "]";

    private static string NormalizeValue(object? v) => v switch
    {
        null => "null",
        int or long or short or sbyte or byte => Convert.ToInt64(v).ToString(System.Globalization.CultureInfo.InvariantCulture),
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        decimal m => m.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Row r => Normalize(r),
        object?[] a => "[" + string.Join(",", a.Select(NormalizeValue)) + "]",
        _ => v.ToString() ?? "",
    };
}
