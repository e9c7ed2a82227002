using System.Globalization;
using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;
using static Spate.Sql.Functions;

namespace Spate.Databases.Tests;

/// <summary>
/// The behaviour both database sinks share, run against each database by the subclasses: append, update (upsert),
/// complete, exactly-once across restarts, and SQL injection through names and values.
/// </summary>
public abstract class DatabaseSinkTests
{
    protected static SparkSession Spark => TestSession.Spark;

    /// <summary>The sink's format name.</summary>
    protected abstract string Format { get; }

    /// <summary>The options locating the database.</summary>
    protected abstract IDictionary<string, string> Connection { get; }

    /// <summary>Runs a query on the database and returns its rows.</summary>
    protected abstract List<object?[]> Query(string sql);

    /// <summary>Runs a statement on the database.</summary>
    protected void Exec(string sql) => Query(sql);

    /// <summary>A table name no other test uses.</summary>
    protected static string NewTable(string prefix = "t") => prefix + "_" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The rows as "v1,v2" strings (invariant numbers, "null"), in the order the SQL gives.</summary>
    protected List<string> Rows(string sql) =>
        Query(sql).Select(r => string.Join(",", r.Select(v => v switch
        {
            null => "null",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => v.ToString(),
        }))).ToList();

    protected DataStreamWriter Writer(DataFrame df, string table, OutputMode mode) =>
        df.WriteStream().Format(Format).Options(Connection).Option("dbtable", table).OutputMode(mode);

    /// <summary>The messages of an exception and its causes, for assertions on errors surfacing through a query.</summary>
    protected static string Messages(Exception e)
    {
        var parts = new List<string>();
        for (Exception? x = e; x != null; x = x.InnerException) parts.Add(x.Message);
        return string.Join(" | ", parts);
    }

    [Fact]
    public void Append_TwoBatches_InsertsEveryRow()
    {
        var input = new MemoryStream<string>(Spark);
        string table = NewTable();
        var query = Writer(input.ToDF().WithColumnRenamed("value", "id"), table, OutputMode.Append).Start();
        try
        {
            input.AddData("a", "b");
            query.ProcessAllAvailable();
            input.AddData("c", null!);
            query.ProcessAllAvailable();
        }
        finally { query.Stop(); }
        Assert.Equal(new[] { "a", "b", "c", "null" }, Rows($"SELECT id FROM {table} ORDER BY id NULLS LAST"));
    }

    [Fact]
    public void Update_FraudCountsByKey_UpsertsRunningCounts()
    {
        // The lecture's fraud aggregation: suspicious transaction ids counted per id, upserted into a dashboard table.
        var input = new MemoryStream<string>(Spark);
        string table = NewTable("fraud");
        var counts = input.ToDF().WithColumnRenamed("value", "id").GroupBy("id").Count();
        var query = Writer(counts, table, OutputMode.Update).Option("keys", "id").Start();
        try
        {
            input.AddData("card1", "card2", "card1");
            query.ProcessAllAvailable();
            Assert.Equal(new[] { "card1,2", "card2,1" }, Rows($"SELECT id, \"count\" FROM {table} ORDER BY id"));
            input.AddData("card1", "card3");
            query.ProcessAllAvailable();
            input.AddData("card3", "card3", "card2");
            query.ProcessAllAvailable();
        }
        finally { query.Stop(); }
        Assert.Equal(new[] { "card1,3", "card2,2", "card3,3" }, Rows($"SELECT id, \"count\" FROM {table} ORDER BY id"));
    }

    [Fact]
    public void Update_ExistingTableWithPrimaryKeyAndNoKeysOption_UpsertsByPrimaryKey()
    {
        string table = NewTable();
        Exec($"CREATE TABLE {table} (id TEXT PRIMARY KEY, \"count\" BIGINT NOT NULL, note TEXT)");
        Exec($"INSERT INTO {table} VALUES ('x', 41, 'kept')");
        var input = new MemoryStream<string>(Spark);
        var query = Writer(input.ToDF().WithColumnRenamed("value", "id").GroupBy("id").Count(), table, OutputMode.Update).Start();
        try
        {
            input.AddData("x", "y");
            query.ProcessAllAvailable();
        }
        finally { query.Stop(); }
        // Columns the result lacks keep their values; the running count replaces the stored one.
        Assert.Equal(new[] { "x,1,kept", "y,1,null" }, Rows($"SELECT id, \"count\", note FROM {table} ORDER BY id"));
    }

