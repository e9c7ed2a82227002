using System.Text;
using Spate.Sql.Types;

namespace Spate.Sql;

/// <summary>A row of a DataFrame: an ordered list of values, and optionally the schema that names them.
/// Values are .NET values: <c>string</c>, <c>int</c>, <c>long</c>, <c>double</c>, <c>bool</c>, <c>decimal</c>,
/// <c>DateTime</c> (timestamps, UTC), <c>DateOnly</c> (dates), <c>byte[]</c>, <see cref="Row"/> (structs),
/// <c>object?[]</c> (arrays) and <c>Dictionary&lt;object, object?&gt;</c> (maps).</summary>
public class Row : IEquatable<Row>
{
    public Row(object?[] values, StructType? schema = null)
    {
        Values = values ?? throw new ArgumentNullException(nameof(values));
        Schema = schema;
    }

    /// <summary>The values, in column order.</summary>
    public object?[] Values { get; }

    /// <summary>The schema of the row, when known.</summary>
    public StructType? Schema { get; }

    /// <summary>Number of columns.</summary>
    public int Size() => Values.Length;

    /// <summary>The value of column <paramref name="i"/>.</summary>
    public object? Get(int i)
    {
        if (i < 0 || i >= Values.Length)
            throw new ArgumentOutOfRangeException(nameof(i), $"Index {i} is out of bounds for a row of {Values.Length} columns.");
        return Values[i];
    }

    /// <summary>The value of the column named <paramref name="columnName"/>.</summary>
    public object? Get(string columnName) => Values[IndexOf(columnName)];

    public object? this[int i] => Get(i);
    public object? this[string name] => Get(name);

    /// <summary>The value of column <paramref name="i"/>, converted to <typeparamref name="T"/>.</summary>
    public T GetAs<T>(int i) => ConvertTo<T>(Get(i));

    /// <summary>The value of the named column, converted to <typeparamref name="T"/>.</summary>
    public T GetAs<T>(string columnName) => ConvertTo<T>(Get(columnName));

    public bool IsNullAt(int i) => Get(i) == null;

    private int IndexOf(string name)
    {
        if (Schema == null) throw new InvalidOperationException("This row has no schema: look its values up by index.");
        int i = Schema.FieldIndex(name);
        if (i < 0) throw new ArgumentException($"{name} does not exist. Available: {string.Join(", ", Schema.FieldNames())}");
        return i;
    }

    private static T ConvertTo<T>(object? v)
    {
        if (v is T t) return t;
        if (v == null) return default!;
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (v is IConvertible && typeof(IConvertible).IsAssignableFrom(target) && v is not string)
        {
            try { return (T)Convert.ChangeType(v, target, System.Globalization.CultureInfo.InvariantCulture); }
            catch (Exception e) when (e is OverflowException or FormatException) { throw new ArgumentException($"Cannot cast the value {v} of type {v.GetType().Name} to {typeof(T).Name}: {e.Message}", e); }
        }
        throw new ArgumentException($"Cannot cast a value of type {v.GetType().Name} to {typeof(T).Name}: read the column with GetAs<{v.GetType().Name}>.");
    }

    public bool Equals(Row? other)
    {
        if (other is null || other.Values.Length != Values.Length) return false;
        for (int i = 0; i < Values.Length; i++) if (!ValueEquality.AreEqual(Values[i], other.Values[i])) return false;
        return true;
    }

    public override bool Equals(object? obj) => obj is Row r && Equals(r);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var v in Values) h.Add(ValueEquality.Hash(v));
        return h.ToHashCode();
    }

    /// <summary>Spark's <c>Row.toString</c>: <c>[a,1,null]</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("[");
        for (int i = 0; i < Values.Length; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(Values[i] == null ? "null" : ValueConverter.ToDisplayString(Values[i]));
        }
        return sb.Append(']').ToString();
    }
}

/// <summary>A row built from values, as in .NET for Apache Spark: <c>new GenericRow(new object[] { "a", 1 })</c>.</summary>
public class GenericRow : Row
{
    public GenericRow(object?[] values) : base(values) { }
    public GenericRow(object?[] values, StructType? schema) : base(values, schema) { }
}

/// <summary>Deep value equality for row values (arrays and maps by content, doubles with NaN = NaN).</summary>
internal static class ValueEquality
{
    public static bool AreEqual(object? a, object? b)
    {
        if (a == null || b == null) return a == null && b == null;
        if (a is object?[] xa && b is object?[] xb)
        {
            if (xa.Length != xb.Length) return false;
            for (int i = 0; i < xa.Length; i++) if (!AreEqual(xa[i], xb[i])) return false;
            return true;
        }
        if (a is byte[] ba && b is byte[] bb) return ba.AsSpan().SequenceEqual(bb);
        if (a is System.Collections.IDictionary da && b is System.Collections.IDictionary db)
        {
            if (da.Count != db.Count) return false;
            foreach (System.Collections.DictionaryEntry e in da)
                if (!db.Contains(e.Key) || !AreEqual(e.Value, db[e.Key])) return false;
            return true;
        }
        return a.Equals(b);
    }

    public static int Hash(object? v) => v switch
    {
        null => 0,
        object?[] a => a.Aggregate(17, (h, x) => h * 31 + Hash(x)),
        byte[] b => b.Aggregate(17, (h, x) => h * 31 + x),
        _ => v.GetHashCode(),
    };
}
