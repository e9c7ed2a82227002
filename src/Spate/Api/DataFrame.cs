using Spate.Columnar;
using Spate.Execution;
using Spate.Expressions;
using Spate.Plans;
using Spate.Sql.Streaming;
using Spate.Sql.Types;

namespace Spate.Sql;

/// <summary>
/// A distributed collection of rows with named columns: a static table or an unbounded stream. Transformations
/// (<c>Select</c>, <c>Where</c>, <c>GroupBy</c> ...) build a plan and are checked at once; actions (<c>Show</c>,
/// <c>Collect</c>, <c>Count</c>) run it. A streaming DataFrame runs only through <c>WriteStream().Start()</c>.
/// </summary>
public sealed class DataFrame
{
    internal DataFrame(SparkSession session, LogicalPlan plan)
    {
        Session = session;
        Plan = plan;
    }

    internal SparkSession Session { get; }
    internal LogicalPlan Plan { get; }

    /// <summary>The session this DataFrame belongs to.</summary>
    public SparkSession SparkSession => Session;

    private DataFrame With(LogicalPlan node) => new(Session, Analyzer.ResolveNode(node));

    // ---------- schema ----------

    /// <summary>The schema.</summary>
    public StructType Schema() => Plan.Schema;

    /// <summary>The column names, in order.</summary>
    public IReadOnlyList<string> Columns() => Plan.Output.Select(a => a.Name).ToArray();

    /// <summary>Column names with their DDL types.</summary>
    public IEnumerable<Tuple<string, string>> DTypes() => Plan.Output.Select(a => Tuple.Create(a.Name, a.DataType.SimpleString));

    /// <summary>Prints the schema as a tree, as Spark's <c>printSchema()</c>.</summary>
    public void PrintSchema() => PrintSchema(int.MaxValue);

    /// <summary>Prints the schema down to <paramref name="level"/> levels of nesting.</summary>
    // Spark prints with println, so the tree (which ends in a newline) is followed by an empty line.
    public void PrintSchema(int level) => Console.Write(Schema().TreeString(level) + "\n");

    /// <summary>True when this DataFrame reads a stream.</summary>
    public bool IsStreaming() => Plan.IsStreaming;

    /// <summary>The column named <paramref name="columnName"/> of this DataFrame (unambiguous in joins).</summary>
    public Column Col(string columnName)
    {
        if (columnName == "*") return new Column(new UnresolvedStar(null));
        return new Column(Analyzer.ResolveAttribute(UnresolvedAttribute.Parse(columnName), Plan.Output));
    }

    public Column this[string columnName] => Col(columnName);

    // ---------- transformations ----------

    public DataFrame Select(params Column[] columns) => With(new Project(NotNull(columns).Select(c => AsNamed(NotNull(c).Expr)).ToArray(), Plan));

    public DataFrame Select(string column, params string[] columns) =>
        Select(new[] { column }.Concat(columns).Select(Functions.Col).ToArray());

    /// <summary>Selects SQL expressions: <c>SelectExpr("name", "amount * 2 AS doubled")</c>.</summary>
    public DataFrame SelectExpr(params string[] expressions) => Select(expressions.Select(Functions.Expr).ToArray());

    public DataFrame Where(Column condition) => With(new Filter(NotNull(condition).Expr, Plan));
    public DataFrame Where(string conditionExpr) => Where(Functions.Expr(conditionExpr));
    public DataFrame Filter(Column condition) => Where(condition);
    public DataFrame Filter(string conditionExpr) => Where(conditionExpr);

    /// <summary>Adds a column, or replaces the one with the same name.</summary>
    public DataFrame WithColumn(string colName, Column col)
    {
        ArgumentNullException.ThrowIfNull(colName);
        ArgumentNullException.ThrowIfNull(col);
        var output = Plan.Output;
        var list = new List<Expression>();
        bool replaced = false;
        foreach (var a in output)
        {
            if (string.Equals(a.Name, colName, StringComparison.OrdinalIgnoreCase))
            {
                if (!replaced) list.Add(new Alias(Unalias(col.Expr), colName));
                replaced = true;
            }
            else list.Add(a);
        }
        if (!replaced) list.Add(new Alias(Unalias(col.Expr), colName));
        return With(new Project(list.Select(AsNamed).ToArray(), Plan));
    }

