using Spate.Expressions;
using Spate.Plans.Sql;

namespace Spate.Plans;

/// <summary>Parses Spark SQL expression strings (<c>Expr</c>, <c>SelectExpr</c>, <c>Where(string)</c>) into expressions.</summary>
internal static class SqlExpressionParser
{
    /// <summary>Parses one expression, optionally named (<c>amount * 2 AS doubled</c>); names stay unresolved.</summary>
    public static Expression ParseExpression(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var parser = new SqlParser(sql);
        if (parser.AtEnd) throw parser.Error();
        var e = parser.NamedExpression();
        if (!parser.AtEnd) throw parser.Error($": extra input '{SqlErrors.Display(sql, parser.Peek())}'");
        return e;
    }
}
