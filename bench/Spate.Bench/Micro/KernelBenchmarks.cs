using BenchmarkDotNet.Attributes;
using Spate.Bench.Data;
using Spate.Columnar;
using Spate.Execution;
using Spate.Plans;
using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Sql.Functions;

namespace Spate.Bench.Micro;

/// <summary>
/// Kernels of the fraud query over one 4096-row batch, each timed as the physical operator that runs it (so the
/// numbers include the operator's own per-batch work, nothing else): from_json, concat, filter, partial hash count.
/// </summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private const int Rows = 4096;
    private PhysicalPlan _fromJson = null!;
    private PhysicalPlan _concat = null!;
    private PhysicalPlan _filter = null!;
    private PhysicalPlan _aggFew = null!;
    private PhysicalPlan _aggMany = null!;
    private TaskContext _context = null!;

    /// <summary>Keys: 25 lecture users, or 4096 distinct users per batch.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var spark = Lecture.Session("local[1]", 1);
        _context = new TaskContext(1, 1);
        var gen = new LectureRecords(7, 25, 0.1);
        var manyGen = new LectureRecords(7, 1_000_000, 0.1);
        var buffer = new byte[LectureRecords.MaxRecordBytes];
        var lines = new StringVector(StringType.Instance, Rows);
        var names = new StringVector(StringType.Instance, Rows);
        var surnames = new StringVector(StringType.Instance, Rows);
        var flags = new PrimitiveVector<int>(IntegerType.Instance, Rows);
        var fewIds = new StringVector(StringType.Instance, Rows);
        var manyIds = new StringVector(StringType.Instance, Rows);
        for (int i = 0; i < Rows; i++)
        {
            int n = gen.Write(buffer);
            lines.Append(buffer.AsSpan(0, n - 1));
            int u = gen.LastUser;
            string first = new[] { "John", "Andy", "Joe", "Alice", "Jill" }[u % 5], last = new[] { "Johnson", "Smith", "Jones", "Millers", "Darby" }[u / 5];
            names.Append(first);
            surnames.Append(last);
            flags.Append(gen.LastFlagged ? 1 : 0);
            fewIds.Append(first + last);
            manyGen.Write(buffer);
            manyIds.Append($"User{manyGen.LastUser}Surname{manyGen.LastUser % 100}");
        }
        var linesDf = Frame(spark, new[] { ("value", (DataType)StringType.Instance) }, lines);
        var rowsDf = Frame(spark, new[] { ("name", (DataType)StringType.Instance), ("surname", StringType.Instance), ("flag", IntegerType.Instance) }, names, surnames, flags);
        _fromJson = Top<ProjectExec>(linesDf.Select(Functions.FromJson(Col("value"), Lecture.Schema).Alias("data")));
        _concat = Top<ProjectExec>(rowsDf.Select(Functions.Concat(Col("name"), Col("surname")).Alias("id")));
        _filter = Top<FilterExec>(rowsDf.Where(Col("flag") == 1));
        _aggFew = Partial(Frame(spark, new[] { ("id", (DataType)StringType.Instance) }, fewIds).GroupBy("id").Count());
        _aggMany = Partial(Frame(spark, new[] { ("id", (DataType)StringType.Instance) }, manyIds).GroupBy("id").Count());
    }

    private static DataFrame Frame(SparkSession spark, (string Name, DataType Type)[] fields, params ColumnVector[] columns)
    {
        var schema = new StructType(fields.Select(f => new StructField(f.Name, f.Type)).ToArray());
        return spark.Wrap(new LocalRelation(SparkSession.ToAttributes(schema), new[] { new ColumnBatch(columns, columns[0].Length) }));
    }

    private static PhysicalPlan Top<T>(DataFrame df) where T : PhysicalPlan =>
        df.Execute().Physical.Descendants().OfType<T>().First();

    private static PhysicalPlan Partial(DataFrame df) =>
        df.Execute().Physical.Descendants().OfType<HashAggregateExec>().First(h => h.Mode == AggregateMode.Partial);

    private int Drain(PhysicalPlan plan)
    {
        int rows = 0;
        foreach (var b in plan.Execute(0, _context)) rows += b.RowCount;
        return rows;
    }

    [Benchmark(Description = "from_json, 4096 lecture lines")]
    public int FromJson() => Drain(_fromJson);

    [Benchmark(Description = "concat(name, surname), 4096 rows")]
    public int Concat() => Drain(_concat);

    [Benchmark(Description = "filter flag == 1, 4096 rows (10% pass)")]
    public int Filter() => Drain(_filter);

    [Benchmark(Description = "partial hash count by string, 4096 rows, 25 keys")]
    public int HashCountFewKeys() => Drain(_aggFew);

    [Benchmark(Description = "partial hash count by string, 4096 rows, ~4096 keys")]
    public int HashCountManyKeys() => Drain(_aggMany);
}
