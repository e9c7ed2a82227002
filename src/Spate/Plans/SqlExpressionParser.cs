using Spate.Expressions;
using Spate.Sql;

namespace Spate.Plans;

/// <summary>Parses Spark SQL expression strings (<c>Expr</c>, <c>SelectExpr</c>, <c>Where(string)</c>) into expressions.</summary>
internal static class SqlExpressionParser
{
    public static Expression ParseExpression(string sql) => throw new ParseException("SQL expressions are not supported yet.", sql);
}
