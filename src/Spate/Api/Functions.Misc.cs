namespace Spate.Sql;

public static partial class Functions
{
    /// <summary>Spark's Murmur3 hash (seed 42) of the columns, as an int.</summary>
    public static Column Hash(params Column[] columns) => Fn("hash", columns);
    /// <summary>Spark's XXH64 hash (seed 42) of the columns, as a long.</summary>
    public static Column XxHash64(params Column[] columns) => Fn("xxhash64", columns);
    /// <summary>MD5 digest as hex.</summary>
    public static Column Md5(Column column) => Fn("md5", column);
    /// <summary>SHA-1 digest as hex.</summary>
    public static Column Sha1(Column column) => Fn("sha1", column);
    /// <summary>SHA-2 digest (224, 256, 384 or 512 bits; 0 means 256) as hex; null for other lengths.</summary>
    public static Column Sha2(Column column, int numBits) => Fn("sha2", column, Lit(numBits));
    /// <summary>CRC-32 checksum.</summary>
    public static Column Crc32(Column column) => Fn("crc32", column);
    /// <summary>Unique increasing 64-bit ids.</summary>
    public static Column MonotonicallyIncreasingId() => Fn("monotonically_increasing_id", System.Array.Empty<Column>());
    /// <summary>The partition id (0 here).</summary>
    public static Column SparkPartitionId() => Fn("spark_partition_id", System.Array.Empty<Column>());
    /// <summary>A random UUID string.</summary>
    public static Column Uuid() => Fn("uuid", System.Array.Empty<Column>());
    /// <summary>The DDL name of the column's type.</summary>
    public static Column TypeOf(Column column) => Fn("typeof", column);
    /// <summary><paramref name="col1"/> if not null, else <paramref name="col2"/>.</summary>
    public static Column Nvl(Column col1, Column col2) => Fn("nvl", col1, col2);
    /// <summary><paramref name="col1"/> if not null, else <paramref name="col2"/>.</summary>
    public static Column IfNull(Column col1, Column col2) => Fn("ifnull", col1, col2);
    /// <summary>Null if the arguments are equal, else <paramref name="col1"/>.</summary>
    public static Column NullIf(Column col1, Column col2) => Fn("nullif", col1, col2);
    /// <summary><paramref name="col2"/> if <paramref name="col1"/> is not null, else <paramref name="col3"/>.</summary>
    public static Column Nvl2(Column col1, Column col2, Column col3) => Fn("nvl2", col1, col2, col3);
    /// <summary>Equality where two nulls are equal; never null.</summary>
    public static Column EqualNull(Column col1, Column col2) => Fn("equal_null", col1, col2);
}
