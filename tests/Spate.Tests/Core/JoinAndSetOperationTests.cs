using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Sql.Functions;
using static Spate.Tests.Core.CoreTestUtil;

namespace Spate.Tests.Core;

/// <summary>Joins of every type (nulls in keys never match, duplicate keys multiply) and set operations.</summary>
public class JoinAndSetOperationTests
{
    private static DataFrame Left() => Df("k INT, lv STRING",
        new object?[] { 1, "a" }, new object?[] { 2, "b" }, new object?[] { 2, "b2" }, new object?[] { null, "n" });

    private static DataFrame Right() => Df("k INT, rv STRING",
        new object?[] { 2, "x" }, new object?[] { 3, "y" }, new object?[] { null, "m" }, new object?[] { 2, "x2" });

    private static string[] JoinOn(string type)
    {
        var l = Left();
        var r = Right();
        return SortedRows(l.Join(r, l["k"] == r["k"], type));
    }

    [Fact]
    public void Join_Inner_DuplicatesMultiplyNullsNeverMatch()
    {
        Assert.Equal(new[] { "2,b,2,x", "2,b,2,x2", "2,b2,2,x", "2,b2,2,x2" }, JoinOn("inner"));
    }

    [Fact]
    public void Join_LeftOuter_UnmatchedLeftWithNulls()
    {
        Assert.Equal(new[] { "1,a,null,null", "2,b,2,x", "2,b,2,x2", "2,b2,2,x", "2,b2,2,x2", "null,n,null,null" }, JoinOn("left"));
        Assert.Equal(JoinOn("left"), JoinOn("left_outer"));
        Assert.Equal(JoinOn("left"), JoinOn("leftouter"));
    }

    [Fact]
    public void Join_RightOuter_UnmatchedRightWithNulls()
    {
        Assert.Equal(new[] { "2,b,2,x", "2,b,2,x2", "2,b2,2,x", "2,b2,2,x2", "null,null,3,y", "null,null,null,m" }, JoinOn("right"));
    }

    [Fact]
    public void Join_FullOuter_BothSidesUnmatched()
    {
        var expected = new[] { "1,a,null,null", "2,b,2,x", "2,b,2,x2", "2,b2,2,x", "2,b2,2,x2", "null,n,null,null", "null,null,3,y", "null,null,null,m" };
        Assert.Equal(expected, JoinOn("full"));
        Assert.Equal(expected, JoinOn("outer"));
        Assert.Equal(expected, JoinOn("full_outer"));
    }

    [Fact]
    public void Join_LeftSemi_LeftColumnsOnceEach()
    {
        var l = Left();
        var r = Right();
        var df = l.Join(r, l["k"] == r["k"], "left_semi");
        Assert.Equal(new[] { "k", "lv" }, df.Columns());
        Assert.Equal(new[] { "2,b", "2,b2" }, SortedRows(df));
    }

    [Fact]
    public void Join_LeftAnti_KeepsNullKeyRows()
    {
        var l = Left();
        var r = Right();
        var df = l.Join(r, l["k"] == r["k"], "anti");
        Assert.Equal(new[] { "k", "lv" }, df.Columns());
        Assert.Equal(new[] { "1,a", "null,n" }, SortedRows(df));
    }

    [Fact]
    public void Join_Cross_AllPairs()
    {
        Assert.Equal(16, Left().CrossJoin(Right()).Count());
        Assert.Equal(new[] { "k", "lv", "k", "rv" }, Left().CrossJoin(Right()).Columns());
    }

    [Fact]
    public void Join_NonEquiCondition_Works()
    {
        var l = Left();
        var r = Right();
        var df = l.Join(r, l["k"] < r["k"], "inner");
        Assert.Equal(new[] { "1,a,2,x", "1,a,2,x2", "1,a,3,y", "2,b,3,y", "2,b2,3,y" }, SortedRows(df));
        var leftOuter = l.Join(r, l["k"] > r["k"], "left");
        Assert.Equal(4, leftOuter.Count());
    }

    [Fact]
    public void Join_EquiPlusExtraCondition_Filtered()
    {
        var l = Left();
        var r = Right();
        var df = l.Join(r, (l["k"] == r["k"]) & (r["rv"] == "x"), "left");
        Assert.Equal(new[] { "1,a,null,null", "2,b,2,x", "2,b2,2,x", "null,n,null,null" }, SortedRows(df));
    }

