using System.Text.Json;
using Spate.Columnar;
using Spate.Sql.Types;

namespace Spate.Expressions.Json;

/// <summary><c>json_tuple(json, k1, k2, ...)</c>: a generator of one row with columns <c>c0, c1, ...</c> holding
/// the top-level values of the given keys as strings (as get_json_object would return them).</summary>
internal sealed class JsonTuple : Generator
{
    public JsonTuple(IReadOnlyList<Expression> children) { _children = children; }

    private readonly IReadOnlyList<Expression> _children;
    public override IReadOnlyList<Expression> Children => _children;
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => new JsonTuple(children);
    public override string Sql => $"json_tuple({string.Join(", ", _children.Select(c => c.Sql))})";

    public override StructType ElementSchema =>
        new(Enumerable.Range(0, _children.Count - 1).Select(i => new StructField("c" + i, StringType.Instance)));

    public override ColumnVector[] Generate(ColumnBatch batch, List<int> sourceRows, bool outer)
    {
        var json = _children[0].Evaluate(batch);
        var keys = _children.Skip(1).Select(k => k.Evaluate(batch)).ToArray();
        int n = batch.RowCount;
        var outputs = keys.Select(_ => (ColumnVector)new StringVector(StringType.Instance, n)).ToArray();
        var context = new JsonParseContext(JsonOptions.Default);
        var output = new Utf8Buffer();
        var matches = new List<JsonValue>();
        var steps = new List<JsonPathStep>(1) { default };
        for (int i = 0; i < n; i++)
        {
            sourceRows.Add(i);
            for (int k = 0; k < keys.Length; k++)
            {
                var target = (StringVector)outputs[k];
                if (json.IsNull(i) || keys[k].IsNull(i) || json is not StringVector js || keys[k] is not StringVector ks) { target.AppendNull(); continue; }
                steps[0] = new JsonPathStep(ks.GetString(i), 0, false);
                output.Clear();
                if (GetJsonObject.Extract(context, js.GetSpan(i), steps, matches, output)) target.Append(output.Span);
                else target.AppendNull();
            }
        }
        return outputs;
    }
}
