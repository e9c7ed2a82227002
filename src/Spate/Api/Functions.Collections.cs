namespace Spate.Sql;

public static partial class Functions
{
    /// <summary>An array of the given columns' values.</summary>
    public static Column Array(params Column[] columns) => Fn("array", columns);
    /// <summary>An array of the named columns' values.</summary>
    public static Column Array(string columnName, params string[] columnNames) => Array(new[] { columnName }.Concat(columnNames).Select(Col).ToArray());
    /// <summary>A map from alternating key and value columns.</summary>
    public static Column Map(params Column[] columns) => Fn("map", columns);
    /// <summary>A map from alternating key and value columns.</summary>
    public static Column CreateMap(params Column[] columns) => Fn("map", columns);
    /// <summary>True when the array contains <paramref name="value"/> (null when unknown because of null elements).</summary>
    public static Column ArrayContains(Column column, object value) => Fn("array_contains", column, Spate.Sql.Column.Of(value));
    /// <summary>Number of elements of an array or map (-1 for null).</summary>
    public static Column Size(Column column) => Fn("size", column);
    /// <summary>Number of elements of an array or map (-1 for null).</summary>
    public static Column Cardinality(Column column) => Fn("cardinality", column);
    /// <summary>Sorts an array (nulls first when ascending, last when descending).</summary>
    public static Column SortArray(Column column, bool asc = true) => Fn("sort_array", column, Lit(asc));
    /// <summary>Sorts an array ascending, nulls last.</summary>
    public static Column ArraySort(Column column) => Fn("array_sort", column);
    /// <summary>Removes duplicate elements.</summary>
    public static Column ArrayDistinct(Column column) => Fn("array_distinct", column);
    /// <summary>Distinct elements of either array.</summary>
    public static Column ArrayUnion(Column col1, Column col2) => Fn("array_union", col1, col2);
    /// <summary>Distinct elements of both arrays.</summary>
    public static Column ArrayIntersect(Column col1, Column col2) => Fn("array_intersect", col1, col2);
    /// <summary>Distinct elements of the first array not in the second.</summary>
    public static Column ArrayExcept(Column col1, Column col2) => Fn("array_except", col1, col2);
    /// <summary>Joins string elements with a delimiter, skipping nulls.</summary>
    public static Column ArrayJoin(Column column, string delimiter) => Fn("array_join", column, Lit(delimiter));
    /// <summary>Joins string elements with a delimiter, replacing nulls.</summary>
    public static Column ArrayJoin(Column column, string delimiter, string nullReplacement) => Fn("array_join", column, Lit(delimiter), Lit(nullReplacement));
    /// <summary>Largest non-null element.</summary>
    public static Column ArrayMax(Column column) => Fn("array_max", column);
    /// <summary>Smallest non-null element.</summary>
    public static Column ArrayMin(Column column) => Fn("array_min", column);
    /// <summary>1-based position of the first element equal to <paramref name="value"/>, 0 if absent.</summary>
    public static Column ArrayPosition(Column column, object value) => Fn("array_position", column, Spate.Sql.Column.Of(value));
    /// <summary>Removes every element equal to <paramref name="element"/>.</summary>
    public static Column ArrayRemove(Column column, object element) => Fn("array_remove", column, Spate.Sql.Column.Of(element));
    /// <summary>An array of <paramref name="count"/> copies.</summary>
    public static Column ArrayRepeat(Column left, int count) => Fn("array_repeat", left, Lit(count));
    /// <summary>An array of <paramref name="count"/> copies.</summary>
    public static Column ArrayRepeat(Column left, Column count) => Fn("array_repeat", left, count);
    /// <summary>True when the arrays share a non-null element.</summary>
    public static Column ArraysOverlap(Column a1, Column a2) => Fn("arrays_overlap", a1, a2);
    /// <summary>Element at 1-based index (negative from the end) of an array, or the value of a map key.</summary>
    public static Column ElementAt(Column column, object value) => Fn("element_at", column, Spate.Sql.Column.Of(value));
    /// <summary>Element at a 0-based index; null out of range.</summary>
    public static Column Get(Column column, object index) => Fn("get", column, Spate.Sql.Column.Of(index));
    /// <summary>Elements from 1-based <paramref name="start"/> (negative from the end), at most <paramref name="length"/>.</summary>
    public static Column Slice(Column column, int start, int length) => Fn("slice", column, Lit(start), Lit(length));
    /// <summary>Concatenates an array of arrays.</summary>
    public static Column Flatten(Column column) => Fn("flatten", column);
    /// <summary>Integers from <paramref name="start"/> to <paramref name="stop"/> inclusive.</summary>
    public static Column Sequence(Column start, Column stop) => Fn("sequence", start, stop);
    /// <summary>Integers from <paramref name="start"/> to <paramref name="stop"/> by <paramref name="step"/>.</summary>
    public static Column Sequence(Column start, Column stop, Column step) => Fn("sequence", start, stop, step);
    /// <summary>Keys of a map.</summary>
    public static Column MapKeys(Column column) => Fn("map_keys", column);
    /// <summary>Values of a map.</summary>
    public static Column MapValues(Column column) => Fn("map_values", column);
    /// <summary>A map from an array of keys and an array of values.</summary>
    public static Column MapFromArrays(Column keys, Column values) => Fn("map_from_arrays", keys, values);
    /// <summary>Entries of a map as structs (key, value).</summary>
    public static Column MapEntries(Column column) => Fn("map_entries", column);
    /// <summary>True when the map has the key.</summary>
    public static Column MapContainsKey(Column column, object key) => Fn("map_contains_key", column, Spate.Sql.Column.Of(key));
    /// <summary>Merges arrays element-wise into an array of structs.</summary>
    public static Column ArraysZip(params Column[] columns) => Fn("arrays_zip", columns);
    /// <summary>A random permutation of an array.</summary>
    public static Column Shuffle(Column column) => Fn("shuffle", column);
}
