using Spate.Sql;
using Spate.Sql.Streaming;

namespace Spate.Testing;

/// <summary>One step of a stream test. Build them with the static methods of <see cref="StreamActions"/>.</summary>
public abstract class StreamAction
{
    internal abstract void Run(StreamTestRunner runner);
    public abstract override string ToString();
}

/// <summary>The actions of Spark's StreamTest: <c>using static Spate.Testing.StreamActions;</c>.</summary>
public static class StreamActions
{
    /// <summary>Adds rows to a memory stream (one new offset).</summary>
    public static StreamAction AddData<T>(MemoryStream<T> source, params T[] data) => new AddDataAction<T>(source, data);

    /// <summary>All rows the sink has (the last batch in complete mode) equal <paramref name="expected"/>, in any order.</summary>
    public static StreamAction CheckAnswer(params Row[] expected) => new CheckAnswerAction(expected, lastBatchOnly: false, ordered: false, name: "CheckAnswer");

    /// <summary>Same as <see cref="CheckAnswer"/>: the order of rows is ignored.</summary>
    public static StreamAction CheckAnswerUnordered(params Row[] expected) => new CheckAnswerAction(expected, false, false, "CheckAnswerUnordered");

    /// <summary>All rows the sink has equal <paramref name="expected"/>, in this order.</summary>
    public static StreamAction CheckAnswerInOrder(params Row[] expected) => new CheckAnswerAction(expected, false, true, "CheckAnswerInOrder");

    /// <summary>The rows of the last batch equal <paramref name="expected"/>, in any order.</summary>
    public static StreamAction CheckLastBatch(params Row[] expected) => new CheckAnswerAction(expected, lastBatchOnly: true, ordered: false, name: "CheckLastBatch");

    /// <summary>The rows the sink received since the previous <c>CheckNewAnswer</c>, in any order (Spark's CheckNewAnswer).</summary>
    public static StreamAction CheckNewAnswer(params Row[] expected) => new CheckAnswerAction(expected, lastBatchOnly: false, ordered: false, name: "CheckNewAnswer", newOnly: true);

    /// <summary>Stops the query (its checkpoint is kept, so <see cref="StartStream"/> resumes it).</summary>
    public static StreamAction StopStream() => new StopStreamAction();

    /// <summary>Starts (or restarts) the query on the test's checkpoint.</summary>
    public static StreamAction StartStream(Trigger? trigger = null, ManualClock? clock = null, string? checkpointLocation = null) =>
        new StartStreamAction(trigger, clock, checkpointLocation);

    /// <summary>Moves the manual clock given to <see cref="StartStream"/>.</summary>
    public static StreamAction AdvanceTime(TimeSpan by) => new AdvanceTimeAction(by);

    /// <summary>The query fails with <typeparamref name="TException"/> (as the cause of its StreamingQueryException).</summary>
    public static StreamAction ExpectFailure<TException>(Func<Exception, bool>? check = null) where TException : Exception =>
        new ExpectFailureAction(typeof(TException), check);

    /// <summary>A condition on the running query holds.</summary>
    public static StreamAction AssertOnQuery(Func<StreamingQuery, bool> condition, string message = "") => new AssertOnQueryAction(condition, message);

    /// <summary>Runs code against the running query.</summary>
    public static StreamAction Execute(Action<StreamingQuery> action, string name = "Execute") => new ExecuteAction(action, name);

    /// <summary>Waits until the query has processed everything added so far.</summary>
    public static StreamAction ProcessAllData() => new ExecuteAction(q => q.ProcessAllAvailable(), "ProcessAllData");

    /// <summary>A row of expected values.</summary>
    public static Row Row(params object?[] values) => new GenericRow(values);
}

internal sealed class AddDataAction<T> : StreamAction
{
    private readonly MemoryStream<T> _source;
    private readonly T[] _data;
    public AddDataAction(MemoryStream<T> source, T[] data) { _source = source; _data = data; }
    internal override void Run(StreamTestRunner runner) { _source.AddData(_data); runner.DataAdded = true; }
    public override string ToString() => $"AddData to MemoryStream[{string.Join(",", _source.Schema.FieldNames())}]: {string.Join(",", _data.Select(d => ValueText(d)))}";
    private static string ValueText(object? v) => v switch { null => "null", Row r => r.ToString(), object?[] a => new GenericRow(a).ToString(), _ => v.ToString()! };
}

