using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Sql.Functions;
using static Spate.Tests.Core.CoreTestUtil;

namespace Spate.Tests.Core;

/// <summary>Spark's analysis errors, and no bare runtime exceptions from bad input anywhere in the public API.</summary>
public class AnalysisErrorTests
{
    private static DataFrame People() => Df("name STRING, dept STRING, salary INT, s STRUCT<a: INT>, arr ARRAY<INT>, m MAP<STRING, INT>",
        new object?[] { "Ann", "eng", 100, new GenericRow(new object?[] { 1 }), new object?[] { 1 }, new Dictionary<object, object?> { ["k"] = 1 } });

    [Fact]
    public void Select_UnknownColumn_UnresolvedColumnWithSuggestion()
    {
        var e = Assert.ThrowsAny<AnalysisException>(() => People().Select("nme"));
        Assert.StartsWith("[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name `nme` cannot be resolved. Did you mean one of the following? [`name`", e.Message);
    }

    [Fact]
    public void Where_UnknownColumn_UnresolvedColumn()
    {
        var e = Assert.ThrowsAny<AnalysisException>(() => People().Where(Col("salry") > 1));
        Assert.Contains("[UNRESOLVED_COLUMN.WITH_SUGGESTION]", e.Message);
        Assert.Contains("`salry`", e.Message);
        Assert.Contains("[`salary`", e.Message);
    }

    [Theory]
    [InlineData("salry")]
    [InlineData("nope")]
    public void UnknownColumn_EveryEntryPoint_Unresolved(string name)
    {
        var df = People();
        var attempts = new Action[]
        {
            () => df.Select(name),
            () => df.SelectExpr(name + " + 1"),
            () => df.Where(Col(name).IsNull()),
            () => df.Filter(name + " > 1"),
            () => df.WithColumn("x", Col(name)),
            () => df.GroupBy(name).Count(),
            () => df.GroupBy("dept").Agg(Max(name)),
            () => df.OrderBy(name),
            () => df.Col(name),
            () => df.Agg(Sum(name)),
        };
        foreach (var a in attempts)
        {
            var e = Assert.ThrowsAny<AnalysisException>(a);
            Assert.Contains("UNRESOLVED_COLUMN", e.Message);
            Assert.Contains($"`{name}`", e.Message);
        }
    }

    [Fact]
    public void GroupBy_NonAggregatedColumn_MissingAggregation()
    {
        var e = Assert.ThrowsAny<AnalysisException>(() => People().GroupBy("dept").Agg(Col("name")));
        Assert.StartsWith("[MISSING_AGGREGATION] The non-aggregating expression \"name\" is based on columns which are not participating in the GROUP BY clause.", e.Message);
        Assert.ThrowsAny<AnalysisException>(() => People().Agg(Max("salary"), Col("name")));
    }

    [Fact]
    public void Where_NonBoolean_DatatypeMismatch()
    {
        var e = Assert.ThrowsAny<AnalysisException>(() => People().Where(Col("salary")));
        Assert.Contains("[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN]", e.Message);
    }

    [Fact]
    public void And_NonBoolean_DatatypeMismatch()
    {
        var e = Assert.ThrowsAny<AnalysisException>(() => People().Select(Col("salary") & Col("name")));
        Assert.Contains("DATATYPE_MISMATCH", e.Message);
    }

    [Fact]
    public void Arithmetic_OnArray_DatatypeMismatch()
    {
        var e = Assert.ThrowsAny<AnalysisException>(() => People().Select(Col("arr") + 1));
        Assert.Contains("DATATYPE_MISMATCH", e.Message);
    }

    [Fact]
    public void Compare_StructWithInt_DatatypeMismatch()
    {
        var e = Assert.ThrowsAny<AnalysisException>(() => People().Where(Col("s") == 1));
        Assert.Contains("DATATYPE_MISMATCH", e.Message);
    }

    [Fact]
    public void AggregateInWhere_AnalysisException()
    {
        Assert.ThrowsAny<AnalysisException>(() => People().Where(Max("salary") > 1));
    }

    [Fact]
    public void NestedAggregate_AnalysisException()
    {
        var e = Assert.ThrowsAny<AnalysisException>(() => People().Agg(Sum(Max("salary"))));
        Assert.Contains("NESTED_AGGREGATE_FUNCTION", e.Message);
    }

    [Fact]
    public void StructField_Unknown_AnalysisException()
    {
        var e = Assert.ThrowsAny<AnalysisException>(() => People().Select("s.zz"));
        Assert.Contains("zz", e.Message);
    }

