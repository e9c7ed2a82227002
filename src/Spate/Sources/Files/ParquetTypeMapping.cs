using Spate.Sql;
using Spate.Sql.Types;
using PSchema = Parquet.Schema;

namespace Spate.Sources;

/// <summary>Maps Parquet schemas (as Parquet.Net decodes them) to Spark types and back, following Spark's
/// ParquetSchemaConverter: unsigned integers widen, INT96 and INT64 timestamps read as timestamp, UTF8 byte arrays
/// as string and plain byte arrays as binary. Columns read from files are always nullable, as Spark's file sources make them.</summary>
internal static class ParquetTypeMapping
{
    /// <summary>The Spark schema of a Parquet file's top-level fields.</summary>
    public static StructType ToSpark(PSchema.ParquetSchema schema) =>
        new(schema.Fields.Select(f => new Spate.Sql.Types.StructField(f.Name, ToSpark(f), true)).ToArray());

    public static DataType ToSpark(PSchema.Field field) => field switch
    {
        PSchema.DataField { IsArray: true } df => new ArrayType(LeafType(df), false),
        PSchema.DataField df => LeafType(df),
        PSchema.StructField sf => new StructType(sf.Fields.Select(f => new Spate.Sql.Types.StructField(f.Name, ToSpark(f), true)).ToArray()),
        PSchema.ListField lf => new ArrayType(ToSpark(lf.Item), true),
        PSchema.MapField mf => new MapType(ToSpark(mf.Key), ToSpark(mf.Value), true),
        _ => throw new AnalysisException($"[UNSUPPORTED_DATATYPE] Unsupported data type: Parquet field {field.Name} ({field.SchemaType})."),
    };

    /// <summary>The Spark type of one leaf column.</summary>
    public static DataType LeafType(PSchema.DataField df)
    {
        if (df is PSchema.DecimalDataField dec) return new DecimalType(Math.Min(dec.Precision, 38), Math.Min(dec.Scale, 38));
        if (df is PSchema.TimeDataField) return new LongType();
        var t = df.ClrType;
        if (t == typeof(bool)) return new BooleanType();
        if (t == typeof(sbyte)) return new ByteType();
        if (t == typeof(byte) || t == typeof(short)) return new ShortType();
        if (t == typeof(ushort) || t == typeof(int)) return new IntegerType();
        if (t == typeof(uint) || t == typeof(long)) return new LongType();
        if (t == typeof(ulong)) return new DecimalType(20, 0);
        if (t == typeof(float) || t == typeof(Half)) return new FloatType();
        if (t == typeof(double)) return new DoubleType();
        if (t == typeof(decimal)) return new DecimalType(38, 18);
        if (t == typeof(DateTime)) return df is PSchema.DateTimeDataField { DateTimeFormat: PSchema.DateTimeFormat.Date } ? new DateType() : new TimestampType();
        if (t == typeof(DateOnly)) return new DateType();
        if (t == typeof(ReadOnlyMemory<char>) || t == typeof(string)) return new StringType();
        if (t == typeof(ReadOnlyMemory<byte>) || t == typeof(byte[]) || t == typeof(Guid)) return new BinaryType();
        throw new AnalysisException($"[PARQUET_TYPE_NOT_SUPPORTED] Parquet type not supported: {df.SchemaElement?.Type.ToString() ?? t.Name} (column {df.Path}).");
    }

    /// <summary>The Parquet.Net schema Spate writes for a Spark schema.</summary>
    public static PSchema.ParquetSchema ToParquet(StructType schema) =>
        new(schema.Fields.Select(f => ToParquet(f.Name, f.DataType, f.IsNullable)).ToArray());

    private static PSchema.Field ToParquet(string name, DataType type, bool nullable) => type switch
    {
        BooleanType => new PSchema.DataField(name, typeof(bool), nullable),
        ByteType => new PSchema.DataField(name, typeof(sbyte), nullable),
        ShortType => new PSchema.DataField(name, typeof(short), nullable),
        IntegerType => new PSchema.DataField(name, typeof(int), nullable),
        LongType => new PSchema.DataField(name, typeof(long), nullable),
        FloatType => new PSchema.DataField(name, typeof(float), nullable),
        DoubleType => new PSchema.DataField(name, typeof(double), nullable),
        DecimalType d => new PSchema.DecimalDataField(name, d.Precision, d.Scale, false, nullable),
        StringType => new PSchema.DataField(name, typeof(string), nullable),
        BinaryType => new PSchema.DataField(name, typeof(byte[]), nullable),
        DateType => new PSchema.DataField(name, typeof(DateOnly), nullable),
        // INT64 microseconds adjusted to UTC: Spark's TIMESTAMP_MICROS output type, exact for Spark's precision.
        TimestampType => new PSchema.DateTimeDataField(name, PSchema.DateTimeFormat.Timestamp, true, PSchema.DateTimeTimeUnit.Micros, nullable),
        StructType s => new PSchema.StructField(name, s.Fields.Select(f => ToParquet(f.Name, f.DataType, f.IsNullable)).ToArray()),
        ArrayType a => new PSchema.ListField(name, ToParquet(PSchema.ListField.ElementName, a.ElementType, true)),
        MapType m => new PSchema.MapField(name, ToParquet("key", m.KeyType, false), ToParquet("value", m.ValueType, true)),
        _ => throw new AnalysisException($"[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The Parquet datasource doesn't support the column `{name}` of the type \"{type.Sql}\"."),
    };
}