    /// <summary>Adds or replaces several columns.</summary>
    public DataFrame WithColumns(IReadOnlyDictionary<string, Column> colsMap)
    {
        var df = this;
        foreach (var kv in colsMap) df = df.WithColumn(kv.Key, kv.Value);
        return df;
    }

    /// <summary>Renames a column; a no-op when it does not exist, as in Spark.</summary>
    public DataFrame WithColumnRenamed(string existingName, string newName)
    {
        if (!Plan.Output.Any(a => string.Equals(a.Name, existingName, StringComparison.OrdinalIgnoreCase))) return this;
        return With(new Project(Plan.Output.Select(a => string.Equals(a.Name, existingName, StringComparison.OrdinalIgnoreCase)
            ? (NamedExpression)new Alias(a, newName) : a).ToArray(), Plan));
    }

    /// <summary>Drops columns by name; names that do not exist are ignored, as in Spark.</summary>
    public DataFrame Drop(params string[] colNames)
    {
        var keep = Plan.Output.Where(a => !colNames.Any(n => string.Equals(n, a.Name, StringComparison.OrdinalIgnoreCase))).ToArray();
        return keep.Length == Plan.Output.Count ? this : With(new Project(keep, Plan));
    }

    public DataFrame Drop(Column col)
    {
        var e = Analyzer.ResolveExpression(col.Expr, Plan.Output);
        if (e is not AttributeReference attr) return this;
        return With(new Project(Plan.Output.Where(a => a.ExprId != attr.ExprId).ToArray(), Plan));
    }

    public RelationalGroupedDataset GroupBy(params Column[] columns) => new(this, NotNull(columns).Select(c => NotNull(c).Expr).ToArray());
    public RelationalGroupedDataset GroupBy(string column, params string[] columns) => GroupBy(new[] { column }.Concat(columns).Select(Functions.Col).ToArray());
    public RelationalGroupedDataset GroupByKey(params Column[] columns) => GroupBy(columns);

    /// <summary>Aggregates over the whole DataFrame: <c>Agg(Max("amount"))</c>.</summary>
    public DataFrame Agg(Column expr, params Column[] exprs) => GroupBy().Agg(expr, exprs);

    /// <summary>Joins on a condition: <c>Join(other, left["id"] == right["id"], "left")</c>.</summary>
    public DataFrame Join(DataFrame right, Column joinExpr, string joinType = "inner") =>
        With(new Join(Plan, Deduplicated(NotNull(right).Plan), ParseJoinType(joinType), NotNull(joinExpr).Expr));

    // A self-join sees the same attribute ids on both sides: give the right side fresh ones (Spark's DeduplicateRelations).
    private LogicalPlan Deduplicated(LogicalPlan right)
    {
        var left = Plan.Output.Select(a => a.ExprId).ToHashSet();
        if (!right.Output.Any(a => left.Contains(a.ExprId))) return right;
        // Keep a DataFrame alias on top, so `alias.column` still resolves on the right side.
        if (right is SubqueryAlias alias) return new SubqueryAlias(alias.AliasName, Deduplicated(alias.Child));
        return Analyzer.ResolveNode(new Project(right.Output.Select(a => (NamedExpression)new Alias(a, a.Name)).ToArray(), right));
    }

    /// <summary>Joins on one column with the same name on both sides, which appears once in the output.</summary>
    public DataFrame Join(DataFrame right, string usingColumn) => Join(right, new[] { usingColumn }, "inner");

