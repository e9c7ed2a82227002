using System.Text;

namespace Spate.Sql.Types;

/// <summary>
/// The base type of all Spark SQL data types. Instances are immutable and compare by value;
/// <see cref="SimpleString"/> is the DDL form (<c>int</c>, <c>struct&lt;a:int&gt;</c>) and
/// <see cref="TypeName"/> the name <c>PrintSchema</c> shows (<c>integer</c>, <c>struct</c>).
/// </summary>
public abstract class DataType : IEquatable<DataType>
{
    /// <summary>The name Spark prints in schemas, e.g. <c>integer</c>, <c>string</c>, <c>decimal(10,2)</c>.</summary>
    public abstract string TypeName { get; }

    /// <summary>The DDL form, e.g. <c>int</c>, <c>bigint</c>, <c>array&lt;string&gt;</c>.</summary>
    public virtual string SimpleString => TypeName;

    /// <summary>The SQL form used in error messages, e.g. <c>"INT"</c>, <c>"STRUCT&lt;a: INT&gt;"</c>.</summary>
    public virtual string Sql => SimpleString.ToUpperInvariant();

    /// <summary>The JSON form Spark writes for this type.</summary>
    public string Json => TypeJson.Write(this);

    /// <summary>Parses Spark's JSON form of a data type.</summary>
    public static DataType FromJson(string json) => TypeJson.Read(json);

    /// <summary>Parses a DDL type string, e.g. <c>"STRUCT&lt;a: INT&gt;"</c> or <c>"name STRING, amount DOUBLE"</c>.</summary>
    public static DataType FromDDL(string ddl) => DdlParser.ParseTypeOrSchema(ddl);

    internal virtual bool IsNumeric => false;
    internal virtual bool IsIntegral => false;

    public virtual bool Equals(DataType? other) => other is not null && other.GetType() == GetType();
    public override bool Equals(object? obj) => obj is DataType d && Equals(d);
    public override int GetHashCode() => GetType().GetHashCode();
    public override string ToString() => GetType().Name;
    public static bool operator ==(DataType? a, DataType? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(DataType? a, DataType? b) => !(a == b);
}

/// <summary>Types whose values have a single-column, fixed representation.</summary>
public abstract class AtomicType : DataType { }

/// <summary>Numeric types.</summary>
public abstract class NumericType : AtomicType
{
    internal override bool IsNumeric => true;
}

/// <summary>Integral numeric types.</summary>
public abstract class IntegralType : NumericType
{
    internal override bool IsIntegral => true;
}

/// <summary>Fractional numeric types.</summary>
public abstract class FractionalType : NumericType { }

/// <summary>The string type: UTF-8 text.</summary>
public sealed class StringType : AtomicType
{
    public override string TypeName => "string";
    internal static readonly StringType Instance = new();
}

/// <summary>A 32-bit signed integer.</summary>
public sealed class IntegerType : IntegralType
{
    public override string TypeName => "integer";
    public override string SimpleString => "int";
    internal static readonly IntegerType Instance = new();
}

/// <summary>A 64-bit signed integer.</summary>
public sealed class LongType : IntegralType
{
    public override string TypeName => "long";
    public override string SimpleString => "bigint";
    internal static readonly LongType Instance = new();
}

/// <summary>A 16-bit signed integer.</summary>
public sealed class ShortType : IntegralType
{
    public override string TypeName => "short";
    public override string SimpleString => "smallint";
    internal static readonly ShortType Instance = new();
}

/// <summary>An 8-bit signed integer.</summary>
public sealed class ByteType : IntegralType
{
    public override string TypeName => "byte";
    public override string SimpleString => "tinyint";
    internal static readonly ByteType Instance = new();
}

/// <summary>A 64-bit IEEE 754 floating point number.</summary>
public sealed class DoubleType : FractionalType
{
    public override string TypeName => "double";
    internal static readonly DoubleType Instance = new();
}

/// <summary>A 32-bit IEEE 754 floating point number.</summary>
public sealed class FloatType : FractionalType
{
    public override string TypeName => "float";
    internal static readonly FloatType Instance = new();
}

/// <summary>A boolean.</summary>
public sealed class BooleanType : AtomicType
{
    public override string TypeName => "boolean";
    internal static readonly BooleanType Instance = new();
}

/// <summary>A calendar date (days since 1970-01-01).</summary>
public sealed class DateType : AtomicType
{
    public override string TypeName => "date";
    internal static readonly DateType Instance = new();
}

/// <summary>A point in time with microsecond precision (stored as microseconds since the Unix epoch, UTC).</summary>
public sealed class TimestampType : AtomicType
{
    public override string TypeName => "timestamp";
    internal static readonly TimestampType Instance = new();
}

/// <summary>A byte array.</summary>
public sealed class BinaryType : AtomicType
{
    public override string TypeName => "binary";
    internal static readonly BinaryType Instance = new();
}

/// <summary>The type of the <c>NULL</c> literal.</summary>
public sealed class NullType : DataType
{
    public override string TypeName => "void";
    internal static readonly NullType Instance = new();
}

/// <summary>A fixed-point decimal. Values are held as .NET <see cref="decimal"/> (up to 28 significant digits).</summary>
public sealed class DecimalType : FractionalType
{
    /// <summary>Spark's default decimal type, <c>decimal(10,0)</c>.</summary>
    public DecimalType() : this(10, 0) { }