    [Fact]
    public void Join_EqNullSafeCondition_MatchesNulls()
    {
        var l = Left();
        var r = Right();
        var df = l.Join(r, l["k"].EqNullSafe(r["k"]), "inner");
        Assert.Contains("null,n,null,m", SortedRows(df));
        Assert.Equal(5, df.Count());
    }

    [Fact]
    public void Join_Using_ColumnOnce()
    {
        var df = Left().Join(Right(), new[] { "k" }, "inner");
        Assert.Equal(new[] { "k", "lv", "rv" }, df.Columns());
        Assert.Equal(new[] { "2,b,x", "2,b,x2", "2,b2,x", "2,b2,x2" }, SortedRows(df));
        Assert.Equal(4, Left().Join(Right(), "k").Count());
    }

    [Fact]
    public void Join_UsingFullOuter_CoalescesKey()
    {
        var df = Left().Join(Right(), new[] { "k" }, "full");
        Assert.Equal(new[] { "k", "lv", "rv" }, df.Columns());
        Assert.Equal(new[] { "1,a,null", "2,b,x", "2,b,x2", "2,b2,x", "2,b2,x2", "3,null,y", "null,n,null", "null,null,m" }, SortedRows(df));
    }

    [Fact]
    public void Join_UsingRightOuter_KeyFromRight()
    {
        var df = Left().Join(Right(), new[] { "k" }, "right");
        Assert.Equal(new[] { "k", "lv", "rv" }, df.Columns());
        Assert.Contains("3,null,y", SortedRows(df));
        Assert.Contains("null,null,m", SortedRows(df));
    }

    [Fact]
    public void Join_UsingSemiAnti_LeftColumns()
    {
        Assert.Equal(new[] { "2,b", "2,b2" }, SortedRows(Left().Join(Right(), new[] { "k" }, "semi")));
        Assert.Equal(new[] { "1,a", "null,n" }, SortedRows(Left().Join(Right(), new[] { "k" }, "anti")));
    }

    [Fact]
    public void Join_UsingMissingColumn_AnalysisException()
    {
        var e = Assert.ThrowsAny<AnalysisException>(() => Left().Join(Right(), new[] { "lv" }));
        Assert.Contains("lv", e.Message);
    }

    [Fact]
    public void Join_AmbiguousColumn_AnalysisException()
    {
        var l = Left();
        var r = Right();
        var joined = l.Join(r, l["k"] == r["k"]);
        var e = Assert.ThrowsAny<AnalysisException>(() => joined.Select("k"));
        Assert.Contains("[AMBIGUOUS_REFERENCE]", e.Message);
        Assert.Contains("`k`", e.Message);
        // Qualified through the source DataFrames, it resolves.
        Assert.Equal(4, joined.Select(l["k"], r["rv"]).Count());
    }

    [Fact]
    public void Join_ByAlias_QualifiedNames()
    {
        var df = Left().Alias("l").Join(Right().Alias("r"), Col("l.k") == Col("r.k")).Select(Col("l.lv"), Col("r.rv"));
        Assert.Equal(new[] { "lv", "rv" }, df.Columns());
        Assert.Equal(4, df.Count());
    }

    [Fact]
    public void Join_SelfJoinByCondition_Resolves()
    {
        var df = Left();
        var a = df.Alias("a");
        var b = df.Alias("b");
        var joined = a.Join(b, Col("a.k") == Col("b.k"));
        Assert.Equal(5, joined.Count());
    }

    [Fact]
    public void Join_UnknownType_ArgumentException()
    {
        var l = Left();
        var r = Right();
        var e = Assert.Throws<ArgumentException>(() => l.Join(r, l["k"] == r["k"], "sideways"));
        Assert.Contains("UNSUPPORTED_JOIN_TYPE", e.Message);
    }

    [Fact]
    public void Join_NonBooleanCondition_AnalysisException()
    {
        var l = Left();
        var r = Right();
        Assert.ThrowsAny<AnalysisException>(() => l.Join(r, l["k"] + r["k"]));
    }

