using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Tests.Sql;

public class SqlQueryTests
{
    private static SparkSession Spark => TestSession.Spark;

    static SqlQueryTests()
    {
        var emp = new StructType(new[]
        {
            new StructField("name", StringType.Instance),
            new StructField("dept", StringType.Instance),
            new StructField("salary", IntegerType.Instance),
        });
        Spark.CreateDataFrame(new[]
        {
            new GenericRow(new object?[] { "ann", "eng", 100 }),
            new GenericRow(new object?[] { "bob", "eng", 80 }),
            new GenericRow(new object?[] { "cat", "ops", 50 }),
            new GenericRow(new object?[] { "dan", "ops", null }),
            new GenericRow(new object?[] { "eve", "hr", 70 }),
            new GenericRow(new object?[] { "fay", null, 60 }),
        }, emp).CreateOrReplaceTempView("sqlq_emp");
        var dept = new StructType(new[]
        {
            new StructField("dept", StringType.Instance),
            new StructField("floor", IntegerType.Instance),
        });
        Spark.CreateDataFrame(new[]
        {
            new GenericRow(new object?[] { "eng", 3 }),
            new GenericRow(new object?[] { "ops", 1 }),
            new GenericRow(new object?[] { "sales", 2 }),
        }, dept).CreateOrReplaceTempView("sqlq_dept");
    }

    private static string[] Rows(DataFrame df) =>
        df.Collect().Select(r => string.Join(",", r.Values.Select(v => v?.ToString() ?? "null"))).ToArray();

    [Fact]
    public void Sql_SelectWhere_FiltersAndProjects()
    {
        var df = Spark.Sql("SELECT name, salary * 2 AS double_pay FROM sqlq_emp WHERE salary >= 80 ORDER BY name");
        Assert.Equal(new[] { "name", "double_pay" }, df.Columns());
        Assert.Equal(new[] { "ann,200", "bob,160" }, Rows(df));
    }

    [Fact]
    public void Sql_SelectStar_ReturnsAllColumns()
    {
        var df = Spark.Sql("select * from sqlq_dept order by floor");
        Assert.Equal(new[] { "dept", "floor" }, df.Columns());
        Assert.Equal(new[] { "ops,1", "sales,2", "eng,3" }, Rows(df));
    }

    [Fact]
    public void Sql_SelectWithoutFrom_EvaluatesOnce()
    {
        var df = Spark.Sql("SELECT 1 + 1, 'x' AS s");
        Assert.Equal(new[] { "(1 + 1)", "s" }, df.Columns());
        Assert.Equal(new[] { "2,x" }, Rows(df));
    }