internal sealed class CheckAnswerAction : StreamAction
{
    private readonly Row[] _expected;
    private readonly bool _lastBatchOnly, _ordered, _newOnly;
    private readonly string _name;

    public CheckAnswerAction(Row[] expected, bool lastBatchOnly, bool ordered, string name, bool newOnly = false)
    {
        _newOnly = newOnly;
        _expected = expected;
        _lastBatchOnly = lastBatchOnly;
        _ordered = ordered;
        _name = name;
    }

    internal override void Run(StreamTestRunner runner)
    {
        runner.WaitForProcessing();
        var actual = _newOnly ? runner.NewRows() : _lastBatchOnly ? runner.LastBatchRows() : runner.AllRows();
        var error = RowComparison.Compare(_expected, actual, _ordered);
        if (error != null) throw new StreamTestAssertion(error);
    }

    public override string ToString() => $"{_name}: {string.Join(",", _expected.Select(r => r.ToString()))}";
}

internal sealed class StopStreamAction : StreamAction
{
    internal override void Run(StreamTestRunner runner) => runner.Stop();
    public override string ToString() => "StopStream";
}

internal sealed class StartStreamAction : StreamAction
{
    private readonly Trigger? _trigger;
    private readonly ManualClock? _clock;
    private readonly string? _checkpoint;
    public StartStreamAction(Trigger? trigger, ManualClock? clock, string? checkpoint) { _trigger = trigger; _clock = clock; _checkpoint = checkpoint; }
    internal override void Run(StreamTestRunner runner) => runner.Start(_trigger, _clock, _checkpoint);
    public override string ToString() => $"StartStream({_trigger?.ToString() ?? "ProcessingTimeTrigger(0)"}{(_clock != null ? ", ManualClock" : "")}{(_checkpoint != null ? ", " + _checkpoint : "")})";
}

internal sealed class AdvanceTimeAction : StreamAction
{
    private readonly TimeSpan _by;
    public AdvanceTimeAction(TimeSpan by) { _by = by; }
    internal override void Run(StreamTestRunner runner)
    {
        (runner.Clock ?? throw new StreamTestAssertion("AdvanceTime needs a ManualClock: StartStream(clock: new ManualClock())")).Advance(_by);
    }
    public override string ToString() => $"AdvanceTime({_by.TotalMilliseconds} ms)";
}

internal sealed class ExpectFailureAction : StreamAction
{
    private readonly Type _type;
    private readonly Func<Exception, bool>? _check;
    public ExpectFailureAction(Type type, Func<Exception, bool>? check) { _type = type; _check = check; }

    internal override void Run(StreamTestRunner runner)
    {
        var failure = runner.AwaitFailure();
        if (failure == null) throw new StreamTestAssertion($"Expected the query to fail with {_type.Name}, but it did not fail.");
        var cause = failure.InnerException ?? failure;
        if (!_type.IsInstanceOfType(cause) && !_type.IsInstanceOfType(failure))
            throw new StreamTestAssertion($"Expected failure of type {_type.Name}, got {cause.GetType().Name}: {cause.Message}");
        if (_check != null && !_check(cause)) throw new StreamTestAssertion($"The failure did not pass the check: {cause.GetType().Name}: {cause.Message}");
    }

    public override string ToString() => $"ExpectFailure[{_type.Name}]";
}

internal sealed class AssertOnQueryAction : StreamAction
{
    private readonly Func<StreamingQuery, bool> _condition;
    private readonly string _message;
    public AssertOnQueryAction(Func<StreamingQuery, bool> condition, string message) { _condition = condition; _message = message; }

    internal override void Run(StreamTestRunner runner)
    {
        runner.WaitForProcessing();
        if (!_condition(runner.Query)) throw new StreamTestAssertion($"Assert on query failed: {_message}");
    }

    public override string ToString() => $"AssertOnQuery({_message})";
}

internal sealed class ExecuteAction : StreamAction
{
    private readonly Action<StreamingQuery> _action;
    private readonly string _name;
    public ExecuteAction(Action<StreamingQuery> action, string name) { _action = action; _name = name; }
    internal override void Run(StreamTestRunner runner) => _action(runner.Query);
    public override string ToString() => _name;
}
