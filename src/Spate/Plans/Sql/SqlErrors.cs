using System.Text;
using Spate.Sql;

namespace Spate.Plans.Sql;

/// <summary>Builds Spark's parse errors: <c>[PARSE_SYNTAX_ERROR] Syntax error at or near 'x'.(line 1, pos 7)</c>
/// followed by the SQL text with the position marked, as Spark's <c>ParseException.getMessage</c> prints.</summary>
internal static class SqlErrors
{
    /// <summary>A syntax error at <paramref name="token"/>; <paramref name="hint"/> is Spark's optional detail (": extra input 'x'").</summary>
    public static ParseException Syntax(string sql, SqlToken token, string hint = "")
    {
        string near = token.Kind == SqlTokenKind.End ? "end of input" : $"'{Display(sql, token)}'";
        return At(sql, token.Start, $"[PARSE_SYNTAX_ERROR] Syntax error at or near {near}{hint}.");
    }

    /// <summary>An error with its own message, placed at character offset <paramref name="offset"/> of <paramref name="sql"/>.</summary>
    public static ParseException At(string sql, int offset, string message)
    {
        var (line, pos) = LineAndPos(sql, offset);
        var sb = new StringBuilder(message).Append("(line ").Append(line).Append(", pos ").Append(pos).Append(")\n\n== SQL ==\n");
        var lines = sql.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            sb.Append(lines[i]).Append('\n');
            if (i == line - 1) sb.Append('-', pos).Append("^^^\n");
        }
        return new ParseException(sb.ToString(), sql);
    }

    /// <summary>The token as written in the input (quotes included), as Spark quotes the offending text.</summary>
    public static string Display(string sql, SqlToken token) =>
        token.End > token.Start && token.End <= sql.Length ? sql[token.Start..token.End] : token.Text;

    private static (int Line, int Pos) LineAndPos(string sql, int offset)
    {
        int line = 1, lineStart = 0;
        for (int i = 0; i < Math.Min(offset, sql.Length); i++)
            if (sql[i] == '\n') { line++; lineStart = i + 1; }
        return (line, Math.Max(0, offset - lineStart));
    }
}
