using Spate.Sql.Types;

namespace Spate.Expressions.Json;

/// <summary>
/// The conjuncts of a filter that a JSON parser can check as it parses (see <see cref="JsonFlatRecordParser.KeepOnly"/>):
/// <c>field = constant</c> with the constant of the field's own type, on integral, boolean and string fields.
/// </summary>
internal static class JsonKeepConditions
{
    /// <summary>The checkable conjuncts of <paramref name="condition"/>; <paramref name="fieldOf"/> maps the filter's
    /// side of a comparison to the parsed field's index (or -1 when it is not a parsed field).</summary>
    public static (int Field, long Integral, byte[]? Utf8)[] From(Expression condition, Func<Expression, int> fieldOf, JsonFlatRecordParser flat)
    {
        var keep = new List<(int, long, byte[]?)>();
        foreach (var conjunct in Execution.Planner.SplitConjuncts(condition))
        {
            if (conjunct is not Comparison { Op: CompareOp.Eq } eq) continue;
            var (side, literal) = eq.Left is Literal l ? (eq.Right, l) : (eq.Left, eq.Right as Literal);
            if (literal?.Value is not { } value || !literal.DataType.Equals(side.DataType)) continue;
            int field = fieldOf(side);
            if (field < 0 || !flat.CanKeepOnly(field)) continue;
            switch (value)
            {
                case string s: keep.Add((field, 0L, System.Text.Encoding.UTF8.GetBytes(s))); break;
                case bool b: keep.Add((field, b ? 1L : 0L, null)); break;
                case sbyte or short or int or long: keep.Add((field, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), null)); break;
            }
        }
        return keep.ToArray();
    }
}