    [Fact]
    public void Sql_GroupByHavingOrderByLimit_Aggregates()
    {
        var df = Spark.Sql(@"
            SELECT dept, count(*) AS n, sum(salary) AS total
            FROM sqlq_emp
            WHERE dept IS NOT NULL
            GROUP BY dept
            HAVING count(*) > 1
            ORDER BY total DESC
            LIMIT 5");
        Assert.Equal(new[] { "dept", "n", "total" }, df.Columns());
        Assert.Equal(new[] { "eng,2,180", "ops,2,50" }, Rows(df));
    }

    [Fact]
    public void Sql_HavingOnAggregateNotSelected_UsesHiddenColumn()
    {
        var df = Spark.Sql("SELECT dept FROM sqlq_emp GROUP BY dept HAVING max(salary) >= 70 ORDER BY min(salary)");
        Assert.Equal(new[] { "dept" }, df.Columns());
        Assert.Equal(new[] { "hr", "eng" }, Rows(df));
    }

    [Fact]
    public void Sql_HavingOnAlias_ResolvesSelectAlias()
    {
        var df = Spark.Sql("SELECT dept, max(salary) AS m FROM sqlq_emp GROUP BY dept HAVING m > 60 ORDER BY dept");
        Assert.Equal(new[] { "eng,100", "hr,70" }, Rows(df));
    }

    [Fact]
    public void Sql_GroupByOrdinalAndAlias_GroupBySelectItem()
    {
        var byOrdinal = Spark.Sql("SELECT coalesce(dept, 'none'), count(*) FROM sqlq_emp GROUP BY 1 ORDER BY 1");
        Assert.Equal(new[] { "coalesce(dept, none)", "count(1)" }, byOrdinal.Columns());
        Assert.Equal(new[] { "eng,2", "hr,1", "none,1", "ops,2" }, Rows(byOrdinal));
        var byAlias = Spark.Sql("SELECT salary > 60 AS high, count(*) AS n FROM sqlq_emp GROUP BY high ORDER BY high");
        Assert.Equal(new[] { "null,1", "False,2", "True,3" }, Rows(byAlias));
    }

    [Fact]
    public void Sql_AggregateWithoutGroupBy_ReturnsOneRow()
    {
        var df = Spark.Sql("SELECT count(*), count(salary), max(salary) FROM sqlq_emp");
        Assert.Equal(new[] { "count(1)", "count(salary)", "max(salary)" }, df.Columns());
        Assert.Equal(new[] { "6,5,100" }, Rows(df));
    }

    [Fact]
    public void Sql_OrderByColumnNotSelected_SortsThenDropsIt()
    {
        var df = Spark.Sql("SELECT name FROM sqlq_emp WHERE salary IS NOT NULL ORDER BY salary DESC, name");
        Assert.Equal(new[] { "name" }, df.Columns());
        Assert.Equal(new[] { "ann", "bob", "eve", "fay", "cat" }, Rows(df));
    }

    [Fact]
    public void Sql_OrderByNullsLastAndOrdinal_Sorts()
    {
        var df = Spark.Sql("SELECT name, salary FROM sqlq_emp ORDER BY 2 ASC NULLS LAST LIMIT 2");
        Assert.Equal(new[] { "cat,50", "fay,60" }, Rows(df));
        var nullsFirst = Spark.Sql("SELECT name FROM sqlq_emp ORDER BY salary NULLS FIRST LIMIT 1");
        Assert.Equal(new[] { "dan" }, Rows(nullsFirst));
    }

    [Fact]
    public void Sql_InnerJoin_MatchesOnCondition()
    {
        var df = Spark.Sql("SELECT e.name, d.floor FROM sqlq_emp e JOIN sqlq_dept AS d ON e.dept = d.dept ORDER BY e.name");
        Assert.Equal(new[] { "name", "floor" }, df.Columns());
        Assert.Equal(new[] { "ann,3", "bob,3", "cat,1", "dan,1" }, Rows(df));
    }

    [Fact]
    public void Sql_OuterJoins_KeepUnmatchedRows()
    {
        var left = Spark.Sql("SELECT e.name, d.floor FROM sqlq_emp e LEFT OUTER JOIN sqlq_dept d ON e.dept = d.dept WHERE d.floor IS NULL ORDER BY e.name");
        Assert.Equal(new[] { "eve,null", "fay,null" }, Rows(left));
        var right = Spark.Sql("SELECT d.dept, e.name FROM sqlq_emp e RIGHT JOIN sqlq_dept d ON e.dept = d.dept WHERE e.name IS NULL");
        Assert.Equal(new[] { "sales,null" }, Rows(right));
        var full = Spark.Sql("SELECT count(*) FROM sqlq_emp e FULL OUTER JOIN sqlq_dept d ON e.dept = d.dept");
        Assert.Equal(new[] { "7" }, Rows(full));
    }

    [Fact]
    public void Sql_SemiAndAntiJoins_FilterLeftRows()
    {
        var semi = Spark.Sql("SELECT name FROM sqlq_emp e LEFT SEMI JOIN sqlq_dept d ON e.dept = d.dept ORDER BY name");
        Assert.Equal(new[] { "ann", "bob", "cat", "dan" }, Rows(semi));
        var anti = Spark.Sql("SELECT name FROM sqlq_emp e LEFT ANTI JOIN sqlq_dept d ON e.dept = d.dept ORDER BY name");
        Assert.Equal(new[] { "eve", "fay" }, Rows(anti));
    }

    [Fact]
    public void Sql_CrossJoinAndSelfJoin_Work()
    {
        Assert.Equal(new[] { "18" }, Rows(Spark.Sql("SELECT count(*) FROM sqlq_emp CROSS JOIN sqlq_dept")));
        var self = Spark.Sql("SELECT a.name, b.name AS other FROM sqlq_emp a JOIN sqlq_emp b ON a.dept = b.dept AND a.name < b.name ORDER BY a.name");
        Assert.Equal(new[] { "ann,bob", "cat,dan" }, Rows(self));
    }

    [Fact]
    public void Sql_JoinThenGroupBy_Aggregates()
    {
        var df = Spark.Sql("SELECT d.floor, sum(e.salary) AS total FROM sqlq_emp e JOIN sqlq_dept d ON e.dept = d.dept GROUP BY d.floor ORDER BY d.floor");
        Assert.Equal(new[] { "1,50", "3,180" }, Rows(df));
    }

    [Fact]
    public void Sql_SubqueryInFrom_IsAliased()
    {
        var df = Spark.Sql("SELECT t.dept, t.n FROM (SELECT dept, count(*) AS n FROM sqlq_emp GROUP BY dept) t WHERE t.n > 1 ORDER BY t.dept");
        Assert.Equal(new[] { "eng,2", "ops,2" }, Rows(df));
    }

    [Fact]
    public void Sql_UnionAndUnionAll_CombineRows()
    {
        var all = Spark.Sql("SELECT dept FROM sqlq_emp WHERE dept = 'eng' UNION ALL SELECT dept FROM sqlq_dept WHERE dept = 'eng'");
        Assert.Equal(new[] { "eng", "eng", "eng" }, Rows(all));
        var distinct = Spark.Sql("SELECT dept FROM sqlq_emp WHERE dept IS NOT NULL UNION SELECT dept FROM sqlq_dept ORDER BY dept");
        Assert.Equal(new[] { "eng", "hr", "ops", "sales" }, Rows(distinct));
    }

    [Fact]
    public void Sql_SelectDistinct_RemovesDuplicates()
    {
        var df = Spark.Sql("SELECT DISTINCT dept FROM sqlq_emp WHERE dept IS NOT NULL ORDER BY dept DESC");
        Assert.Equal(new[] { "ops", "hr", "eng" }, Rows(df));
    }

    [Fact]
    public void Sql_WithClause_DefinesNamedQuery()
    {
        var df = Spark.Sql("WITH rich AS (SELECT * FROM sqlq_emp WHERE salary > 75) SELECT count(*) AS n FROM rich");
        Assert.Equal(new[] { "2" }, Rows(df));
    }

    [Fact]
    public void Sql_RangeTableFunction_ProducesIds()
    {
        Assert.Equal(new[] { "2", "3", "4" }, Rows(Spark.Sql("SELECT id FROM range(2, 5)")));
    }

    [Fact]
    public void Sql_UnknownView_ThrowsTableOrViewNotFound()
    {
        var ex = Assert.Throws<AnalysisException>(() => Spark.Sql("SELECT * FROM sqlq_missing"));
        Assert.StartsWith("[TABLE_OR_VIEW_NOT_FOUND] The table or view `sqlq_missing` cannot be found.", ex.Message);
        Assert.EndsWith("; line 1 pos 14", ex.Message);
    }

    [Fact]
    public void Sql_UnknownColumn_ThrowsUnresolvedColumn()
    {
        var ex = Assert.Throws<AnalysisException>(() => Spark.Sql("SELECT nme FROM sqlq_emp"));
        Assert.StartsWith("[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name `nme` cannot be resolved.", ex.Message);
    }

    [Fact]
    public void Sql_NonAggregatedColumn_ThrowsMissingAggregation()
    {
        var ex = Assert.Throws<AnalysisException>(() => Spark.Sql("SELECT name, count(*) FROM sqlq_emp GROUP BY dept"));
        Assert.StartsWith("[MISSING_AGGREGATION]", ex.Message);
    }

    [Fact]
    public void Sql_AggregateInWhere_ThrowsInvalidWhereCondition()
    {
        var ex = Assert.Throws<AnalysisException>(() => Spark.Sql("SELECT name FROM sqlq_emp WHERE count(*) > 1"));
        Assert.StartsWith("[INVALID_WHERE_CONDITION]", ex.Message);
    }

    [Theory]
    [InlineData("SELECT name FROM sqlq_emp WHERE", "end of input", 31)]
    [InlineData("SELECT name FROM sqlq_emp LIMIT 1 2", "'2': extra input '2'", 34)]
    [InlineData("SELEC name FROM sqlq_emp", "'SELEC'", 0)]
    [InlineData("SELECT name, FROM sqlq_emp", "'FROM'", 13)]
    public void Sql_BadSyntax_ThrowsParseSyntaxError(string sql, string near, int pos)
    {
        var ex = Assert.Throws<ParseException>(() => Spark.Sql(sql));
        Assert.StartsWith($"[PARSE_SYNTAX_ERROR] Syntax error at or near {near}.(line 1, pos {pos})", ex.Message);
    }

    [Fact]
    public void Sql_EmptyStatement_ThrowsParseEmptyStatement()
    {
        var ex = Assert.Throws<ParseException>(() => Spark.Sql("  "));
        Assert.Equal("[PARSE_EMPTY_STATEMENT] Syntax error, unexpected empty statement.", ex.Message);
    }

    [Fact]
    public void Sql_NegativeLimit_ThrowsInvalidLimit()
    {
        var ex = Assert.Throws<ParseException>(() => Spark.Sql("SELECT name FROM sqlq_emp LIMIT -1"));
        Assert.StartsWith("[INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE]", ex.Message);
    }
}
