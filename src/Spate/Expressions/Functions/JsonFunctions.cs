using System.Collections;
using Spate.Columnar;
using Spate.Expressions.Json;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary>Registers this family of Spark's built-in functions.</summary>
internal static class JsonFunctions
{
    public static void Register()
    {
        FunctionRegistry.Register("from_json", (a, d) =>
        {
            FunctionRegistry.Arity("from_json", a, 2, 3);
            return new JsonToStructs(a[0], SchemaArgument(a[1]), a.Count > 2 ? OptionsArgument(a[2]) : null);
        });
        FunctionRegistry.Register("to_json", (a, d) =>
        {
            FunctionRegistry.Arity("to_json", a, 1, 2);
            return new StructsToJson(a[0], a.Count > 1 ? OptionsArgument(a[1]) : null);
        });
        FunctionRegistry.Register("get_json_object", (a, d) => { FunctionRegistry.Arity("get_json_object", a, 2); return new GetJsonObject(a[0], a[1]); });
        FunctionRegistry.Register("schema_of_json", (a, d) =>
        {
            FunctionRegistry.Arity("schema_of_json", a, 1, 2);
            return new SchemaOfJson(a[0], a.Count > 1 ? OptionsArgument(a[1]) : null);
        });
        FunctionRegistry.Register("json_array_length", (a, d) => { FunctionRegistry.Arity("json_array_length", a, 1); return new JsonArrayLength(a[0]); });
        FunctionRegistry.Register("json_object_keys", (a, d) => { FunctionRegistry.Arity("json_object_keys", a, 1); return new JsonObjectKeys(a[0]); });
        FunctionRegistry.Register("json_tuple", (a, d) =>
        {
            if (a.Count < 2) throw FunctionRegistry.WrongArgs("json_tuple", a.Count, "> 1");
            return new JsonTuple(a);
        });
    }

    /// <summary>A schema given as a DDL or JSON string literal, or as <c>schema_of_json(...)</c>.</summary>
    public static DataType SchemaArgument(Expression e)
    {
        if (e is Alias al) e = al.Child;
        if (e is SchemaOfJson sj) return sj.InferredType();
        if (e is Literal { Value: string s }) return ParseSchema(s);
        throw new AnalysisException($"[INVALID_SCHEMA.NON_STRING_LITERAL] The input schema \"{e.Sql}\" is not a valid schema string. The input expression must be string literal and not null.");
    }

    /// <summary>Parses a schema string: Spark's JSON form (starting with <c>{</c>) or DDL.</summary>
    public static DataType ParseSchema(string s) =>
        s.TrimStart().StartsWith('{') ? DataType.FromJson(s) : DataType.FromDDL(s);

    /// <summary>Options given as a constant <c>map(...)</c>.</summary>
    public static Dictionary<string, string> OptionsArgument(Expression e)
    {
        if (e is Alias al) e = al.Child;
        if (e.Resolved && e.Foldable && e.DataType is MapType)
        {
            var value = e.Evaluate(new ColumnBatch(Array.Empty<ColumnVector>(), 1)).GetValue(0);
            var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (value is IDictionary map)
                foreach (DictionaryEntry kv in map) result[kv.Key.ToString()!] = kv.Value?.ToString() ?? "";
            return result;
        }
        throw new AnalysisException("[INVALID_OPTIONS.NON_MAP_FUNCTION] Invalid options: Must use the `map()` function for options.");
    }
}
