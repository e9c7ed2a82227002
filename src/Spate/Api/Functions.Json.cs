using Spate.Expressions;
using Spate.Expressions.Json;
using Spate.Sql.Types;

namespace Spate.Sql;

public static partial class Functions
{
    /// <summary>Parses a JSON string column into a struct (or array, or map) of <paramref name="schema"/>. Options
    /// follow Spark: <c>mode</c> (PERMISSIVE or FAILFAST), <c>columnNameOfCorruptRecord</c>, <c>allowSingleQuotes</c>,
    /// <c>allowComments</c>, <c>timestampFormat</c>, ...</summary>
    public static Column FromJson(Column column, StructType schema, Dictionary<string, string>? options = null) =>
        new(new JsonToStructs(column.Expr, schema, options));

    /// <summary>Parses a JSON string column into a value of <paramref name="schema"/>: a struct, array or map type.</summary>
    public static Column FromJson(Column column, DataType schema, Dictionary<string, string>? options = null) =>
        new(new JsonToStructs(column.Expr, schema, options));

    /// <summary>Parses a JSON string column with a schema given as DDL (<c>"a INT, b STRING"</c>,
    /// <c>"array&lt;int&gt;"</c>) or as Spark's JSON form of a type.</summary>
    public static Column FromJson(Column column, string schema, Dictionary<string, string>? options = null) =>
        new(new JsonToStructs(column.Expr, JsonFunctions.ParseSchema(schema), options));

    /// <summary>Parses a JSON string column with a schema given as a column: a string literal or <see cref="SchemaOfJson(string)"/>.</summary>
    public static Column FromJson(Column column, Column schema, Dictionary<string, string>? options = null) =>
        new(new JsonToStructs(column.Expr, JsonFunctions.SchemaArgument(schema.Expr), options));

    /// <summary>Converts a struct, array or map column to a JSON string (null fields omitted).</summary>
    public static Column ToJson(Column column, Dictionary<string, string>? options = null) =>
        new(new StructsToJson(column.Expr, options));

    /// <summary>Extracts the value at a JSONPath (<c>$.a.b[0]</c>) from a JSON string as a string.</summary>
    public static Column GetJsonObject(Column column, string path) =>
        new(new GetJsonObject(column.Expr, Literal.Create(path)));

    /// <summary>Extracts top-level fields of a JSON string as columns <c>c0, c1, ...</c> (a generator, like explode).</summary>
    public static Column JsonTuple(Column column, params string[] fields)
    {
        if (fields.Length == 0) throw FunctionRegistry.WrongArgs("json_tuple", 1, "> 1");
        return new(new JsonTuple(new[] { column.Expr }.Concat(fields.Select(f => (Expression)Literal.Create(f))).ToArray()));
    }

    /// <summary>The DDL of the schema Spark infers for a JSON text, e.g. <c>STRUCT&lt;a: BIGINT&gt;</c>.</summary>
    public static Column SchemaOfJson(string json) => new(new SchemaOfJson(Literal.Create(json), null));

    /// <summary>The DDL of the schema inferred for a constant JSON column (a literal).</summary>
    public static Column SchemaOfJson(Column json, Dictionary<string, string>? options = null) => new(new SchemaOfJson(json.Expr, options));

    /// <summary>The number of elements of the outermost JSON array, or null.</summary>
    public static Column JsonArrayLength(Column column) => new(new JsonArrayLength(column.Expr));

    /// <summary>The keys of the outermost JSON object as an array, or null.</summary>
    public static Column JsonObjectKeys(Column column) => new(new JsonObjectKeys(column.Expr));
}