    /// <summary>Joins on columns with the same names on both sides, which appear once in the output.</summary>
    public DataFrame Join(DataFrame right, IEnumerable<string> usingColumns, string joinType = "inner")
    {
        ArgumentNullException.ThrowIfNull(right);
        var names = NotNull(usingColumns).Select(NotNull).ToArray();
        var type = ParseJoinType(joinType);
        var leftKeys = names.Select(n => Analyzer.ResolveAttribute(new UnresolvedAttribute(new[] { n }), Plan.Output)).Cast<AttributeReference>().ToArray();
        var rightPlan = Deduplicated(right.Plan);
        var rightKeys = names.Select(n => Analyzer.ResolveAttribute(new UnresolvedAttribute(new[] { n }), rightPlan.Output)).Cast<AttributeReference>().ToArray();
        Expression? cond = null;
        for (int i = 0; i < names.Length; i++)
        {
            Expression eq = new Comparison(CompareOp.Eq, leftKeys[i], rightKeys[i]);
            cond = cond == null ? eq : new And(cond, eq);
        }
        var joined = Analyzer.ResolveNode(new Join(Plan, rightPlan, type, cond));
        if (type is JoinType.LeftSemi or JoinType.LeftAnti) return new DataFrame(Session, joined);
        // USING columns once (coalesced for full outer), then the other columns of each side.
        var keyCols = names.Select((n, i) => (NamedExpression)(type switch
        {
            JoinType.RightOuter => rightKeys[i],
            JoinType.FullOuter => new Alias(new Coalesce(new Expression[] { leftKeys[i], rightKeys[i] }), leftKeys[i].Name),
            _ => leftKeys[i],
        })).ToList();
        var leftIds = leftKeys.Select(k => k.ExprId).ToHashSet();
        var rightIds = rightKeys.Select(k => k.ExprId).ToHashSet();
        var joinedOutput = joined.Output;
        var rest = joinedOutput.Where(a => !leftIds.Contains(a.ExprId) && !rightIds.Contains(a.ExprId));
        return With(new Project(keyCols.Concat(rest).ToArray(), joined));
    }

    public DataFrame CrossJoin(DataFrame right) => With(new Join(Plan, Deduplicated(NotNull(right).Plan), JoinType.Cross, null));

    // Null arguments fail with the parameter's type named, not a NullReferenceException deep in analysis.
    private static T NotNull<T>(T? value) where T : class =>
        value ?? throw new ArgumentNullException(null, $"A {typeof(T).Name} argument must not be null.");

    private static JoinType ParseJoinType(string joinType) => NotNull(joinType).ToLowerInvariant().Replace("_", "") switch
    {
        "inner" => JoinType.Inner,
        "cross" => JoinType.Cross,
        "outer" or "full" or "fullouter" => JoinType.FullOuter,
        "left" or "leftouter" => JoinType.LeftOuter,
        "right" or "rightouter" => JoinType.RightOuter,
        "semi" or "leftsemi" => JoinType.LeftSemi,
        "anti" or "leftanti" => JoinType.LeftAnti,
        _ => throw new ArgumentException($"[UNSUPPORTED_JOIN_TYPE] Unsupported join type '{joinType}'. Supported join types include: 'inner', 'outer', 'full', 'fullouter', 'full_outer', 'leftouter', 'left', 'left_outer', 'rightouter', 'right', 'right_outer', 'leftsemi', 'left_semi', 'semi', 'leftanti', 'left_anti', 'anti', 'cross'."),
    };

    /// <summary>Rows of both, by column position (UNION ALL).</summary>
    public DataFrame Union(DataFrame other) => With(new Union(new[] { Plan, NotNull(other).Plan }));
    public DataFrame UnionAll(DataFrame other) => Union(other);

