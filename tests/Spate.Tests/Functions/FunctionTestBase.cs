using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Tests.Functions;

/// <summary>Evaluates columns over a one-row DataFrame with typical values and nulls.</summary>
internal static class F
{
    public static SparkSession Spark => TestSession.Spark;

    private static readonly StructType Schema = new(new[]
    {
        new StructField("s", new StringType()), new StructField("ns", new StringType()),
        new StructField("i", new IntegerType()), new StructField("ni", new IntegerType()),
        new StructField("d", new DoubleType()), new StructField("nd", new DoubleType()),
        new StructField("l", new LongType()),
    });

    /// <summary>s = "Spark SQL", ns = null, i = 5, ni = null, d = -2.5, nd = null, l = 10.</summary>
    public static DataFrame Base() =>
        Spark.CreateDataFrame(new[] { new GenericRow(new object?[] { "Spark SQL", null, 5, null, -2.5, null, 10L }) }, Schema);

    public static Row One(params Column[] columns) => Base().Select(columns).Collect().Single();

    public static object? Eval(Column column) => One(column)[0];

    /// <summary>The generated column names of <paramref name="columns"/>.</summary>
    public static IReadOnlyList<string> Names(params Column[] columns) => Base().Select(columns).Columns();

    public static DataType TypeOf(Column column) => Base().Select(column).Schema().Fields[0].DataType;

    /// <summary>Rows of a single-column DataFrame named <c>v</c> of <paramref name="type"/>.</summary>
    public static DataFrame Values(DataType type, params object?[] values) =>
        Spark.CreateDataFrame(values.Select(v => new GenericRow(new[] { v })), new StructType(new[] { new StructField("v", type) }));
}