    public DecimalType(int precision, int scale)
    {
        if (precision < 1 || precision > 38)
            throw new AnalysisException($"Decimal precision {precision} exceeds max precision 38.");
        if (scale < 0 || scale > precision)
            throw new AnalysisException($"Decimal scale ({scale}) cannot be greater than precision ({precision}).");
        Precision = precision;
        Scale = scale;
    }

    public int Precision { get; }
    public int Scale { get; }
    public override string TypeName => $"decimal({Precision},{Scale})";
    public override bool Equals(DataType? other) => other is DecimalType d && d.Precision == Precision && d.Scale == Scale;
    public override int GetHashCode() => HashCode.Combine(Precision, Scale);
}

/// <summary>An array of elements of one type.</summary>
public sealed class ArrayType : DataType
{
    public ArrayType(DataType elementType, bool containsNull = true)
    {
        ElementType = elementType ?? throw new ArgumentNullException(nameof(elementType));
        ContainsNull = containsNull;
    }

    public DataType ElementType { get; }
    public bool ContainsNull { get; }
    public override string TypeName => "array";
    public override string SimpleString => $"array<{ElementType.SimpleString}>";
    public override string Sql => $"ARRAY<{ElementType.Sql}>";
    public override bool Equals(DataType? other) => other is ArrayType a && a.ElementType.Equals(ElementType) && a.ContainsNull == ContainsNull;
    public override int GetHashCode() => HashCode.Combine(ElementType, ContainsNull);
}

/// <summary>A map from keys of one type to values of another.</summary>
public sealed class MapType : DataType
{
    public MapType(DataType keyType, DataType valueType, bool valueContainsNull = true)
    {
        KeyType = keyType ?? throw new ArgumentNullException(nameof(keyType));
        ValueType = valueType ?? throw new ArgumentNullException(nameof(valueType));
        ValueContainsNull = valueContainsNull;
    }

    public DataType KeyType { get; }
    public DataType ValueType { get; }
    public bool ValueContainsNull { get; }
    public override string TypeName => "map";
    public override string SimpleString => $"map<{KeyType.SimpleString},{ValueType.SimpleString}>";
    public override string Sql => $"MAP<{KeyType.Sql}, {ValueType.Sql}>";
    public override bool Equals(DataType? other) =>
        other is MapType m && m.KeyType.Equals(KeyType) && m.ValueType.Equals(ValueType) && m.ValueContainsNull == ValueContainsNull;
    public override int GetHashCode() => HashCode.Combine(KeyType, ValueType, ValueContainsNull);
}
