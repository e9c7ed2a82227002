using Spate.Columnar;
using Spate.Expressions;
using Spate.Expressions.Json;
using Spate.Sql.Types;

namespace Spate.Execution;

/// <summary>
/// A projection that is only <c>from_json(x) AS data</c> (the lecture's parse step), run without the general
/// expression path's extra work:
/// <list type="bullet">
/// <item>over a text scan of <c>x</c>, the scan's lines are parsed where they were read (TextFileFormat.ReadJsonLines);</item>
/// <item>under a filter, the filter's <c>data.f = constant</c> conjuncts are checked as each record is parsed, and
/// records that fail them are not appended: the filter above would drop them anyway (it still runs, and decides
/// every record the fast parsers leave to the general one). Spark pushes filters into file scans the same way.</item>
/// </list>
/// The rows that come out are exactly those the filter above keeps from evaluating the projection as usual.
/// </summary>
internal sealed class JsonProjection
{
    private readonly JsonToStructs _json;
    private readonly Expression _boundInput;
    private readonly Sources.FileScanExec? _scan;
    private readonly (int Field, long Integral, byte[]? Utf8)[] _keepOnly;

    private JsonProjection(JsonToStructs json, Expression boundInput, Sources.FileScanExec? scan, (int, long, byte[]?)[] keepOnly)
    {
        _json = json;
        _boundInput = boundInput;
        _scan = scan;
        _keepOnly = keepOnly;
    }

    /// <summary>The struct-parsing projection of <paramref name="projectList"/> over <paramref name="child"/>, or null.</summary>
    public static JsonProjection? TryCreate(IReadOnlyList<NamedExpression> projectList, PhysicalPlan child)
    {
        if (projectList.Count != 1 || projectList[0] is not Alias { Child: JsonToStructs { DataType: StructType } json }) return null;
        if (new JsonOptions(json.Options).Mode == JsonParseMode.DropMalformed) return null; // from_json's own error
        var scan = json.Child is AttributeReference column && child is Sources.FileScanExec s && s.CanParseJsonLines(column) ? s : null;
        return new JsonProjection(json, Binder.Bind(json.Child, child.Output), scan, Array.Empty<(int, long, byte[]?)>());
    }

    /// <summary>True when there is something to gain over evaluating the projection as usual.</summary>
    public bool Useful => _scan != null || _keepOnly.Length > 0;

    /// <summary>This projection with the pushable conjuncts of <paramref name="condition"/>, a filter right above it
    /// on the projection's output <paramref name="data"/>.</summary>
    public JsonProjection WithFilterAbove(Expression condition, ExprId data)
    {
        var type = (StructType)_json.DataType;
        var flat = JsonFlatRecordParser.TryCreate(type);
        if (flat == null || JsonToStructs.CorruptFieldIndex(type, new JsonOptions(_json.Options)) >= 0) return this;
        var keep = JsonKeepConditions.From(condition,
            side => side is GetStructField { Child: AttributeReference a } g && a.ExprId == data ? g.Ordinal : -1, flat);
        return keep.Length == 0 ? this : new JsonProjection(_json, _boundInput, _scan, keep);
    }

    private JsonStructColumnBuilder NewBuilder()
    {
        var builder = new JsonStructColumnBuilder((StructType)_json.DataType, new JsonOptions(_json.Options));
        if (_keepOnly.Length > 0) builder.Flat?.KeepOnly(_keepOnly);
        return builder;
    }

    /// <summary>The projected batches of <paramref name="partition"/>.</summary>
    public IEnumerable<ColumnBatch> Execute(PhysicalPlan child, int partition, TaskContext context)
    {
        if (_scan != null) return _scan.ExecuteJsonLines(partition, NewBuilder());
        return ParseBatches(child, partition, context);
    }

    private IEnumerable<ColumnBatch> ParseBatches(PhysicalPlan child, int partition, TaskContext context)
    {
        var builder = NewBuilder();
        foreach (var batch in child.Execute(partition, context))
        {
            var result = Parse(builder, batch);
            if (result.RowCount > 0) yield return result;
        }
    }

    private ColumnBatch Parse(JsonStructColumnBuilder builder, ColumnBatch batch)
    {
        if (_boundInput.Evaluate(batch) is not StringVector input)
            return new ColumnBatch(new[] { _json.Evaluate(batch) }, batch.RowCount); // a null literal: from_json's own path
        var column = builder.ParseAll(input);
        return new ColumnBatch(new ColumnVector[] { column }, column.Length);
    }
}
