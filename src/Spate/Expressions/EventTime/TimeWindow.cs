using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary>
/// <c>window(timeColumn, windowDuration[, slideDuration[, startTime]])</c>: the time window(s) a row falls in, as
/// <c>struct&lt;start: timestamp, end: timestamp&gt;</c>. Evaluated directly it gives the one window of a tumbling
/// window; in a GroupBy the analyzer expands each row into every (sliding) window containing it.
/// Windows start at multiples of the slide after <c>startTime</c>, measured from the epoch, as in Spark.
/// </summary>
internal sealed class TimeWindow : Expression
{
    public TimeWindow(Expression timeColumn, long windowMicros, long slideMicros, long startMicros)
    {
        TimeColumn = timeColumn;
        WindowMicros = windowMicros;
        SlideMicros = slideMicros;
        StartMicros = startMicros;
        if (windowMicros <= 0) throw new AnalysisException($"[INVALID_PARAMETER_VALUE] The window duration ({windowMicros} us) must be greater than 0.");
        if (slideMicros <= 0) throw new AnalysisException($"[INVALID_PARAMETER_VALUE] The slide duration ({slideMicros} us) must be greater than 0.");
        if (slideMicros > windowMicros) throw new AnalysisException($"[INVALID_PARAMETER_VALUE] The slide duration ({slideMicros} us) must be less than or equal to the windowDuration ({windowMicros} us).");
        if (Math.Abs(startMicros) >= slideMicros) throw new AnalysisException($"[INVALID_PARAMETER_VALUE] The absolute value of start time ({startMicros} us) must be less than the slideDuration ({slideMicros} us).");
    }

    public static readonly StructType WindowType = new(new[]
    {
        new StructField("start", TimestampType.Instance), new StructField("end", TimestampType.Instance),
    });

    public Expression TimeColumn { get; }
    public long WindowMicros { get; }
    public long SlideMicros { get; }
    public long StartMicros { get; }
    public bool IsTumbling => WindowMicros == SlideMicros;

    public override IReadOnlyList<Expression> Children => new[] { TimeColumn };
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => new TimeWindow(children[0], WindowMicros, SlideMicros, StartMicros);
    public override DataType DataType => WindowType;
    public override bool Nullable => TimeColumn.Nullable;
    public override bool Foldable => false;
    protected override bool NodeEquals(Expression other) =>
        other is TimeWindow w && w.WindowMicros == WindowMicros && w.SlideMicros == SlideMicros && w.StartMicros == StartMicros;
    // Spark names the grouping column "window".
    public override string Sql => "window";

    /// <summary>The last window start at or before <paramref name="ts"/>.</summary>
    public long LastStart(long ts)
    {
        long mod = (ts - StartMicros) % SlideMicros;
        if (mod < 0) mod += SlideMicros;
        return ts - mod;
    }

    /// <summary>How many windows overlap one instant.</summary>
    public int MaxWindows => (int)((WindowMicros + SlideMicros - 1) / SlideMicros);

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        var ts = ToMicros(TimeColumn.Evaluate(batch), batch.RowCount);
        var result = new StructVector(WindowType, batch.RowCount);
        var starts = (PrimitiveVector<long>)result.Children[0];
        var ends = (PrimitiveVector<long>)result.Children[1];
        for (int i = 0; i < batch.RowCount; i++)
        {
            if (ts.IsNull(i)) { result.AppendNull(); continue; }
            // The earliest window that contains the row (for tumbling windows, the only one).
            long start = LastStart(ts.Values[i]);
            while (start - SlideMicros + WindowMicros > ts.Values[i]) start -= SlideMicros;
            starts.Append(start);
            ends.Append(start + WindowMicros);
            result.EndRow();
        }
        return result;
    }

    /// <summary>Timestamps as micros (dates as midnight UTC of the day).</summary>
    public static PrimitiveVector<long> ToMicros(ColumnVector v, int n)
    {
        if (v is PrimitiveVector<long> l && v.Type is TimestampType) return l;
        var r = new PrimitiveVector<long>(TimestampType.Instance, n);
        for (int i = 0; i < n; i++)
        {
            if (v.IsNull(i)) { r.AppendNull(); continue; }
            r.Append(v is PrimitiveVector<int> d ? d.Values[i] * DateTimeUtil.MicrosPerDay : Convert.ToInt64(v.GetValue(i)));
        }
        return r;
    }
}

/// <summary>Expands each row into every window containing its event time (the sliding-window expansion Spark does).</summary>
internal sealed class WindowGenerator : Generator
{
    public WindowGenerator(TimeWindow window) { Window = window; }

    public TimeWindow Window { get; }
    public override IReadOnlyList<Expression> Children => new Expression[] { Window };
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => new WindowGenerator((TimeWindow)children[0]);
    public override StructType ElementSchema => new(new[] { new StructField("window", TimeWindow.WindowType, false) });
    public override string Sql => Window.Sql;

    public override ColumnVector[] Generate(ColumnBatch batch, List<int> sourceRows, bool outer)
    {
        var ts = TimeWindow.ToMicros(Window.TimeColumn.Evaluate(batch), batch.RowCount);
        var result = new StructVector(TimeWindow.WindowType, batch.RowCount * Window.MaxWindows);
        var starts = (PrimitiveVector<long>)result.Children[0];
        var ends = (PrimitiveVector<long>)result.Children[1];
        for (int i = 0; i < batch.RowCount; i++)
        {
            if (ts.IsNull(i)) continue; // Spark drops rows with a null event time from windowed aggregations
            long t = ts.Values[i];
            long last = Window.LastStart(t);
            // Earliest first, as Spark orders the expanded windows.
            for (int k = Window.MaxWindows - 1; k >= 0; k--)
            {
                long start = last - k * Window.SlideMicros;
                if (start <= t && t < start + Window.WindowMicros)
                {
                    sourceRows.Add(i);
                    starts.Append(start);
                    ends.Append(start + Window.WindowMicros);
                    result.EndRow();
                }
            }
        }
        return new ColumnVector[] { result };
    }
}

/// <summary><c>window_time(window)</c>: the window's end minus one microsecond, a timestamp inside the window.</summary>
internal sealed class WindowTime : UnaryExpression
{
    public WindowTime(Expression child) : base(child) { }
    public override DataType DataType => TimestampType.Instance;
    protected override Expression WithChild(Expression child) => new WindowTime(child);
    public override string Sql => $"window_time({Child.Sql})";

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        if (Child.DataType is not StructType s || s.FieldIndex("end") < 0)
            throw new AnalysisException($"[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] window_time requires a window column (struct<start, end>), got \"{Child.DataType.Sql}\".");
        var w = (StructVector)Child.Evaluate(batch);
        var ends = (PrimitiveVector<long>)w.Children[s.FieldIndex("end")];
        var r = new PrimitiveVector<long>(TimestampType.Instance, batch.RowCount);
        for (int i = 0; i < batch.RowCount; i++)
        {
            if (w.IsNull(i) || ends.IsNull(i)) r.AppendNull(); else r.Append(ends.Values[i] - 1);
        }
        return r;
    }
}
