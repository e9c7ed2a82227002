using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary>A constant value of a known type. <see cref="Value"/> is the external (.NET) value.</summary>
internal sealed class Literal : LeafExpression
{
    public Literal(object? value, DataType dataType)
    {
        Value = value;
        DataType = dataType;
    }

    public static readonly Literal Null = new(null, NullType.Instance);
    public static readonly Literal True = new(true, BooleanType.Instance);
    public static readonly Literal False = new(false, BooleanType.Instance);

    /// <summary>A literal for a .NET value, typed as Spark's <c>lit</c> does.</summary>
    public static Literal Create(object? value) => value switch
    {
        null => Null,
        Literal l => l,
        string s => new(s, StringType.Instance),
        int i => new(i, IntegerType.Instance),
        long l => new(l, LongType.Instance),
        double d => new(d, DoubleType.Instance),
        float f => new(f, FloatType.Instance),
        bool b => b ? True : False,
        short s => new(s, ShortType.Instance),
        sbyte b => new(b, ByteType.Instance),
        byte b => new((sbyte)b, ByteType.Instance),
        decimal m => new(m, DecimalOf(m)),
        DateTime dt => new(dt, TimestampType.Instance),
        DateTimeOffset dto => new(dto.UtcDateTime, TimestampType.Instance),
        DateOnly d => new(d, DateType.Instance),
        byte[] bytes => new(bytes, BinaryType.Instance),
        _ => throw new ArgumentException($"[UNSUPPORTED_FEATURE.LITERAL_TYPE] The feature is not supported: Literal for '{value}' of {value.GetType().FullName}."),
    };

    private static DecimalType DecimalOf(decimal m)
    {
        int scale = (int)((decimal.GetBits(m)[3] >> 16) & 0xFF);
        string digits = decimal.Truncate(Math.Abs(m)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        int intDigits = digits == "0" ? 0 : digits.Length;
        return new DecimalType(Math.Max(1, Math.Min(38, intDigits + scale)), scale);
    }

    public object? Value { get; }
    public override DataType DataType { get; }
    public override bool Nullable => Value == null;
    public override bool Foldable => true;

    public override ColumnVector Evaluate(ColumnBatch batch) => ColumnVector.Constant(DataType, Value, batch.RowCount);

    public override string Sql => Value switch
    {
        null => "NULL",
        string s => s,
        _ => ValueConverter.ToDisplayString(Value),
    };

    /// <summary>The literal as SQL source (strings quoted), used by <c>Explain</c>.</summary>
    public string SqlSource => Value is string s ? "'" + s.Replace("'", "\\'") + "'" : Sql;

    protected override bool NodeEquals(Expression other)
    {
        var o = (Literal)other;
        return o.DataType.Equals(DataType) && ValueEquality.AreEqual(o.Value, Value);
    }
}