    /// <summary>Rows of both, matching columns by name.</summary>
    public DataFrame UnionByName(DataFrame other, bool allowMissingColumns = false)
    {
        ArgumentNullException.ThrowIfNull(other);
        var projected = new List<NamedExpression>();
        foreach (var a in Plan.Output)
        {
            var match = other.Plan.Output.FirstOrDefault(b => string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase));
            if (match != null) projected.Add(match);
            else if (allowMissingColumns) projected.Add(new Alias(new Literal(null, a.DataType), a.Name));
            else throw new AnalysisException($"[NUM_COLUMNS_MISMATCH] Cannot resolve column name \"{a.Name}\" among ({string.Join(", ", other.Columns())}).");
        }
        if (!allowMissingColumns && other.Plan.Output.Count != Plan.Output.Count)
            throw new AnalysisException($"[NUM_COLUMNS_MISMATCH] UNION can only be performed on inputs with the same number of columns, but the first input has {Plan.Output.Count} columns and the second input has {other.Plan.Output.Count} columns.");
        var left = Plan;
        if (allowMissingColumns)
        {
            var extra = other.Plan.Output.Where(b => !Plan.Output.Any(a => string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase))).ToList();
            if (extra.Count > 0)
            {
                left = new Project(Plan.Output.Cast<NamedExpression>().Concat(extra.Select(b => new Alias(new Literal(null, b.DataType), b.Name))).ToArray(), Plan);
                projected.AddRange(extra);
            }
        }
        return With(new Union(new[] { left, new Project(projected, other.Plan) }));
    }

    public DataFrame Distinct() => With(new Deduplicate(Plan.Output, Plan));
    public DataFrame DropDuplicates() => Distinct();

    public DataFrame DropDuplicates(params string[] colNames)
    {
        if (colNames.Length == 0) return Distinct();
        var keys = colNames.Select(n => Plan.Output.FirstOrDefault(a => string.Equals(a.Name, n, StringComparison.OrdinalIgnoreCase))
            ?? throw Analyzer.UnresolvedColumn(n, Plan.Output)).ToArray();
        return With(new Deduplicate(keys, Plan));
    }

    /// <summary>Drops rows whose columns repeat a row seen within the watermark's delay (streams with a watermark).</summary>
    public DataFrame DropDuplicatesWithinWatermark(params string[] colNames)
    {
        var keys = (colNames.Length == 0 ? Plan.Output : colNames.Select(n => Plan.Output.FirstOrDefault(a => string.Equals(a.Name, n, StringComparison.OrdinalIgnoreCase))
            ?? throw Analyzer.UnresolvedColumn(n, Plan.Output))).ToArray();
        if (Plan.IsStreaming && !Plan.Descendants().OfType<EventTimeWatermark>().Any())
            throw new AnalysisException("dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without watermark.");
        return With(new Deduplicate(keys, Plan, withinWatermark: true));
    }

    public DataFrame OrderBy(params Column[] columns) => With(new Sort(NotNull(columns).Select(c => ToSortOrder(NotNull(c))).ToArray(), true, Plan));
    public DataFrame OrderBy(string column, params string[] columns) => OrderBy(new[] { column }.Concat(columns).Select(Functions.Col).ToArray());
    public DataFrame Sort(params Column[] columns) => OrderBy(columns);
    public DataFrame Sort(string column, params string[] columns) => OrderBy(column, columns);
    public DataFrame SortWithinPartitions(params Column[] columns) => With(new Sort(columns.Select(ToSortOrder).ToArray(), false, Plan));

    private static SortOrder ToSortOrder(Column c) => c.Expr as SortOrder ?? new SortOrder(c.Expr, true);

    public DataFrame Limit(int n)
    {
        if (n < 0) throw new AnalysisException($"[INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE] The limit like expression \"{n}\" is invalid. The limit expression must be equal to or greater than 0, but got {n}.");
        return With(new Limit(n, Plan));
    }

    /// <summary>Names this DataFrame so its columns can be written <c>alias.column</c>.</summary>
    public DataFrame Alias(string alias) => With(new SubqueryAlias(alias, Plan));
    public DataFrame As(string alias) => Alias(alias);

    /// <summary>Spreads the rows over <paramref name="numPartitions"/> partitions.</summary>
    public DataFrame Repartition(int numPartitions, params Column[] partitionExprs) =>
        With(new Repartition(numPartitions, partitionExprs.Select(c => c.Expr).ToArray(), Plan));

    public DataFrame Coalesce(int numPartitions) => Repartition(numPartitions);

    /// <summary>Cached results are not kept: each action recomputes. Returns this DataFrame.</summary>
    public DataFrame Cache() => this;
    public DataFrame Persist() => this;
    public DataFrame Unpersist(bool blocking = false) => this;

    /// <summary>Declares the event-time column and how late its rows may arrive (streaming).</summary>
    public DataFrame WithWatermark(string eventTime, string delayThreshold)
    {
        var attr = Analyzer.ResolveAttribute(UnresolvedAttribute.Parse(eventTime), Plan.Output) as AttributeReference
            ?? throw new AnalysisException($"[UNRESOLVED_COLUMN] Event time must be a top-level column: {eventTime}.");
        if (attr.DataType is not TimestampType and not DateType)
            throw new AnalysisException($"[EVENT_TIME_IS_NOT_ON_TIMESTAMP_TYPE] The event time `{attr.Name}` has the invalid type \"{attr.DataType.Sql}\", but expected \"TIMESTAMP\".");
        return With(new EventTimeWatermark(attr, Spate.Streaming.IntervalParser.ParseMillis(delayThreshold), Plan));
    }

    // ---------- actions ----------

    private void CheckBatch(string action)
    {
        if (Plan.IsStreaming)
            throw new AnalysisException($"Queries with streaming sources must be executed with writeStream.start();");
        if (Session.IsStopped) throw new InvalidOperationException("Cannot call methods on a stopped SparkSession.");
    }

    internal QueryExecution Execute() => new(Session, Plan);

    /// <summary>All rows.</summary>
    public IEnumerable<Row> Collect()
    {
        CheckBatch("collect");
        var schema = Schema();
        return Execute().Collect().SelectMany(b => Enumerable.Range(0, b.RowCount).Select(i => (Row)new GenericRow(b.GetRowValues(i), schema))).ToList();
    }

    public IEnumerable<Row> ToLocalIterator() => Collect();

    /// <summary>The first <paramref name="n"/> rows.</summary>
    public IEnumerable<Row> Take(int n) => Limit(n).Collect();
    public IEnumerable<Row> Head(int n) => Take(n);
    public Row Head() => Take(1).FirstOrDefault() ?? throw new InvalidOperationException("next on empty iterator");
    public Row First() => Head();
    public IEnumerable<Row> Tail(int n) { var all = Collect().ToList(); return all.Skip(Math.Max(0, all.Count - n)).ToList(); }

    /// <summary>Number of rows.</summary>
    public long Count()
    {
        CheckBatch("count");
        var agg = GroupBy().Agg(new Column(Expressions.Count.Star()).Alias("count"));
        return (long)agg.Collect().First().Values[0]!;
    }

    public bool IsEmpty() => !Take(1).Any();

    /// <summary>Prints the first rows as a table, as Spark's <c>show()</c>.</summary>
    /// <remarks>Like Spark's <c>println(showString(...))</c>, a blank line follows the table.</remarks>
    public void Show(int numRows = 20, int truncate = 20, bool vertical = false) => Console.WriteLine(ShowString(numRows, truncate, vertical));

    /// <summary>Prints the first rows; <paramref name="truncate"/> false shows whole cells, left-aligned.</summary>
    public void Show(int numRows, bool truncate) => Show(numRows, truncate ? 20 : 0);

    /// <summary>The text <see cref="Show(int, int, bool)"/> prints.</summary>
    public string ShowString(int numRows = 20, int truncate = 20, bool vertical = false)
    {
        CheckBatch("show");
        // As Spark: clamp to [0, a little under int.MaxValue] (one more row is fetched to know if there are more).
        numRows = Math.Clamp(numRows, 0, int.MaxValue - 16);
        var rows = Spate.Sql.ShowString.Rows(Limit(numRows + 1).Execute().Collect(), numRows + 1);
        return Spate.Sql.ShowString.Format(Columns(), rows, numRows, truncate, vertical);
    }

    /// <summary>Prints the physical plan, or every plan with <paramref name="extended"/>.</summary>
    public void Explain(bool extended = false) => Console.Write(ExplainString(extended));

    internal string ExplainString(bool extended)
    {
        if (Plan.IsStreaming)
        {
            var text = Plan.TreeString();
            return extended ? $"== Analyzed Logical Plan ==\n{text}" : $"== Physical Plan ==\n{text}";
        }
        return Execute().Explain(extended);
    }

    public void CreateOrReplaceTempView(string viewName) => Session.RegisterView(viewName, Plan, replace: true);
    public void CreateTempView(string viewName) => Session.RegisterView(viewName, Plan, replace: false);
    public void CreateOrReplaceGlobalTempView(string viewName) => Session.RegisterView("global_temp." + viewName, Plan, replace: true);

    /// <summary>Writes this streaming DataFrame: <c>WriteStream().OutputMode("update").Format("console").Start()</c>.</summary>
    public DataStreamWriter WriteStream()
    {
        if (!Plan.IsStreaming)
            throw new AnalysisException("'writeStream' can be called only on streaming Dataset/DataFrame");
        return new DataStreamWriter(this);
    }

    /// <summary>Writes this DataFrame in batch.</summary>
    public DataFrameWriter Write()
    {
        if (Plan.IsStreaming) throw new AnalysisException("'write' can not be called on streaming Dataset/DataFrame");
        return new DataFrameWriter(this);
    }

    internal static NamedExpression AsNamed(Expression e) => e as NamedExpression ?? new UnresolvedAlias(e);
    private static Expression Unalias(Expression e) => e is Alias a ? a.Child : e;

    public override string ToString() => "DataFrame[" + string.Join(", ", Plan.Output.Select(a => $"{a.Name}: {a.DataType.SimpleString}")) + "]";
}
