using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Sql.Functions;
using static Spate.Tests.Core.CoreTestUtil;

namespace Spate.Tests.Core;

/// <summary>Select, filters, column edits, aggregation, ordering and actions.</summary>
public class DataFrameOperationTests
{
    private static DataFrame People() => Df("name STRING, dept STRING, salary INT",
        new object?[] { "Ann", "eng", 100 }, new object?[] { "Bob", "eng", 80 }, new object?[] { "Cid", "ops", null },
        new object?[] { "Dee", null, 50 }, new object?[] { "Eve", "ops", 70 });

    [Fact]
    public void Select_ByNamesAndExpressions()
    {
        Assert.Equal(new[] { "Ann,200" }, Rows(People().Where(Col("name") == "Ann").Select(Col("name"), (Col("salary") * 2).Alias("double"))));
        Assert.Equal(new[] { "name", "double" }, People().Select(Col("name"), (Col("salary") * 2).Alias("double")).Columns());
        Assert.Equal(new[] { "name", "dept", "salary" }, People().Select("*").Columns());
    }

    [Fact]
    public void SelectExpr_AliasesAndFunctions()
    {
        var df = People().SelectExpr("upper(name) AS n", "salary + 1", "salary IS NULL");
        Assert.Equal(new[] { "n", "(salary + 1)", "(salary IS NULL)" }, df.Columns());
        Assert.Equal("CID,null,true", Rows(df)[2]);
    }

    [Fact]
    public void Where_StringExpressionAndColumn_Same()
    {
        Assert.Equal(Rows(People().Where(Col("salary") > 60)), Rows(People().Where("salary > 60")));
        Assert.Equal(3, People().Filter("salary > 60").Count());
    }

    [Fact]
    public void WithColumn_ReplacesExistingCaseInsensitively_KeepsPosition()
    {
        var df = People().WithColumn("SALARY", Col("salary") + 1);
        Assert.Equal(new[] { "name", "dept", "SALARY" }, df.Columns());
        Assert.Equal("Ann,eng,101", Rows(df)[0]);
        var added = People().WithColumn("bonus", Lit(5));
        Assert.Equal(new[] { "name", "dept", "salary", "bonus" }, added.Columns());
    }

    [Fact]
    public void WithColumnRenamed_MissingIsNoOp_ExistingRenamed()
    {
        Assert.Equal(new[] { "name", "dept", "salary" }, People().WithColumnRenamed("nope", "x").Columns());
        Assert.Equal(new[] { "name", "department", "salary" }, People().WithColumnRenamed("DEPT", "department").Columns());
    }

    [Fact]
    public void Drop_ByNameAndColumn_MissingIgnored()
    {
        Assert.Equal(new[] { "name", "salary" }, People().Drop("dept", "nope").Columns());
        var df = People();
        Assert.Equal(new[] { "dept", "salary" }, df.Drop(df["name"]).Columns());
    }

    [Fact]
    public void GroupBy_CountSumAvgMinMax_NullsIgnored()
    {
        var df = People().GroupBy("dept").Agg(Count("*").Alias("n"), Count("salary").Alias("c"), Sum("salary"), Avg("salary"), Min("salary"), Max("salary")).OrderBy("dept");
        Assert.Equal(new[] { "null,1,1,50,50.0,50,50", "eng,2,2,180,90.0,80,100", "ops,2,1,70,70.0,70,70" }, Rows(df));
    }

    [Fact]
    public void GroupBy_AllNullGroup_AggregatesAreNullCountZero()
    {
        var df = Df("k STRING, v INT", new object?[] { "a", null }, new object?[] { "a", null });
        Assert.Equal(new[] { "a,null,null,null,0" }, Rows(df.GroupBy("k").Agg(Sum("v"), Avg("v"), Max("v"), Count("v"))));
    }

    [Fact]
    public void GroupBy_ShortcutMethods_SparkColumnNames()
    {
        var g = People().GroupBy("dept");
        Assert.Equal(new[] { "dept", "count" }, g.Count().Columns());
        Assert.Equal(new[] { "dept", "sum(salary)" }, g.Sum("salary").Columns());
        Assert.Equal(new[] { "dept", "avg(salary)" }, g.Avg("salary").Columns());
        Assert.Equal(new[] { "dept", "min(salary)" }, g.Min("salary").Columns());
        Assert.Equal(new[] { "dept", "max(salary)" }, g.Max("salary").Columns());
        Assert.Equal(new[] { "dept", "avg(salary)" }, g.Mean("salary").Columns());
        // No names: every numeric column.
        Assert.Equal(new[] { "dept", "sum(salary)" }, g.Sum().Columns());
    }