    [Fact]
    public void Join_StringKeys_WithMixedIntLongKeys()
    {
        var a = Df("k BIGINT, x STRING", new object?[] { 1L, "a" }, new object?[] { 2L, "b" });
        var b = Df("k INT, y STRING", new object?[] { 1, "c" }, new object?[] { 2, "d" });
        Assert.Equal(new[] { "1,a,1,c", "2,b,2,d" }, SortedRows(a.Join(b, a["k"] == b["k"])));
    }

    [Fact]
    public void Join_ManyRowsAcrossPartitions_AllMatched()
    {
        var a = Spark.Range(0, 2000, 1, 3).Select(Col("id").Alias("k"), (Col("id") % 7).Alias("g"));
        var b = Spark.Range(0, 2000, 2, 2).Select(Col("id").Alias("k2"));
        var joined = a.Join(b, a["k"] == b["k2"], "left");
        Assert.Equal(2000, joined.Count());
        Assert.Equal(1000, joined.Where(Col("k2").IsNotNull()).Count());
    }

    [Fact]
    public void Union_ByPosition_KeepsDuplicates_WidensTypes()
    {
        var a = Df("x INT, y STRING", new object?[] { 1, "a" });
        var b = Df("p BIGINT, q STRING", new object?[] { 1L, "a" }, new object?[] { 2L, "b" });
        var u = a.Union(b);
        Assert.Equal(new[] { "x", "y" }, u.Columns());
        Assert.Equal("bigint", u.Schema().Fields[0].DataType.SimpleString);
        Assert.Equal(new[] { "1,a", "1,a", "2,b" }, SortedRows(u));
        Assert.Equal(new[] { "1,a", "2,b" }, SortedRows(u.Distinct()));
    }

    [Fact]
    public void Union_IntWithString_WidensToString()
    {
        var u = Df("x INT", new object?[] { 1 }).Union(Df("x STRING", new object?[] { "z" }));
        Assert.Equal("string", u.Schema().Fields[0].DataType.SimpleString);
        Assert.Equal(new[] { "1", "z" }, SortedRows(u));
    }

    [Fact]
    public void Union_DifferentColumnCounts_NumColumnsMismatch()
    {
        var e = Assert.ThrowsAny<AnalysisException>(() => Df("x INT").Union(Df("x INT, y INT")));
        Assert.Contains("[NUM_COLUMNS_MISMATCH]", e.Message);
    }

    [Fact]
    public void Union_IncompatibleTypes_AnalysisException()
    {
        var e = Assert.ThrowsAny<AnalysisException>(() => Df("x INT").Union(Df("x BINARY")));
        Assert.Contains("INCOMPATIBLE_COLUMN_TYPE", e.Message);
    }

    [Fact]
    public void UnionByName_ReordersByName()
    {
        var a = Df("x INT, y STRING", new object?[] { 1, "a" });
        var b = Df("y STRING, x INT", new object?[] { "b", 2 });
        var u = a.UnionByName(b);
        Assert.Equal(new[] { "x", "y" }, u.Columns());
        Assert.Equal(new[] { "1,a", "2,b" }, SortedRows(u));
    }

    [Fact]
    public void UnionByName_AllowMissingColumns_FillsNulls()
    {
        var a = Df("x INT, y STRING", new object?[] { 1, "a" });
        var b = Df("z DOUBLE, x INT", new object?[] { 0.5, 2 });
        var u = a.UnionByName(b, allowMissingColumns: true);
        Assert.Equal(new[] { "x", "y", "z" }, u.Columns());
        Assert.Equal(new[] { "1,a,null", "2,null,0.5" }, SortedRows(u));
    }

    [Fact]
    public void UnionByName_MissingColumn_AnalysisException()
    {
        var e = Assert.ThrowsAny<AnalysisException>(() => Df("x INT, y INT").UnionByName(Df("x INT, z INT")));
        Assert.Contains("y", e.Message);
    }

    [Fact]
    public void UnionByName_ExtraColumnOnRight_AnalysisException()
    {
        // Spark: without allowMissingColumns, the sides must have the same number of columns.
        Assert.ThrowsAny<AnalysisException>(() => Df("x INT").UnionByName(Df("x INT, z INT")));
    }
}
