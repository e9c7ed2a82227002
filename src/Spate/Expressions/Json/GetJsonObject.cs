using System.Text.Json;
using Spate.Columnar;
using Spate.Sql.Types;

namespace Spate.Expressions.Json;

/// <summary>One step of a JSON path: a key, an array index, or <c>[*]</c>.</summary>
internal readonly record struct JsonPathStep(string? Key, int Index, bool Wildcard);

/// <summary>
/// <c>get_json_object(json, path)</c>: Spark's JSONPath subset (<c>$</c>, <c>.key</c>, <c>['key']</c>, <c>[n]</c>,
/// <c>[*]</c>). Strings come back unquoted, numbers and literals as text, objects and arrays as compact JSON; a
/// missing path, a JSON null, malformed JSON or an invalid path give null.
/// </summary>
internal sealed class GetJsonObject : BinaryExpression
{
    public GetJsonObject(Expression json, Expression path) : base(json, path) { }

    public override DataType DataType => StringType.Instance;
    public override bool Nullable => true;
    public override string Sql => $"get_json_object({Left.Sql}, {Right.Sql})";
    protected override Expression WithChildren(Expression left, Expression right) => new GetJsonObject(left, right);

    /// <summary>Parses a path; null when Spark would reject it.</summary>
    public static List<JsonPathStep>? ParsePath(string path)
    {
        if (path.Length == 0 || path[0] != '$') return null;
        var steps = new List<JsonPathStep>();
        int i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                int start = ++i;
                while (i < path.Length && path[i] != '.' && path[i] != '[') i++;
                if (i == start) return null;
                var key = path[start..i];
                steps.Add(key == "*" ? new JsonPathStep(null, 0, true) : new JsonPathStep(key, 0, false));
            }
            else if (path[i] == '[')
            {
                int close = path.IndexOf(']', i);
                if (close < 0) return null;
                var inner = path[(i + 1)..close];
                if (inner == "*") steps.Add(new JsonPathStep(null, 0, true));
                else if (inner.Length >= 2 && inner[0] == '\'' && inner[^1] == '\'') steps.Add(new JsonPathStep(inner[1..^1], 0, false));
                else if (int.TryParse(inner, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index)) steps.Add(new JsonPathStep(null, index, false));
                else return null;
                i = close + 1;
            }
            else return null;
        }
        return steps;
    }

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        var json = Left.Evaluate(batch);
        var paths = Right.Evaluate(batch);
        int n = batch.RowCount;
        var result = new StringVector(StringType.Instance, n);
        var context = new JsonParseContext(JsonOptions.Default);
        var output = new Utf8Buffer();
        var matches = new List<JsonValue>();
        string? lastPath = null;
        List<JsonPathStep>? steps = null;
        for (int i = 0; i < n; i++)
        {
            if (json.IsNull(i) || paths.IsNull(i) || json is not StringVector js || paths is not StringVector ps) { result.AppendNull(); continue; }
            var pathText = ps.GetString(i);
            if (pathText != lastPath) { steps = ParsePath(pathText); lastPath = pathText; }
            if (steps == null) { result.AppendNull(); continue; }
            var record = js.GetSpan(i);
            output.Clear();
            if (Extract(context, record, steps, matches, output)) result.Append(output.Span);
            else result.AppendNull();
        }
        return result;
    }

    /// <summary>Evaluates <paramref name="steps"/> over one JSON text, writing the result; false for null.</summary>
    public static bool Extract(JsonParseContext context, ReadOnlySpan<byte> record, List<JsonPathStep> steps, List<JsonValue> matches, Utf8Buffer output)
    {
        matches.Clear();
        bool wildcard = steps.Any(s => s.Wildcard);
        try
        {
            var reader = context.Reader(record);
            if (!reader.Read()) return false;
            var root = JsonValue.Capture(ref reader, 0);
            Collect(context, record, root, steps, 0, matches);
        }
        catch (JsonException)
        {
            return false;
        }
        if (matches.Count == 0) return false;
        if (!wildcard)
        {
            var v = matches[0];
            if (v.Token == JsonTokenType.Null) return false;
            if (v.Token == JsonTokenType.String) output.Append(context.StringBytes(v, record));
            else JsonCompactWriter.Write(context, v, record, output);
            return true;
        }
        // Wildcard matches are written quoted; several become a JSON array (Hive's behaviour, kept by Spark).
        if (matches.Count > 1) output.Append((byte)'[');
        for (int m = 0; m < matches.Count; m++)
        {
            if (m > 0) output.Append((byte)',');
            JsonCompactWriter.Write(context, matches[m], record, output);
        }
        if (matches.Count > 1) output.Append((byte)']');
        return true;
    }

    private static void Collect(JsonParseContext context, ReadOnlySpan<byte> record, JsonValue v, List<JsonPathStep> steps, int depth, List<JsonValue> matches)
    {
        if (depth == steps.Count) { matches.Add(v); return; }
        var step = steps[depth];
        if (step.Key != null)
        {
            if (v.Token != JsonTokenType.StartObject) return;
            var reader = context.Reader(record.Slice(v.Start, v.Length));
            reader.Read();
            JsonValue? found = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool match = reader.ValueTextEquals(step.Key);
                reader.Read();
                var child = JsonValue.Capture(ref reader, v.Start);
                if (match && found == null) found = child;
            }
            if (found != null) Collect(context, record, found.Value, steps, depth + 1, matches);
            return;
        }
        if (v.Token != JsonTokenType.StartArray && !(step.Wildcard && v.Token == JsonTokenType.StartObject)) return;
        {
            var reader = context.Reader(record.Slice(v.Start, v.Length));
            reader.Read();
            int index = 0;
            bool isObject = v.Token == JsonTokenType.StartObject;
            while (reader.Read() && reader.TokenType is not JsonTokenType.EndArray and not JsonTokenType.EndObject)
            {
                if (isObject) reader.Read();
                var child = JsonValue.Capture(ref reader, v.Start);
                if (step.Wildcard || index == step.Index) Collect(context, record, child, steps, depth + 1, matches);
                if (!step.Wildcard && index == step.Index) return;
                index++;
            }
        }
    }
}
