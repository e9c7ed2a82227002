namespace Spate.Sql.Types;

/// <summary>A named, typed field of a <see cref="StructType"/>.</summary>
public sealed class StructField : IEquatable<StructField>
{
    public StructField(string name, DataType dataType, bool isNullable = true, IReadOnlyDictionary<string, string>? metadata = null)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        DataType = dataType ?? throw new ArgumentNullException(nameof(dataType));
        IsNullable = isNullable;
        Metadata = metadata ?? EmptyMetadata;
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyMetadata = new Dictionary<string, string>();

    public string Name { get; }
    public DataType DataType { get; }
    public bool IsNullable { get; }
    /// <summary>Free-form metadata (Spark's field metadata, with string values).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    internal StructField WithName(string name) => new(name, DataType, IsNullable, Metadata);
    internal StructField WithNullable(bool nullable) => new(Name, DataType, nullable, Metadata);

    public bool Equals(StructField? other) =>
        other is not null && other.Name == Name && other.DataType.Equals(DataType) && other.IsNullable == IsNullable;
    public override bool Equals(object? obj) => obj is StructField f && Equals(f);
    public override int GetHashCode() => HashCode.Combine(Name, DataType, IsNullable);
    public override string ToString() => $"StructField({Name},{DataType.SimpleString},{IsNullable.ToString().ToLowerInvariant()})";
}
