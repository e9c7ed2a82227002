using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary>
/// <c>timestampadd(unit, quantity, timestamp)</c>: the timestamp moved by an integral number of units (a fixed number
/// of microseconds per unit; days are 24 hours, as in UTC). Null in, null out. Stream-stream joins read conditions
/// built from it as event-time ranges.
/// </summary>
internal sealed class TimestampAddExpression : Expression
{
    public TimestampAddExpression(string unit, Expression quantity, Expression timestamp)
    {
        Unit = unit.Trim().ToUpperInvariant();
        Quantity = quantity;
        Timestamp = timestamp;
        UnitMicros = Unit switch
        {
            "MICROSECOND" => 1,
            "MILLISECOND" => 1000,
            "SECOND" => 1_000_000,
            "MINUTE" => 60_000_000,
            "HOUR" => 3_600_000_000,
            "DAY" => 86_400_000_000,
            "WEEK" => 604_800_000_000,
            _ => throw new AnalysisException($"[INVALID_PARAMETER_VALUE.DATETIME_UNIT] The value of parameter(s) `unit` in `timestampadd` is invalid: expects one of the units without quotes YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFYEAR, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND, but got the string literal '{unit}'. (Spate supports the fixed-length units MICROSECOND to WEEK.)"),
        };
        if (quantity.Resolved && quantity.DataType is not (IntegerType or LongType or ShortType or ByteType or NullType))
            throw new AnalysisException($"[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{Sql}\" due to data type mismatch: the second parameter requires an integral type, however \"{quantity.Sql}\" has the type \"{quantity.DataType.Sql}\".");
        if (timestamp.Resolved && timestamp.DataType is not (TimestampType or DateType or NullType))
            throw new AnalysisException($"[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{Sql}\" due to data type mismatch: the third parameter requires the \"TIMESTAMP\" type, however \"{timestamp.Sql}\" has the type \"{timestamp.DataType.Sql}\".");
    }

    public string Unit { get; }
    public long UnitMicros { get; }
    public Expression Quantity { get; }
    public Expression Timestamp { get; }

    public override IReadOnlyList<Expression> Children => new[] { Quantity, Timestamp };
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => new TimestampAddExpression(Unit, children[0], children[1]);
    public override DataType DataType => TimestampType.Instance;
    public override bool Nullable => Quantity.Nullable || Timestamp.Nullable;
    protected override bool NodeEquals(Expression other) => other is TimestampAddExpression t && t.Unit == Unit;
    public override string Sql => $"timestampadd({Unit}, {Quantity.Sql}, {Timestamp.Sql})";

    /// <summary>The shift in microseconds when the quantity is a constant (null otherwise).</summary>
    public long? ConstantShiftMicros =>
        Quantity is Literal { Value: not null } l ? Convert.ToInt64(l.Value, System.Globalization.CultureInfo.InvariantCulture) * UnitMicros : null;

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        int n = batch.RowCount;
        var ts = TimeWindow.ToMicros(Timestamp.Evaluate(batch), n);
        var q = Quantity.Evaluate(batch);
        var r = new PrimitiveVector<long>(TimestampType.Instance, n);
        for (int i = 0; i < n; i++)
        {
            if (ts.IsNull(i) || q.IsNull(i)) { r.AppendNull(); continue; }
            long k = q switch
            {
                PrimitiveVector<int> iv => iv.Values[i],
                PrimitiveVector<long> lv => lv.Values[i],
                _ => Convert.ToInt64(q.GetValue(i), System.Globalization.CultureInfo.InvariantCulture),
            };
            r.Append(ts.Values[i] + k * UnitMicros);
        }
        return r;
    }
}
