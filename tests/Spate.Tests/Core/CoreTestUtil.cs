using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Tests.Core;

/// <summary>Small helpers shared by the engine-core tests.</summary>
internal static class CoreTestUtil
{
    public static SparkSession Spark => TestSession.Spark;

    /// <summary>A DataFrame from a DDL schema and rows of external values.</summary>
    public static DataFrame Df(string ddl, params object?[][] rows) =>
        Spark.CreateDataFrame(rows.Select(r => new GenericRow(r)), DdlSchema(ddl));

    public static StructType DdlSchema(string ddl) => (StructType)DataType.FromDDL(ddl);

    /// <summary>Rows rendered as "a,b,c" strings (null as "null") for compact assertions.</summary>
    public static string[] Rows(DataFrame df) => df.Collect().Select(Render).ToArray();

    /// <summary>Rows rendered and sorted, for order-insensitive assertions.</summary>
    public static string[] SortedRows(DataFrame df) => Rows(df).OrderBy(s => s, StringComparer.Ordinal).ToArray();

    public static string Render(Row r) => string.Join(",", r.Values.Select(v => v == null ? "null" : ValueConverter.ToDisplayString(v)));

    public static string Lines(params string[] lines) => string.Concat(lines.Select(l => l + "\n"));
}