    [Fact]
    public void Update_NoKeysAndNoPrimaryKey_FailsNamingTheKeysOption()
    {
        var input = new MemoryStream<string>(Spark);
        var query = Writer(input.ToDF().GroupBy("value").Count(), NewTable(), OutputMode.Update).Start();
        try
        {
            input.AddData("a");
            var e = Assert.ThrowsAny<Exception>(() => query.ProcessAllAvailable());
            Assert.Contains("[DATABASE_SINK_KEYS_REQUIRED]", Messages(e));
            Assert.Contains(".Option(\"keys\"", Messages(e));
        }
        finally { query.Stop(); }
    }

    [Fact]
    public void Update_KeyNotInResult_FailsAtStart()
    {
        var input = new MemoryStream<string>(Spark);
        var e = Assert.ThrowsAny<AnalysisException>(() =>
            Writer(input.ToDF().GroupBy("value").Count(), NewTable(), OutputMode.Update).Option("keys", "id").Start());
        Assert.Contains("[DATABASE_SINK_KEY_NOT_FOUND]", e.Message);
        Assert.Contains("\"id\"", e.Message);
    }

    [Fact]
    public void Complete_CountsPerKey_ReplacesTableContentEachBatch()
    {
        string table = NewTable();
        var input = new MemoryStream<int>(Spark);
        var counts = input.ToDF().GroupBy((Col("value") % 2).Alias("parity")).Count();
        var query = Writer(counts, table, OutputMode.Complete).Start();
        try
        {
            input.AddData(1, 2, 3);
            query.ProcessAllAvailable();
            Assert.Equal(new[] { "0,1", "1,2" }, Rows($"SELECT parity, \"count\" FROM {table} ORDER BY parity"));
            Exec($"INSERT INTO {table} VALUES (7, 7)");
            input.AddData(5);
            query.ProcessAllAvailable();
        }
        finally { query.Stop(); }
        Assert.Equal(new[] { "0,1", "1,3" }, Rows($"SELECT parity, \"count\" FROM {table} ORDER BY parity"));
    }

    [Fact]
    public void Restart_LastBatchReplayedAfterCrash_WrittenOnce()
    {
        var input = new MemoryStream<string>(Spark);
        string table = NewTable();
        string checkpoint = Directory.CreateTempSubdirectory("spate-db-cp-").FullName;
        var df = input.ToDF().WithColumnRenamed("value", "id");
        try
        {
            var query = Writer(df, table, OutputMode.Append).Option("checkpointLocation", checkpoint).Start();
            input.AddData("a");
            query.ProcessAllAvailable();
            input.AddData("b", "c");
            query.ProcessAllAvailable();
            query.Stop();
            // A crash after the sink committed the last batch but before the engine logged it: the restart runs it again.
            long last = ForgetLastCommit(checkpoint);
            Assert.Equal(query.LastProgress!.BatchId, last);
            Assert.Equal(2, query.LastProgress.NumInputRows);

            var restarted = Writer(df, table, OutputMode.Append).Option("checkpointLocation", checkpoint).Start();
            restarted.ProcessAllAvailable();
            input.AddData("d");
            restarted.ProcessAllAvailable();
            restarted.Stop();
            // Progress is reported after the commit, so it is read once the query's thread has ended.
            Assert.Contains(restarted.RecentProgress, p => p.BatchId == last && p.NumInputRows == 2);
            Assert.Equal(restarted.Id, query.Id);
        }
        finally { Directory.Delete(checkpoint, recursive: true); }
        Assert.Equal(new[] { "a", "b", "c", "d" }, Rows($"SELECT id FROM {table} ORDER BY id"));
    }

    [Fact]
    public void Restart_UpdateModeFromCheckpoint_KeepsCountsWithoutDuplicates()
    {
        var input = new MemoryStream<string>(Spark);
        string table = NewTable();
        string checkpoint = Directory.CreateTempSubdirectory("spate-db-cp-").FullName;
        var counts = input.ToDF().WithColumnRenamed("value", "id").GroupBy("id").Count();
        try
        {
            var query = Writer(counts, table, OutputMode.Update).Option("keys", "id").Option("checkpointLocation", checkpoint).Start();
            input.AddData("a", "b", "a");
            query.ProcessAllAvailable();
            query.Stop();
            long last = ForgetLastCommit(checkpoint);
            var restarted = Writer(counts, table, OutputMode.Update).Option("keys", "id").Option("checkpointLocation", checkpoint).Start();
            restarted.ProcessAllAvailable();
            input.AddData("a", "c");
            restarted.ProcessAllAvailable();
            restarted.Stop();
            // Progress is reported after the commit, so it is read once the query's thread has ended.
            Assert.Contains(restarted.RecentProgress, p => p.BatchId == last && p.NumInputRows == 3);
        }
        finally { Directory.Delete(checkpoint, recursive: true); }
        Assert.Equal(new[] { "a,3", "b,1", "c,1" }, Rows($"SELECT id, \"count\" FROM {table} ORDER BY id"));
    }

