using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;
using Spate.Streaming;

namespace Spate.Expressions;

/// <summary>
/// <c>session_window(timeColumn, gapDuration)</c>: the session a row opens, <c>[time, time + gap)</c>, as
/// <c>struct&lt;start: timestamp, end: timestamp&gt;</c>. The gap is a constant interval string or a per-row string
/// column. In a GroupBy the analyzer turns it into a column named <c>session_window</c> and the planner merges the
/// sessions of one key that overlap (a row whose start is at or before a session's end extends it), as Spark does.
/// Rows with a null time, or a null, unparsable, zero or negative gap, belong to no session.
/// </summary>
internal sealed class SessionWindow : Expression
{
    private readonly long? _staticGapMicros;

    public SessionWindow(Expression timeColumn, Expression gap)
    {
        TimeColumn = timeColumn;
        Gap = gap;
        if (gap is Literal { Value: string s })
        {
            // A constant gap is checked once, at analysis, with a clear message.
            try { _staticGapMicros = IntervalParser.ParseMillis(s) * 1000; }
            catch (ArgumentException e) { throw new AnalysisException(e.Message); }
        }
        else if (gap.Resolved && gap.DataType is not StringType and not NullType)
        {
            throw new AnalysisException($"[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"session_window({timeColumn.Sql}, {gap.Sql})\" due to data type mismatch: the gap duration requires an interval string, however \"{gap.Sql}\" has the type \"{gap.DataType.Sql}\".");
        }
    }

    public Expression TimeColumn { get; }
    public Expression Gap { get; }

    public override IReadOnlyList<Expression> Children => new[] { TimeColumn, Gap };
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => new SessionWindow(children[0], children[1]);
    public override DataType DataType => TimeWindow.WindowType;
    public override bool Nullable => true;
    public override bool Foldable => false;
    // Spark names the grouping column "session_window".
    public override string Sql => "session_window";

    /// <summary>Session starts and ends per row; a row with no session has <c>end &lt;= start</c> marked invalid in <paramref name="valid"/>.</summary>
    internal void Sessions(ColumnBatch batch, out PrimitiveVector<long> times, out long[] ends, out bool[] valid)
    {
        int n = batch.RowCount;
        times = TimeWindow.ToMicros(TimeColumn.Evaluate(batch), n);
        ends = new long[n];
        valid = new bool[n];
        var gaps = _staticGapMicros == null ? Gap.Evaluate(batch) : null;
        var parsed = new Dictionary<string, long?>();
        for (int i = 0; i < n; i++)
        {
            if (times.IsNull(i)) continue;
            long? gap = _staticGapMicros;
            if (gaps != null)
            {
                if (gaps.IsNull(i)) continue;
                var text = ((StringVector)gaps).GetString(i);
                if (!parsed.TryGetValue(text, out gap))
                {
                    try { gap = IntervalParser.ParseMillis(text) * 1000; }
                    catch (ArgumentException) { gap = null; } // Spark's cast of a bad interval string gives null
                    parsed[text] = gap;
                }
            }
            if (gap is not > 0) continue;
            ends[i] = times.Values[i] + gap.Value;
            valid[i] = true;
        }
    }

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        Sessions(batch, out var times, out var ends, out var valid);
        var result = new StructVector(TimeWindow.WindowType, batch.RowCount);
        var starts = (PrimitiveVector<long>)result.Children[0];
        var endVec = (PrimitiveVector<long>)result.Children[1];
        for (int i = 0; i < batch.RowCount; i++)
        {
            if (!valid[i]) { result.AppendNull(); continue; }
            starts.Append(times.Values[i]);
            endVec.Append(ends[i]);
            result.EndRow();
        }
        return result;
    }
}

/// <summary>Gives each row its own session <c>[time, time + gap)</c> and drops rows that have none (the rewrite of a
/// GroupBy on <c>session_window</c>; the planner merges overlapping sessions afterwards).</summary>
internal sealed class SessionWindowGenerator : Generator
{
    public SessionWindowGenerator(SessionWindow window) { Window = window; }

    public SessionWindow Window { get; }
    public override IReadOnlyList<Expression> Children => new Expression[] { Window };
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => new SessionWindowGenerator((SessionWindow)children[0]);
    public override StructType ElementSchema => new(new[] { new StructField("session_window", TimeWindow.WindowType, false) });
    public override string Sql => Window.Sql;

    public override ColumnVector[] Generate(ColumnBatch batch, List<int> sourceRows, bool outer)
    {
        Window.Sessions(batch, out var times, out var ends, out var valid);
        var result = new StructVector(TimeWindow.WindowType, batch.RowCount);
        var starts = (PrimitiveVector<long>)result.Children[0];
        var endVec = (PrimitiveVector<long>)result.Children[1];
        for (int i = 0; i < batch.RowCount; i++)
        {
            if (!valid[i]) continue;
            sourceRows.Add(i);
            starts.Append(times.Values[i]);
            endVec.Append(ends[i]);
            result.EndRow();
        }
        return new ColumnVector[] { result };
    }
}
