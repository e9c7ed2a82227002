using Spate.Sql;

namespace Spate.Plans;

/// <summary>Parses SQL queries (<c>SELECT ... FROM view ...</c>) into DataFrames over the session's temporary views.</summary>
internal static class SqlQueryParser
{
    public static DataFrame Parse(SparkSession session, string sql) => throw new ParseException("SQL queries are not supported yet.", sql);
}