    /// <summary>Deletes the newest <c>commits/N</c> of a checkpoint, as if the query died right after the sink wrote batch N; returns N.</summary>
    private static long ForgetLastCommit(string checkpoint)
    {
        long last = Directory.GetFiles(Path.Combine(checkpoint, "commits")).Select(Path.GetFileName)
            .Where(n => long.TryParse(n, out _)).Select(n => long.Parse(n!, CultureInfo.InvariantCulture)).Max();
        File.Delete(Path.Combine(checkpoint, "commits", last.ToString(CultureInfo.InvariantCulture)));
        return last;
    }

    [Fact]
    public void Append_TwoRunsWithoutCheckpoint_EachRunWritten()
    {
        // Without a checkpoint each run is a new query (new id, batch ids from 0): nothing may be skipped as a replay.
        string table = NewTable();
        for (int run = 0; run < 2; run++)
        {
            var input = new MemoryStream<string>(Spark);
            var query = Writer(input.ToDF().WithColumnRenamed("value", "id"), table, OutputMode.Append).Start();
            input.AddData("run" + run);
            query.ProcessAllAvailable();
            query.Stop();
        }
        Assert.Equal(new[] { "run0", "run1" }, Rows($"SELECT id FROM {table} ORDER BY id"));
    }

    [Fact]
    public void HostileColumnNameAndValue_StoredVerbatim_NothingExecuted()
    {
        string canary = NewTable("canary");
        Exec($"CREATE TABLE {canary} (x INTEGER)");
        string table = NewTable();
        string hostileColumn = $"x\"; DROP TABLE {canary}; --";
        string hostileValue = $"'); DROP TABLE {canary}; --\"";
        var input = new MemoryStream<string>(Spark);
        var query = Writer(input.ToDF().Select(Col("value").Alias(hostileColumn)), table, OutputMode.Append).Start();
        try
        {
            input.AddData(hostileValue);
            query.ProcessAllAvailable();
        }
        finally { query.Stop(); }
        string quoted = "\"" + hostileColumn.Replace("\"", "\"\"") + "\"";
        Assert.Equal(new[] { hostileValue }, Rows($"SELECT {quoted} FROM {table}"));
        Assert.Empty(Rows($"SELECT x FROM {canary}"));
    }

    [Fact]
    public void HostileKeyColumn_UpsertQuotesIt()
    {
        string canary = NewTable("canary");
        Exec($"CREATE TABLE {canary} (x INTEGER)");
        string table = NewTable();
        string hostile = $"k\"); DROP TABLE {canary}; --";
        var input = new MemoryStream<string>(Spark);
        var counts = input.ToDF().Select(Col("value").Alias(hostile)).GroupBy(hostile).Count();
        var query = Writer(counts, table, OutputMode.Update).Option("keys", hostile).Start();
        try
        {
            input.AddData("a", "a");
            query.ProcessAllAvailable();
            input.AddData("a");
            query.ProcessAllAvailable();
        }
        finally { query.Stop(); }
        string quoted = "\"" + hostile.Replace("\"", "\"\"") + "\"";
        Assert.Equal(new[] { "a,3" }, Rows($"SELECT {quoted}, \"count\" FROM {table}"));
        Assert.Empty(Rows($"SELECT x FROM {canary}"));
    }

    [Fact]
    public void HostileTableName_RejectedAtStart()
    {
        string canary = NewTable("canary");
        Exec($"CREATE TABLE {canary} (x INTEGER)");
        var input = new MemoryStream<string>(Spark);
        var e = Assert.ThrowsAny<AnalysisException>(() => Writer(input.ToDF(), $"x\"; DROP TABLE {canary}; --", OutputMode.Append).Start());
        Assert.Contains("[INVALID_IDENTIFIER]", e.Message);
        Assert.Contains("dbtable", e.Message);
        var e2 = Assert.ThrowsAny<AnalysisException>(() => Writer(input.ToDF(), $"{canary}; DROP TABLE {canary}", OutputMode.Append).Start());
        Assert.Contains("[INVALID_IDENTIFIER]", e2.Message);
        Assert.Empty(Rows($"SELECT x FROM {canary}"));
    }