    [Fact]
    public void GroupBy_DictionaryAgg_SparkNames()
    {
        var df = People().GroupBy("dept").Agg(new Dictionary<string, string> { ["salary"] = "max" });
        Assert.Equal(new[] { "dept", "max(salary)" }, df.Columns());
    }

    [Fact]
    public void GroupBy_EmptyInput_NoRows()
    {
        var empty = People().Where(Lit(false));
        Assert.Empty(Rows(empty.GroupBy("dept").Count()));
        Assert.Empty(Rows(empty.GroupBy("dept").Agg(Sum("salary"))));
    }

    [Fact]
    public void GlobalAgg_EmptyInput_OneRow()
    {
        var empty = People().Where(Lit(false));
        Assert.Equal(new[] { "0,null,null,null,0" }, Rows(empty.Agg(Count("*"), Sum("salary"), Avg("salary"), Max("name"), Count("salary"))));
        Assert.Equal(0, empty.Count());
        Assert.Equal(new[] { "0" }, Rows(empty.GroupBy().Count()));
    }

    [Fact]
    public void GroupBy_ExpressionKey_NamedAsWritten()
    {
        var df = People().GroupBy(Col("salary") > 60).Count();
        Assert.Equal(new[] { "(salary > 60)", "count" }, df.Columns());
        Assert.Equal(new[] { "false,1", "null,1", "true,3" }, SortedRows(df));
    }

    [Fact]
    public void GroupBy_SumOfLongOverflow_Wraps()
    {
        var df = Df("v BIGINT", new object?[] { long.MaxValue }, new object?[] { 1L });
        Assert.Equal(new[] { $"{long.MinValue}" }, Rows(df.Agg(Sum("v"))));
    }

    [Fact]
    public void Distinct_RemovesDuplicatesIncludingNulls()
    {
        var df = Df("a INT, b STRING", new object?[] { 1, "x" }, new object?[] { 1, "x" }, new object?[] { null, null }, new object?[] { null, null }, new object?[] { 1, null });
        Assert.Equal(new[] { "1,null", "1,x", "null,null" }, SortedRows(df.Distinct()));
    }

    [Fact]
    public void DropDuplicates_Subset_KeepsFirstRow()
    {
        var df = Df("k STRING, v INT", new object?[] { "a", 1 }, new object?[] { "b", 2 }, new object?[] { "a", 3 }, new object?[] { null, 4 }, new object?[] { null, 5 });
        Assert.Equal(new[] { "a,1", "b,2", "null,4" }, SortedRows(df.DropDuplicates("k")));
    }

    [Fact]
    public void DropDuplicates_UnknownColumn_AnalysisException()
    {
        var e = Assert.ThrowsAny<AnalysisException>(() => People().DropDuplicates("nope"));
        Assert.Contains("nope", e.Message);
    }

    [Fact]
    public void OrderBy_MultipleKeysMixedDirections()
    {
        var df = People().OrderBy(Col("dept").Desc(), Col("salary").Asc());
        Assert.Equal(new[] { "Cid", "Eve", "Bob", "Ann", "Dee" }, df.Collect().Select(r => (string)r[0]!).ToArray());
    }

    [Fact]
    public void OrderBy_Strings_OrdinalUtf8Order()
    {
        var df = Spark.CreateDataFrame(new[] { "b", "B", "a", "é", "A", "" });
        Assert.Equal(new[] { "", "A", "B", "a", "b", "é" }, Rows(df.OrderBy("value")));
    }

