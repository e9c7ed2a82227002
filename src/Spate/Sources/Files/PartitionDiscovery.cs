using System.Globalization;
using Spate.Columnar;
using Spate.Expressions;
using Spate.Sql.Types;

namespace Spate.Sources;

/// <summary>
/// Spark's partition discovery for <c>key=value</c> directories: <c>base/year=2024/city=Paris/part-0.csv</c> gives the
/// columns <c>year</c> (int) and <c>city</c> (string). Values are unescaped (<c>%2F</c>), <c>__HIVE_DEFAULT_PARTITION__</c>
/// is null, and types are inferred per value (int, then long, then double, then date <c>yyyy-MM-dd</c>, else string)
/// and widened across files; a user schema naming a partition column fixes its type.
/// </summary>
internal static class PartitionDiscovery
{
    public const string DefaultPartitionName = "__HIVE_DEFAULT_PARTITION__";

    /// <summary>The <c>key=value</c> pairs of a file, read from the leaf directory upwards until a directory that is not one.</summary>
    public static List<(string Name, string? Value)> Parse(string basePath, string file)
    {
        var dirs = FileStreamPaths.DirectoriesBetween(basePath, file);
        var result = new List<(string, string?)>();
        for (int i = dirs.Length - 1; i >= 0; i--)
        {
            int eq = dirs[i].IndexOf('=');
            if (eq <= 0)
            {
                if (result.Count > 0) break;
                continue;
            }
            var raw = Uri.UnescapeDataString(dirs[i][(eq + 1)..]);
            result.Add((Uri.UnescapeDataString(dirs[i][..eq]), raw == DefaultPartitionName ? null : raw));
        }
        result.Reverse();
        return result;
    }

    /// <summary>The partition schema of <paramref name="files"/> under <paramref name="basePath"/>, in directory order.</summary>
    public static StructType InferSchema(string basePath, IEnumerable<string> files, StructType? userSchema, bool typeInference)
    {
        var types = new List<(string Name, DataType? Type)>();
        foreach (var file in files)
        {
            var parts = Parse(basePath, file);
            foreach (var (name, value) in parts)
            {
                int i = types.FindIndex(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
                var type = value == null ? null : typeInference ? InferValue(value) : StringType.Instance;
                if (i < 0) types.Add((name, type));
                else types[i] = (types[i].Name, Wider(types[i].Type, type));
            }
        }
        return new StructType(types.Select(t =>
        {
            var user = userSchema?.Fields.FirstOrDefault(f => string.Equals(f.Name, t.Name, StringComparison.OrdinalIgnoreCase));
            return user != null ? new StructField(user.Name, user.DataType, true) : new StructField(t.Name, t.Type ?? StringType.Instance, true);
        }));
    }

    private static DataType InferValue(string raw)
    {
        if (int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) return IntegerType.Instance;
        if (long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) return LongType.Instance;
        if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && !raw.Contains(' ')) return DoubleType.Instance;
        if (raw.Length == 10 && DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) return DateType.Instance;
        return StringType.Instance;
    }

    private static DataType? Wider(DataType? a, DataType? b)
    {
        if (a == null) return b;
        if (b == null || a.Equals(b)) return a;
        static int Rank(DataType t) => t switch { IntegerType => 1, LongType => 2, DoubleType => 3, _ => 0 };
        int ra = Rank(a), rb = Rank(b);
        if (ra > 0 && rb > 0) return ra >= rb ? a : b;
        return StringType.Instance;
    }

    /// <summary>Appends constant partition columns to the rows read from one file.</summary>
    public static ColumnBatch AppendColumns(ColumnBatch batch, StructType partitionSchema, object?[] values)
    {
        if (partitionSchema.Fields.Count == 0) return batch;
        var cols = new ColumnVector[batch.Columns.Length + values.Length];
        batch.Columns.CopyTo(cols, 0);
        for (int i = 0; i < values.Length; i++)
            cols[batch.Columns.Length + i] = ColumnVector.Constant(partitionSchema.Fields[i].DataType, values[i], batch.RowCount);
        return new ColumnBatch(cols, batch.RowCount);
    }

    /// <summary>The typed partition values of a file, in <paramref name="partitionSchema"/> order (null where the file lacks one).</summary>
    public static object?[] Values(string basePath, string file, StructType partitionSchema)
    {
        var parts = Parse(basePath, file);
        var values = new object?[partitionSchema.Fields.Count];
        for (int i = 0; i < values.Length; i++)
        {
            var field = partitionSchema.Fields[i];
            var raw = parts.FirstOrDefault(p => string.Equals(p.Name, field.Name, StringComparison.OrdinalIgnoreCase)).Value;
            values[i] = raw == null ? null : Cast.CastValue(raw, StringType.Instance, field.DataType);
        }
        return values;
    }
}