    [Fact]
    public void QuotedTableName_WithDoubledQuotes_WritesToThatName()
    {
        string name = "Odd \"" + NewTable() + "\" name";
        var input = new MemoryStream<string>(Spark);
        var query = Writer(input.ToDF(), "\"" + name.Replace("\"", "\"\"") + "\"", OutputMode.Append).Start();
        try
        {
            input.AddData("v");
            query.ProcessAllAvailable();
        }
        finally { query.Stop(); }
        Assert.Equal(new[] { "v" }, Rows($"SELECT value FROM \"{name.Replace("\"", "\"\"")}\""));
    }

    [Fact]
    public void MissingOptions_FailAtStartNamingTheOption()
    {
        var input = new MemoryStream<string>(Spark);
        var noTable = Assert.ThrowsAny<AnalysisException>(() => input.ToDF().WriteStream().Format(Format).Options(Connection).Start());
        Assert.Contains("[DATABASE_SINK_OPTION_MISSING]", noTable.Message);
        Assert.Contains("dbtable", noTable.Message);
        var noUrl = Assert.ThrowsAny<AnalysisException>(() => input.ToDF().WriteStream().Format(Format).Option("dbtable", "t").Start());
        Assert.Contains("[DATABASE_SINK_OPTION_MISSING]", noUrl.Message);
        Assert.Contains(".Option(\"url\"", noUrl.Message);
    }

    [Fact]
    public void UnmappableType_FailsAtStartNamingColumnAndFix()
    {
        var input = new MemoryStream<Row>(Spark, new StructType().Add("value", "string").Add("tags", "array<string>"));
        var e = Assert.ThrowsAny<AnalysisException>(() => Writer(input.ToDF(), NewTable(), OutputMode.Append).Start());
        Assert.Contains("[UNSUPPORTED_DATATYPE]", e.Message);
        Assert.Contains("\"tags\"", e.Message);
        Assert.Contains("ARRAY<STRING>", e.Message);
        Assert.Contains("to_json", e.Message);
    }

    [Fact]
    public void TableMissing_CreateTableIfMissingFalse_FailsNamingTheTable()
    {
        var input = new MemoryStream<string>(Spark);
        string table = NewTable();
        var query = Writer(input.ToDF(), table, OutputMode.Append).Option("createTableIfMissing", false).Start();
        try
        {
            input.AddData("a");
            var e = Assert.ThrowsAny<Exception>(() => query.ProcessAllAvailable());
            Assert.Contains("[TABLE_OR_VIEW_NOT_FOUND]", Messages(e));
            Assert.Contains(table, Messages(e));
        }
        finally { query.Stop(); }
    }

    [Fact]
    public void ExistingTableWithoutResultColumn_FailsNamingTheColumn()
    {
        string table = NewTable();
        Exec($"CREATE TABLE {table} (other TEXT)");
        var input = new MemoryStream<string>(Spark);
        var query = Writer(input.ToDF(), table, OutputMode.Append).Start();
        try
        {
            input.AddData("a");
            var e = Assert.ThrowsAny<Exception>(() => query.ProcessAllAvailable());
            Assert.Contains("[DATABASE_SINK_COLUMN_MISSING]", Messages(e));
            Assert.Contains("\"value\"", Messages(e));
        }
        finally { query.Stop(); }
    }

    /// <summary>One row of every storable type and one of nulls, for the type-mapping tests.</summary>
    protected void WriteAllTypes(string table)
    {
        var schema = new StructType()
            .Add("s", "string").Add("i", "int").Add("l", "bigint").Add("d", "double").Add("b", "boolean").Add("m", "decimal(10,2)")
            .Add("dt", "date").Add("ts", "timestamp").Add("bin", "binary").Add("sh", "smallint").Add("by", "tinyint").Add("f", "float");
        var input = new MemoryStream<Row>(Spark, schema);
        var query = Writer(input.ToDF(), table, OutputMode.Append).Start();
        try
        {
            input.AddData(
                new GenericRow(new object?[] { "é\"'", 42, 1L << 40, 2.5, true, 12.34m, new DateOnly(2024, 2, 29),
                    new DateTime(2024, 3, 1, 12, 34, 56, DateTimeKind.Utc).AddTicks(1234560), new byte[] { 0, 1, 255 }, (short)-7, (sbyte)-8, 1.5f }),
                new GenericRow(new object?[12]));
            query.ProcessAllAvailable();
        }
        finally { query.Stop(); }
    }
}
