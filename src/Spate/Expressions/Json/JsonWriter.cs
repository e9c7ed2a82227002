using System.Globalization;
using System.Text;
using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Expressions.Json;

/// <summary>
/// Writes column values as compact JSON the way Spark's JacksonGenerator does (to_json and the json file
/// format): struct fields in schema order with null fields omitted (<c>ignoreNullFields</c>, default true),
/// doubles as Java prints them (NaN and infinities quoted), timestamps as <c>yyyy-MM-dd'T'HH:mm:ss.SSSXXX</c>.
/// </summary>
internal abstract class JsonWriter
{
    /// <summary>Writes row <paramref name="row"/> of <paramref name="v"/> (not null).</summary>
    public abstract void Write(ColumnVector v, int row, Utf8Buffer output);

    /// <summary>Writes a value, or <c>null</c>.</summary>
    public void WriteOrNull(ColumnVector v, int row, Utf8Buffer output)
    {
        if (v.IsNull(row)) output.Append("null"u8);
        else Write(v, row, output);
    }

    public static JsonWriter Create(DataType type, JsonOptions options, JsonDateTime formats) => type switch
    {
        StructType s => new StructWriter(s, options, formats),
        ArrayType a => new ArrayWriter(Create(a.ElementType, options, formats)),
        MapType m => new MapWriter(Create(m.ValueType, options, formats)),
        _ => new AtomicWriter(type, formats),
    };

    public static JsonDateTime Formats(JsonOptions options) =>
        new(options, options.TimeZone == null ? null
            : options.TimeZone is "UTC" or "Z" or "GMT" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone));

    private sealed class AtomicWriter : JsonWriter
    {
        private readonly DataType _type;
        private readonly JsonDateTime _formats;

        public AtomicWriter(DataType type, JsonDateTime formats) { _type = type; _formats = formats; }

        public override void Write(ColumnVector v, int row, Utf8Buffer o)
        {
            switch (v)
            {
                case StringVector s when _type is BinaryType: o.AppendJsonString(Convert.ToBase64String(s.GetSpan(row))); break;
                case StringVector s: o.AppendJsonString(s.GetSpan(row)); break;
                case PrimitiveVector<int> i when _type is DateType: _formats.WriteDate(i.Values[row], o); break;
                case PrimitiveVector<int> i: o.Append(i.Values[row]); break;
                case PrimitiveVector<long> l when _type is TimestampType: _formats.WriteTimestamp(l.Values[row], o); break;
                case PrimitiveVector<long> l: o.Append(l.Values[row]); break;
                case PrimitiveVector<double> d: WriteDouble(d.Values[row], o); break;
                case PrimitiveVector<float> f: WriteFloat(f.Values[row], o); break;
                case PrimitiveVector<bool> b: o.Append(b.Values[row] ? "true"u8 : "false"u8); break;
                case PrimitiveVector<short> s: o.Append(s.Values[row]); break;
                case PrimitiveVector<sbyte> b: o.Append(b.Values[row]); break;
                case PrimitiveVector<decimal> m: o.Append(m.Values[row].ToString(CultureInfo.InvariantCulture)); break;
                default: o.AppendJsonString(ValueConverter.ToDisplayString(v.GetValue(row))); break;
            }
        }

        private static void WriteDouble(double d, Utf8Buffer o)
        {
            if (double.IsFinite(d)) o.Append(ValueConverter.JavaDouble(d));
            else o.AppendJsonString(ValueConverter.JavaDouble(d));
        }

        private static void WriteFloat(float f, Utf8Buffer o)
        {
            if (float.IsFinite(f)) o.Append(ValueConverter.JavaFloat(f));
            else o.AppendJsonString(ValueConverter.JavaFloat(f));
        }
    }

    /// <summary>Writes a struct (a struct vector row, or a row of top-level columns).</summary>
    internal sealed class StructWriter : JsonWriter
    {
        private readonly byte[][] _names; // "name": pre-encoded
        private readonly JsonWriter[] _fields;
        private readonly bool _ignoreNulls;

        public StructWriter(StructType type, JsonOptions options, JsonDateTime formats)
        {
            _names = type.Fields.Select(f =>
            {
                var b = new Utf8Buffer();
                b.AppendJsonString(Encoding.UTF8.GetBytes(f.Name));
                b.Append((byte)':');
                return b.Span.ToArray();
            }).ToArray();
            _fields = type.Fields.Select(f => Create(f.DataType, options, formats)).ToArray();
            _ignoreNulls = options.IgnoreNullFields;
        }

        public override void Write(ColumnVector v, int row, Utf8Buffer o) => WriteFields(((StructVector)v).Children, row, o);

        public void WriteFields(IReadOnlyList<ColumnVector> columns, int row, Utf8Buffer o)
        {
            o.Append((byte)'{');
            bool first = true;
            for (int i = 0; i < _fields.Length; i++)
            {
                var c = columns[i];
                bool isNull = c.IsNull(row);
                if (isNull && _ignoreNulls) continue;
                if (!first) o.Append((byte)',');
                first = false;
                o.Append(_names[i]);
                if (isNull) o.Append("null"u8);
                else _fields[i].Write(c, row, o);
            }
            o.Append((byte)'}');
        }
    }

    private sealed class ArrayWriter : JsonWriter
    {
        private readonly JsonWriter _element;
        public ArrayWriter(JsonWriter element) { _element = element; }

        public override void Write(ColumnVector v, int row, Utf8Buffer o)
        {
            var a = (ArrayVector)v;
            o.Append((byte)'[');
            for (int e = a.Offsets[row]; e < a.Offsets[row + 1]; e++)
            {
                if (e > a.Offsets[row]) o.Append((byte)',');
                _element.WriteOrNull(a.Elements, e, o);
            }
            o.Append((byte)']');
        }
    }

    private sealed class MapWriter : JsonWriter
    {
        private readonly JsonWriter _value;
        public MapWriter(JsonWriter value) { _value = value; }

        public override void Write(ColumnVector v, int row, Utf8Buffer o)
        {
            var m = (MapVector)v;
            o.Append((byte)'{');
            for (int e = m.Offsets[row]; e < m.Offsets[row + 1]; e++)
            {
                if (e > m.Offsets[row]) o.Append((byte)',');
                if (m.Keys is StringVector ks && m.Keys.Type is StringType) o.AppendJsonString(ks.GetSpan(e));
                else o.AppendJsonString(ValueConverter.ToDisplayString(m.Keys.GetValue(e)));
                o.Append((byte)':');
                _value.WriteOrNull(m.Values, e, o);
            }
            o.Append((byte)'}');
        }
    }
}
