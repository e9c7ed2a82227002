using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Sql.Functions;
using static Spate.Tests.Core.CoreTestUtil;

namespace Spate.Tests.Core;

/// <summary>printSchema / treeString, DDL parsing, SimpleString and JSON forms of types.</summary>
public class SchemaAndTypeTests
{
    private static readonly StructType Nested = new(new[]
    {
        new StructField("s", new StructType(new[] { new StructField("a", new IntegerType()), new StructField("b", new StringType(), false) })),
        new StructField("arr", new ArrayType(new StringType(), true)),
        new StructField("m", new MapType(new StringType(), new IntegerType(), true)),
        new StructField("deep", new ArrayType(new StructType(new[] { new StructField("x", new LongType(), false) }), false), false),
    });

    [Fact]
    public void TreeString_NestedTypes_SparkLayout()
    {
        Assert.Equal(Lines(
            "root",
            " |-- s: struct (nullable = true)",
            " |    |-- a: integer (nullable = true)",
            " |    |-- b: string (nullable = false)",
            " |-- arr: array (nullable = true)",
            " |    |-- element: string (containsNull = true)",
            " |-- m: map (nullable = true)",
            " |    |-- key: string",
            " |    |-- value: integer (valueContainsNull = true)",
            " |-- deep: array (nullable = false)",
            " |    |-- element: struct (containsNull = false)",
            " |    |    |-- x: long (nullable = false)"), Nested.TreeString());
    }

    [Fact]
    public void TreeString_LevelOne_TopLevelFieldsOnly()
    {
        Assert.Equal(Lines(
            "root",
            " |-- s: struct (nullable = true)",
            " |-- arr: array (nullable = true)",
            " |-- m: map (nullable = true)",
            " |-- deep: array (nullable = false)"), Nested.TreeString(1));
    }

    [Fact]
    public void TreeString_LevelTwo_ArrayElementUsesALevel()
    {
        // Spark's DataType.buildFormattedString takes a level for every array, map and struct.
        var text = Nested.TreeString(2);
        Assert.Contains(" |    |-- element: struct (containsNull = false)\n", text);
        Assert.DoesNotContain("x: long", text);
        Assert.Contains(" |    |-- a: integer (nullable = true)\n", text);
    }

    [Fact]
    public void TreeString_LevelZeroOrNegative_PrintsEverything()
    {
        Assert.Equal(Nested.TreeString(), Nested.TreeString(0));
        Assert.Equal(Nested.TreeString(), Nested.TreeString(-1));
    }



    [Fact]
    public void Schema_CountAndLiteral_NotNullable()
    {
        var df = Spark.Range(3).Select(Lit(1).Alias("one"), Lit(null).Alias("n"), Lit("x").Alias("s"));
        Assert.Equal(Lines("root", " |-- one: integer (nullable = false)", " |-- n: void (nullable = true)", " |-- s: string (nullable = false)"), df.Schema().TreeString());
        var counted = Df("k STRING").GroupBy("k").Count();
        Assert.Equal(Lines("root", " |-- k: string (nullable = true)", " |-- count: long (nullable = false)"), counted.Schema().TreeString());
    }

    [Fact]
    public void Schema_AggregateNullability_FollowsSpark()
    {
        var df = Df("k STRING, v INT").GroupBy("k").Agg(Sum("v"), Avg("v"), Min("v"), Max("v"), Count("v"));
        Assert.Equal(Lines(
            "root",
            " |-- k: string (nullable = true)",
            " |-- sum(v): long (nullable = true)",
            " |-- avg(v): double (nullable = true)",
            " |-- min(v): integer (nullable = true)",
            " |-- max(v): integer (nullable = true)",
            " |-- count(v): long (nullable = false)"), df.Schema().TreeString());
    }

    [Theory]
    [InlineData("name STRING, amount DOUBLE", "struct<name:string,amount:double>")]
    [InlineData("STRUCT<a: INT>", "struct<a:int>")]
    [InlineData("struct<a:int,b:array<string>>", "struct<a:int,b:array<string>>")]
    [InlineData("DECIMAL(10,2)", "decimal(10,2)")]
    [InlineData("decimal", "decimal(10,0)")]
    [InlineData("ARRAY<BIGINT>", "array<bigint>")]
    [InlineData("MAP<STRING, ARRAY<INT>>", "map<string,array<int>>")]
    [InlineData("tinyint", "tinyint")]
    [InlineData("smallint", "smallint")]
    [InlineData("long", "bigint")]
    [InlineData("timestamp", "timestamp")]
    [InlineData("date", "date")]
    [InlineData("binary", "binary")]
    [InlineData("boolean", "boolean")]
    [InlineData("float", "float")]
    [InlineData("`a b` INT, `c``d` STRING", "struct<a b:int,c`d:string>")]
    public void FromDDL_Types_SimpleString(string ddl, string simple)
    {
        Assert.Equal(simple, DataType.FromDDL(ddl).SimpleString);
    }

