using Spate.Plans.Sql;
using Spate.Sql;

namespace Spate.Plans;

/// <summary>Parses SQL queries (<c>SELECT ... FROM view ...</c>) into DataFrames over the session's temporary views.</summary>
internal static class SqlQueryParser
{
    /// <summary>Parses and analyses <paramref name="sql"/>; the DataFrame runs when an action is called.</summary>
    public static DataFrame Parse(SparkSession session, string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return new QueryParser(session, new SqlParser(sql)).Statement();
    }
}