    [Fact]
    public void OrderBy_ManyRowsAcrossPartitions_TotalOrder()
    {
        var df = Spark.Range(0, 1000, 1, 4).Select(((Col("id") * 7919) % 1000).Alias("v")).OrderBy(Col("v").Desc());
        var values = df.Collect().Select(r => (long)r[0]!).ToArray();
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)(999 - i)).ToArray(), values);
    }

    [Fact]
    public void Limit_AndTakeFirstHead()
    {
        Assert.Equal(3, Spark.Range(10).Limit(3).Count());
        Assert.Equal(0, Spark.Range(10).Limit(0).Count());
        Assert.Equal(new[] { 0L, 1L }, Spark.Range(10).Take(2).Select(r => (long)r[0]!).ToArray());
        Assert.Equal(0L, Spark.Range(10).First()[0]);
        Assert.Equal(5L, Spark.Range(5, 10).Head()[0]);
        Assert.Empty(Spark.Range(3).Take(0));
        Assert.Throws<AnalysisException>(() => Spark.Range(3).Limit(-1));
    }

    [Fact]
    public void First_OnEmpty_ThrowsClearError()
    {
        var e = Record.Exception(() => Spark.Range(0).First());
        Assert.NotNull(e);
        Assert.IsNotType<NullReferenceException>(e);
    }

    [Fact]
    public void Collect_ExternalTypes()
    {
        var df = Df("i INT, l BIGINT, d DOUBLE, s STRING, b BOOLEAN, dt DATE, ts TIMESTAMP, arr ARRAY<INT>, st STRUCT<a: INT>, m MAP<STRING, INT>",
            new object?[] { 1, 2L, 3.0, "x", true, new DateOnly(2024, 1, 2), new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), new object?[] { 1, null }, new GenericRow(new object?[] { 7 }), new Dictionary<object, object?> { ["k"] = 9 } });
        var r = df.Collect().Single();
        Assert.IsType<int>(r[0]);
        Assert.IsType<long>(r[1]);
        Assert.IsType<double>(r[2]);
        Assert.IsType<string>(r[3]);
        Assert.IsType<bool>(r[4]);
        Assert.Equal(new DateOnly(2024, 1, 2), r[5]);
        var ts = Assert.IsType<DateTime>(r[6]);
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), ts.ToUniversalTime());
        Assert.Equal(new object?[] { 1, null }, (object?[])r[7]!);
        Assert.Equal(7, ((Row)r[8]!)[0]);
        Assert.Equal(9, ((System.Collections.IDictionary)r[9]!)["k"]);
        Assert.Equal(1, r.GetAs<int>("i"));
        Assert.Equal("x", r["s"]);
    }

    [Fact]
    public void Count_RangeAndFiltered()
    {
        Assert.Equal(100, Spark.Range(100).Count());
        Assert.Equal(50, Spark.Range(100).Where(Col("id") % 2 == 0).Count());
    }

    [Fact]
    public void ExplainExtended_HasFourSections()
    {
        var text = People().Where(Col("salary") > 1).GroupBy("dept").Count().ExplainString(true);
        var sections = new[] { "== Parsed Logical Plan ==", "== Analyzed Logical Plan ==", "== Optimized Logical Plan ==", "== Physical Plan ==" };
        int last = -1;
        foreach (var s in sections)
        {
            int i = text.IndexOf(s, StringComparison.Ordinal);
            Assert.True(i > last, $"missing or out of order: {s}\n{text}");
            last = i;
        }
        Assert.Contains("dept: string, count: bigint", text);
        var simple = People().ExplainString(false);
        Assert.StartsWith("== Physical Plan ==\n", simple);
        Assert.DoesNotContain("Logical", simple);
    }


    [Fact]
    public void IsStreaming_BatchFalse()
    {
        Assert.False(People().IsStreaming());
        Assert.False(Spark.Range(3).Select(Col("id") + 1).IsStreaming());
    }

    [Fact]
    public void TempView_CreateOrReplaceThenTableAndSql()
    {
        var name = "core_people_" + Guid.NewGuid().ToString("N")[..8];
        People().CreateOrReplaceTempView(name);
        Assert.Equal(5, Spark.Table(name).Count());
        Assert.Equal(new[] { "eng,2" }, Rows(Spark.Sql($"SELECT dept, count(*) AS n FROM {name} WHERE dept = 'eng' GROUP BY dept")));
        Spark.Range(2).CreateOrReplaceTempView(name);
        Assert.Equal(new[] { "id" }, Spark.Table(name).Columns());
    }

    [Fact]
    public void Table_Unknown_AnalysisException()
    {
        var e = Assert.ThrowsAny<AnalysisException>(() => Spark.Table("no_such_view_xyz"));
        Assert.Contains("no_such_view_xyz", e.Message);
    }

    [Fact]
    public void IsEmpty_AndTail()
    {
        Assert.True(Spark.Range(0).IsEmpty());
        Assert.False(Spark.Range(1).IsEmpty());
        Assert.Equal(new[] { 8L, 9L }, Spark.Range(10).Tail(2).Select(r => (long)r[0]!).ToArray());
    }

    [Fact]
    public void Range_StepAndNegative()
    {
        Assert.Equal(new[] { "10", "7", "4", "1" }, Rows(Spark.Range(10, 0, -3)));
        Assert.Empty(Rows(Spark.Range(5, 0)));
    }
}
