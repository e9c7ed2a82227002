using System.Text.Json.Nodes;
using Spate.Sinks;
using Spate.Sql;
using Spate.Sql.Streaming;

namespace Spate.Ui;

/// <summary>
/// The rows a query's sink holds now, as JSON: for a memory sink the latest batch (append and update modes) or the
/// whole result table (complete mode, where the sink keeps only the latest batch). Other sinks keep no rows.
/// Values are Spark's cast-to-string form; null stays JSON null.
/// </summary>
internal static class ResultSnapshot
{
    public static JsonObject Build(QueryRecord record, int maxRows)
    {
        var execution = record.Execution;
        var mode = execution.OutputMode;
        var o = new JsonObject
        {
            ["id"] = record.Query.Id.ToString(),
            ["runId"] = record.Query.RunId.ToString(),
            ["sink"] = execution.Sink.Description,
            ["outputMode"] = mode.ToString(),
            ["completeTable"] = mode == OutputMode.Complete,
        };
        if (execution.Sink is not IRowKeepingSink keeper)
        {
            o["available"] = false;
            o["reason"] = $"The sink {execution.Sink.Description} does not keep its rows; the live result is shown for memory and console sinks.";
            return o;
        }
        var schema = execution.Plan.Schema;
        o["available"] = true;
        o["schema"] = new JsonArray(schema.Fields.Select(f => (JsonNode?)new JsonObject
        {
            ["name"] = f.Name,
            ["type"] = f.DataType.SimpleString,
            ["nullable"] = f.IsNullable,
        }).ToArray());
        var latest = keeper.LatestBatch();
        if (latest == null)
        {
            o["batchId"] = null;
            o["numRows"] = 0;
            o["truncated"] = false;
            o["rows"] = new JsonArray();
            return o;
        }
        var (batchId, rows) = latest.Value;
        o["batchId"] = batchId;
        o["numRows"] = rows.Count;
        o["truncated"] = rows.Count > maxRows;
        var array = new JsonArray();
        foreach (var row in rows.Take(maxRows))
            array.Add(new JsonArray(row.Values.Select(v => v == null ? null : (JsonNode?)JsonValue.Create(ValueConverter.ToDisplayString(v))).ToArray()));
        o["rows"] = array;
        return o;
    }
}