    [Fact]
    public void FromDDL_NotNullAndComment_Parsed()
    {
        var s = DdlSchema("a INT NOT NULL COMMENT 'the id', b STRING COMMENT 'x'");
        Assert.False(s.Fields[0].IsNullable);
        Assert.True(s.Fields[1].IsNullable);
        Assert.Equal("the id", s.Fields[0].Metadata["comment"]);
        Assert.Equal("x", s.Fields[1].Metadata["comment"]);
    }

    [Fact]
    public void ToDDL_RoundTrips()
    {
        var s = DdlSchema("name STRING, amount DOUBLE NOT NULL, `odd name` ARRAY<STRUCT<a: INT>>, m MAP<STRING, DECIMAL(5,1)>");
        Assert.Equal("name STRING,amount DOUBLE NOT NULL,`odd name` ARRAY<STRUCT<a: INT>>,m MAP<STRING, DECIMAL(5,1)>", s.ToDDL());
        Assert.Equal(s, DataType.FromDDL(s.ToDDL()));
    }

    [Fact]
    public void ToDDL_Comment_Kept()
    {
        var s = DdlSchema("a INT COMMENT 'it\\'s'");
        Assert.Equal("a INT COMMENT 'it\\'s'", s.ToDDL());
    }

    [Fact]
    public void Json_StructType_SparkForm()
    {
        var s = DdlSchema("a INT NOT NULL, b ARRAY<STRING>, c MAP<STRING, DECIMAL(10,2)>");
        Assert.Equal(
            "{\"type\":\"struct\",\"fields\":[" +
            "{\"name\":\"a\",\"type\":\"integer\",\"nullable\":false,\"metadata\":{}}," +
            "{\"name\":\"b\",\"type\":{\"type\":\"array\",\"elementType\":\"string\",\"containsNull\":true},\"nullable\":true,\"metadata\":{}}," +
            "{\"name\":\"c\",\"type\":{\"type\":\"map\",\"keyType\":\"string\",\"valueType\":\"decimal(10,2)\",\"valueContainsNull\":true},\"nullable\":true,\"metadata\":{}}]}",
            s.Json);
    }

    [Fact]
    public void Json_AllTypes_RoundTrip()
    {
        var s = DdlSchema("a TINYINT, b SMALLINT, c INT, d BIGINT, e FLOAT, f DOUBLE, g DECIMAL(38,18), h STRING, i BINARY, j BOOLEAN, k DATE, l TIMESTAMP, " +
                          "m ARRAY<MAP<STRING, STRUCT<x: INT NOT NULL>>>, n STRUCT<>");
        Assert.Equal(s, DataType.FromJson(s.Json));
        Assert.Equal(s.Json, DataType.FromJson(s.Json).Json);
        var noNulls = new ArrayType(new MapType(new IntegerType(), new StringType(), false), false);
        Assert.Equal(noNulls, DataType.FromJson(noNulls.Json));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("foo BAR")]
    [InlineData("STRUCT<a INT")]
    [InlineData("ARRAY<>")]
    [InlineData("MAP<STRING>")]
    [InlineData("a INT,")]
    [InlineData("a INT b")]
    [InlineData("DECIMAL(40,2)")]
    [InlineData("DECIMAL(5,7)")]
    [InlineData("DECIMAL(99999999999,2)")]
    [InlineData("a INT NOT")]
    [InlineData("`unterminated INT")]
    public void FromDDL_BadInput_AnalysisExceptionWithMessage(string ddl)
    {
        var e = Record.Exception(() => DataType.FromDDL(ddl));
        Assert.IsAssignableFrom<AnalysisException>(e);
        Assert.False(string.IsNullOrWhiteSpace(e!.Message));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"type\":\"nope\"}")]
    [InlineData("{\"fields\":[]}")]
    [InlineData("\"notatype\"")]
    [InlineData("{\"type\":\"struct\"}")]
    public void FromJson_BadInput_ClearException(string json)
    {
        var e = Record.Exception(() => DataType.FromJson(json));
        Assert.NotNull(e);
        Assert.True(e is AnalysisException or ArgumentException, $"{e!.GetType().Name}: {e.Message}");
    }

    [Fact]
    public void DataTypes_SqlAndTypeName_SparkNames()
    {
        Assert.Equal("integer", new IntegerType().TypeName);
        Assert.Equal("INT", new IntegerType().Sql);
        Assert.Equal("BIGINT", new LongType().Sql);
        Assert.Equal("STRUCT<a: INT, `b c`: ARRAY<STRING>>", DataType.FromDDL("STRUCT<a: INT, `b c`: ARRAY<STRING>>").Sql);
        Assert.Equal("MAP<STRING, DOUBLE>", DataType.FromDDL("MAP<STRING, DOUBLE>").Sql);
        Assert.Equal("DECIMAL(10,2)", new DecimalType(10, 2).Sql);
        Assert.Equal("void", new NullType().TypeName);
    }

    [Fact]
    public void DTypes_UseSimpleStrings()
    {
        var df = Df("a INT, b ARRAY<BIGINT>, c STRUCT<x: STRING>");
        Assert.Equal(new[] { "a:int", "b:array<bigint>", "c:struct<x:string>" }, df.DTypes().Select(t => t.Item1 + ":" + t.Item2).ToArray());
    }
}