    /// <summary>Bad inputs to the public API: each gives a Spark-style exception with a message, never a bare
    /// NullReferenceException, KeyNotFoundException, InvalidCastException or IndexOutOfRangeException.</summary>
    public static IEnumerable<object[]> BadInputs()
    {
        var cases = new (string Name, Func<object?> Run)[]
        {
            ("Col(null)", () => Col(null!)),
            ("Select unknown", () => People().Select("nope")),
            ("SelectExpr empty", () => People().SelectExpr("")),
            ("SelectExpr dangling", () => People().SelectExpr("salary +")),
            ("Expr garbage", () => Expr(")(")),
            ("Where parse", () => People().Where("salary >")),
            ("Where empty", () => People().Where("")),
            ("Where null string", () => People().Where((string)null!)),
            ("WithColumn null name", () => People().WithColumn(null!, Lit(1))),
            ("WithColumn null col", () => People().WithColumn("x", null!)),
            ("WithColumnRenamed null", () => People().WithColumnRenamed(null!, "x")),
            ("Drop null", () => People().Drop((string)null!)),
            ("Join null right", () => People().Join(null!, "name")),
            ("Join null using", () => People().Join(People(), (string)null!)),
            ("Join null type", () => { var a = People(); var b = People(); return a.Join(b, a["name"] == b["name"], null!); }),
            ("Join using empty", () => People().Join(People(), System.Array.Empty<string>(), "inner").Collect()),
            ("Union null", () => People().Union(null!)),
            ("UnionByName null", () => People().UnionByName(null!)),
            ("Limit negative", () => People().Limit(-1)),
            ("Take negative", () => People().Take(-1)),
            ("Tail negative", () => People().Tail(-1)),
            ("Repartition zero", () => People().Repartition(0).Collect()),
            ("Repartition negative", () => People().Repartition(-3).Collect()),
            ("DropDuplicates unknown", () => People().DropDuplicates("nope")),
            ("OrderBy unknown", () => People().OrderBy("nope")),
            ("GroupBy unknown", () => People().GroupBy("nope").Count()),
            ("Agg dictionary unknown fn", () => People().GroupBy("dept").Agg(new Dictionary<string, string> { ["salary"] = "nofn" })),
            ("Agg dictionary unknown col", () => People().GroupBy("dept").Agg(new Dictionary<string, string> { ["nope"] = "max" })),
            ("Sum of unknown", () => People().GroupBy("dept").Sum("nope")),
            ("Avg of string", () => People().GroupBy("dept").Avg("name").Collect()),
            ("GetField on int", () => People().Select(Col("salary").GetField("x"))),
            ("GetItem null", () => People().Select(Col("arr").GetItem(null!))),
            ("GetItem string on array", () => People().Select(Col("arr").GetItem("x")).Collect()),
            ("GetItem on string", () => People().Select(Col("name").GetItem(0))),
            ("Star on non-struct", () => People().Select("name.*")),
            ("Star in arithmetic", () => People().Select(Col("*") + 1)),
            ("Cast empty type", () => Col("x").Cast("")),
            ("Cast bad type", () => Col("x").Cast("struct<")),
            ("Cast to null type obj", () => Col("x").Cast((DataType)null!)),
            ("Lit unsupported", () => Lit(new object())),
            ("Lit unsupported in select", () => People().Select(Lit(new Uri("http://x")))),
            ("IsIn unsupported", () => People().Select(Col("salary").IsIn(new object()))),
            ("When on non-when", () => Col("a").When(Col("b"), 1)),
            ("Otherwise twice", () => When(Col("a") == 1, 1).Otherwise(2).Otherwise(3)),
            ("Otherwise on plain", () => Col("a").Otherwise(1)),
            ("Explode int", () => People().Select(Explode(Col("salary")))),
            ("Like null pattern", () => People().Select(Col("name").Like(null!)).Collect()),
            ("CreateDataFrame wrong type", () => Spark.CreateDataFrame(new[] { new GenericRow(new object?[] { "x" }) }, DdlSchema("a INT"))),
            ("CreateDataFrame wrong arity", () => Spark.CreateDataFrame(new[] { new GenericRow(new object?[] { 1, 2 }) }, DdlSchema("a INT"))),
            ("CreateDataFrame null in non-null", () => Spark.CreateDataFrame(new[] { new GenericRow(new object?[] { null }) }, DdlSchema("a INT NOT NULL"))),
            ("CreateDataFrame array for int", () => Spark.CreateDataFrame(new[] { new GenericRow(new object?[] { new object?[] { 1 } }) }, DdlSchema("a INT"))),
            ("CreateDataFrame int for array", () => Spark.CreateDataFrame(new[] { new GenericRow(new object?[] { 1 }) }, DdlSchema("a ARRAY<INT>"))),
            ("CreateDataFrame int for struct", () => Spark.CreateDataFrame(new[] { new GenericRow(new object?[] { 1 }) }, DdlSchema("a STRUCT<x: INT>"))),
            ("CreateDataFrame string for map", () => Spark.CreateDataFrame(new[] { new GenericRow(new object?[] { "m" }) }, DdlSchema("a MAP<STRING, INT>"))),
            ("CreateDataFrame short struct", () => Spark.CreateDataFrame(new[] { new GenericRow(new object?[] { new GenericRow(new object?[] { 1 }) }) }, DdlSchema("a STRUCT<x: INT, y: INT>"))),
            ("CreateDataFrame string for timestamp", () => Spark.CreateDataFrame(new[] { new GenericRow(new object?[] { "not a time" }) }, DdlSchema("a TIMESTAMP"))),
            ("CreateDataFrame long overflow int", () => Spark.CreateDataFrame(new[] { new GenericRow(new object?[] { long.MaxValue }) }, DdlSchema("a INT"))),
            ("CreateDataFrame null rows", () => Spark.CreateDataFrame((IEnumerable<Row>)null!, DdlSchema("a INT"))),
            ("Row unknown name", () => People().First().Get("nope")),
            ("Range step zero", () => Spark.Range(0, 10, 0)),
            ("Sql typo", () => Spark.Sql("SELEC 1")),
            ("Sql unknown table", () => Spark.Sql("SELECT * FROM no_such_table_core")),
            ("Sql empty", () => Spark.Sql("")),
            ("Table empty", () => Spark.Table("")),
            ("Table null", () => Spark.Table(null!)),
            ("StructType unknown field", () => DdlSchema("a INT")["b"]),
            ("Decimal bad precision", () => new DecimalType(0, 0)),
            ("FromDDL null", () => DataType.FromDDL(null!)),
            ("FromJson null", () => DataType.FromJson(null!)),
            ("FromJson empty", () => DataType.FromJson("")),
            ("Division result runtime", () => People().Select(Col("name") / 0).Collect()),
            ("Substring negative length", () => People().Select(Col("name").Substr(1, -5)).Collect()),
            ("Select null column", () => People().Select((Column)null!)),
            ("Where null column", () => People().Where((Column)null!)),
            ("OrderBy null column", () => People().OrderBy((Column)null!)),
            ("GroupBy null column", () => People().GroupBy((Column)null!).Count()),
            ("ShowString huge", () => People().ShowString(int.MaxValue)),
            ("WithWatermark on string", () => People().WithWatermark("name", "1 minute")),
            ("WithWatermark bad delay", () => Df("t TIMESTAMP").WithWatermark("t", "soon")),
            ("WriteStream on batch", () => People().WriteStream()),
            ("CreateTempView duplicate", () => { var n = "core_dup_" + Guid.NewGuid().ToString("N")[..6]; People().CreateTempView(n); People().CreateTempView(n); return null; }),
        };
        return cases.Select(c => new object[] { c.Name, c.Run });
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void PublicApi_BadInput_ClearExceptionNeverBareCrash(string name, Func<object?> run)
    {
        Exception? e;
        try
        {
            var result = run();
            // Some bad inputs are accepted lazily: running the result must then fail cleanly or give Spark's lenient answer.
            if (result is DataFrame df) df.Collect();
            return;
        }
        catch (Exception ex) { e = ex; }
        Assert.True(e is AnalysisException or ArgumentException or SparkException or InvalidOperationException,
            $"{name}: {e.GetType().FullName}: {e.Message}\n{e.StackTrace}");
        Assert.False(string.IsNullOrWhiteSpace(e.Message), name);
        for (var inner = e; inner != null; inner = inner.InnerException)
            Assert.False(inner is NullReferenceException or KeyNotFoundException or InvalidCastException or IndexOutOfRangeException,
                $"{name}: wraps {inner.GetType().FullName}: {inner.Message}\n{inner.StackTrace}");
    }

    // Bad inputs that still crash with a bare runtime exception (bugs outside this suite's files):
    //  - CAST(struct AS INT) passes analysis and fails at run time with InvalidCastException (GenericRow to IConvertible); Spark rejects it in analysis with [DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] (Expressions/Cast.cs)
    //  - CreateDataFrame with a null Row throws NullReferenceException (SparkSession.CreateDataFrame reads r.Values)
    //  - Row.Get(99) throws IndexOutOfRangeException (Row.cs); should be ArgumentOutOfRangeException with the same message
    //  - Row.GetAs<int> on a string throws FormatException (Row.cs ConvertTo); should be InvalidCastException-free ArgumentException naming the column type
    //  - Functions.Count((Column)null) throws NullReferenceException (Api/Functions.cs reads column.Expr)
    public static IEnumerable<object[]> KnownBugInputs()
    {
        var cases = new (string Name, Func<object?> Run)[]
        {
            ("Cast struct to int", () => People().Select(Col("s").Cast("int"))),
            ("CreateDataFrame null row values", () => Spark.CreateDataFrame(new Row[] { null! }, DdlSchema("a INT"))),
            ("Row index out of range", () => People().First().Get(99)),
            ("Row GetAs wrong type", () => People().First().GetAs<int>("name")),
            ("Count null column", () => People().Agg(Count((Column)null!))),
        };
        return cases.Select(c => new object[] { c.Name, c.Run });
    }

    [Theory]
    [MemberData(nameof(KnownBugInputs))]
    public void PublicApi_KnownBadInput_ClearExceptionNeverBareCrash(string name, Func<object?> run) =>
        PublicApi_BadInput_ClearExceptionNeverBareCrash(name, run);
}
