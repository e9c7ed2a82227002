using System.Text;

namespace Spate.Sql.Types;

/// <summary>A row type: an ordered list of <see cref="StructField"/>s. Also the schema of a DataFrame.</summary>
public sealed class StructType : DataType
{
    public StructType(IEnumerable<StructField> fields)
    {
        Fields = fields?.ToList() ?? throw new ArgumentNullException(nameof(fields));
    }

    public StructType() : this(Array.Empty<StructField>()) { }

    /// <summary>The fields, in order.</summary>
    public List<StructField> Fields { get; }

    public override string TypeName => "struct";
    public override string SimpleString => "struct<" + string.Join(",", Fields.Select(f => $"{f.Name}:{f.DataType.SimpleString}")) + ">";
    public override string Sql => "STRUCT<" + string.Join(", ", Fields.Select(f => $"{Quote(f.Name)}: {f.DataType.Sql}")) + ">";

    private static string Quote(string name) => name.All(c => char.IsLetterOrDigit(c) || c == '_') ? name : "`" + name.Replace("`", "``") + "`";

    /// <summary>The field names, in order.</summary>
    public string[] FieldNames() => Fields.Select(f => f.Name).ToArray();

    /// <summary>Returns a new struct with one more field.</summary>
    public StructType Add(string name, DataType dataType, bool isNullable = true) => new(Fields.Append(new StructField(name, dataType, isNullable)));

    /// <summary>Returns a new struct with one more field, its type given as a DDL string.</summary>
    public StructType Add(string name, string dataType, bool isNullable = true) => Add(name, FromDDL(dataType), isNullable);

    /// <summary>Returns a new struct with one more field.</summary>
    public StructType Add(StructField field) => new(Fields.Append(field));

    /// <summary>The field with this name (case-insensitive, as Spark's default analyzer).</summary>
    public StructField this[string name] =>
        Fields.FirstOrDefault(f => f.Name == name) ?? Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"{name} does not exist. Available: {string.Join(", ", FieldNames())}");

    /// <summary>Index of the field with this name, or -1.</summary>
    public int FieldIndex(string name)
    {
        int i = Fields.FindIndex(f => f.Name == name);
        return i >= 0 ? i : Fields.FindIndex(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The schema as <c>PrintSchema</c> prints it, starting with <c>root</c>.</summary>
    public string TreeString(int maxDepth = int.MaxValue)
    {
        var sb = new StringBuilder("root\n");
        // As Spark: a level of 0 or less prints everything.
        if (maxDepth <= 0) maxDepth = int.MaxValue;
        foreach (var f in Fields) AppendField(sb, f.Name, f.DataType, $"(nullable = {Bool(f.IsNullable)})", " |", 1, maxDepth);
        return sb.ToString();
    }

    private static string Bool(bool b) => b ? "true" : "false";

    internal static void AppendField(StringBuilder sb, string name, DataType type, string nullability, string prefix, int depth, int maxDepth)
    {
        if (depth > maxDepth) return;
        sb.Append(prefix).Append("-- ").Append(name).Append(": ").Append(type.TypeName);
        if (nullability.Length > 0) sb.Append(' ').Append(nullability);
        sb.Append('\n');
        string child = prefix + "    |";
        switch (type)
        {
            case StructType s:
                foreach (var f in s.Fields) AppendField(sb, f.Name, f.DataType, $"(nullable = {Bool(f.IsNullable)})", child, depth + 1, maxDepth);
                break;
            case ArrayType a:
                AppendField(sb, "element", a.ElementType, $"(containsNull = {Bool(a.ContainsNull)})", child, depth + 1, maxDepth);
                break;
            case MapType m:
                AppendField(sb, "key", m.KeyType, "", child, depth + 1, maxDepth);
                AppendField(sb, "value", m.ValueType, $"(valueContainsNull = {Bool(m.ValueContainsNull)})", child, depth + 1, maxDepth);
                break;
        }
    }

    /// <summary>The schema as a DDL string, e.g. <c>name STRING,amount DOUBLE</c>.</summary>
    public string ToDDL() => string.Join(",", Fields.Select(f => $"{Quote(f.Name)} {f.DataType.Sql}{(f.IsNullable ? "" : " NOT NULL")}{DdlComment(f)}"));

    // Spark's StructField.getDDLComment: the comment in single quotes, its quotes escaped.
    private static string DdlComment(StructField f) =>
        f.Metadata.TryGetValue("comment", out var c) ? " COMMENT '" + c.Replace("'", "\\'") + "'" : "";

    public override bool Equals(DataType? other) => other is StructType s && s.Fields.SequenceEqual(Fields);
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var f in Fields) h.Add(f);
        return h.ToHashCode();
    }
    public override string ToString() => "StructType(" + string.Join(",", Fields) + ")";
}
