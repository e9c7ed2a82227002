using System.Text;
using Spate.Columnar;
using Spate.Execution;
using Spate.Expressions;
using Spate.Sql.Types;

namespace Spate.Tests.Engine;

/// <summary>The string-key hash aggregation kernels: batch key encoding, the tagged hash table, group ids, and the
/// exchange that has nothing to redistribute.</summary>
public sealed class HashAggregationKernelTests
{
    private static StringVector Strings(params string?[] values)
    {
        var v = new StringVector(new StringType(), values.Length);
        foreach (var s in values) { if (s == null) v.AppendNull(); else v.Append(s); }
        return v;
    }

    private static void AssertEncodeAllMatchesEncode(ColumnVector[] columns, int rows)
    {
        var single = new RowEncoder();
        var batch = new RowEncoder();
        var ends = new int[rows];
        var all = batch.EncodeAll(columns, rows, ends).ToArray();
        int start = 0;
        for (int i = 0; i < rows; i++)
        {
            Assert.Equal(single.Encode(columns, i).ToArray(), all[start..ends[i]]);
            start = ends[i];
        }
        Assert.Equal(all.Length, start);
    }

    [Fact]
    public void EncodeAll_GivesEachRowTheBytesEncodeGives()
    {
        AssertEncodeAllMatchesEncode(new ColumnVector[] { Strings("a", "", "ünïcode", new string('x', 300)) }, 4); // fast path
        AssertEncodeAllMatchesEncode(new ColumnVector[] { Strings("a", null, "c") }, 3); // nulls: general path
        var ints = (PrimitiveVector<int>)ColumnVector.Create(new IntegerType(), 3);
        ints.Append(1); ints.Append(-7); ints.AppendNull();
        var doubles = (PrimitiveVector<double>)ColumnVector.Create(new DoubleType(), 3);
        doubles.Append(-0.0); doubles.Append(double.NaN); doubles.Append(2.5);
        AssertEncodeAllMatchesEncode(new ColumnVector[] { ints, Strings("p", "q", "r"), doubles }, 3);
    }

    [Fact]
    public void Decode_SingleStringOrLongColumn_RoundTripsValuesAndNulls()
    {
        var encoder = new RowEncoder();
        var strings = Strings("a", null, "", "ünïcode");
        var longs = (PrimitiveVector<long>)ColumnVector.Create(new LongType(), 3);
        longs.Append(long.MinValue); longs.AppendNull(); longs.Append(42);
        foreach (var (column, rows) in new[] { ((ColumnVector)strings, 4), (longs, 3) })
        {
            var back = new[] { ColumnVector.Create(column.Type, 1) };
            for (int i = 0; i < rows; i++) RowEncoder.Decode(encoder.Encode(new[] { column }, i), back);
            Assert.Equal(Enumerable.Range(0, rows).Select(column.GetValue), Enumerable.Range(0, rows).Select(back[0].GetValue));
        }
    }

    [Fact]
    public void BytesHashTable_ManyKeys_MatchesDictionary_ThroughGrowthAndPresizing()
    {
        foreach (bool presize in new[] { false, true })
        {
            var table = new BytesHashTable();
            if (presize) table.EnsureCapacity(150_000, 150_000 * 12);
            var model = new Dictionary<string, int>();
            var rnd = new Random(3);
            for (int i = 0; i < 400_000; i++)
            {
                var key = "User" + rnd.Next(150_000) + "Surname" + (i % 7);
                var bytes = Encoding.UTF8.GetBytes(key);
                ulong hash = BytesHashTable.Hash(bytes);
                table.Prefetch(hash);
                int id = table.FindOrAdd(bytes, hash, out bool added);
                if (model.TryGetValue(key, out int expected))
                {
                    Assert.False(added);
                    Assert.Equal(expected, id);
                }
                else
                {
                    Assert.True(added);
                    Assert.Equal(model.Count, id);
                    model[key] = id;
                }
            }
            Assert.Equal(model.Count, table.Count);
            foreach (var (key, id) in model)
            {
                var bytes = Encoding.UTF8.GetBytes(key);
                Assert.Equal(id, table.Find(bytes, BytesHashTable.Hash(bytes)));
                Assert.Equal(key, Encoding.UTF8.GetString(table.GetKey(id)));
            }
            var missing = Encoding.UTF8.GetBytes("nobody");
            Assert.Equal(-1, table.Find(missing, BytesHashTable.Hash(missing)));
        }
    }

    [Fact]
    public void GroupIds_SameKeyInLaterBatches_GetsItsFirstId()
    {
        var table = new AggregationTable(Array.Empty<AggregateFunction>());
        var first = table.GroupIds(new ColumnVector[] { Strings("a", "b", "a", "c") }, 4).ToArray();
        Assert.Equal(new[] { 0, 1, 0, 2 }, first);
        var second = table.GroupIds(new ColumnVector[] { Strings("c", null, "a", "d", null) }, 5).ToArray();
        Assert.Equal(new[] { 2, 3, 0, 4, 3 }, second);
        Assert.Equal(5, table.Table.Count);
    }

    [Fact]
    public void Exchange_OnePartitionInAndOut_PassesTheChildsBatchesThroughInOrder()
    {
        var attr = AttributeReference.Create("s", new StringType());
        var batches = new List<ColumnBatch>
        {
            new(new ColumnVector[] { Strings("a", "b") }, 2),
            new(new ColumnVector[] { Strings("c") }, 1),
        };
        var scan = new LocalTableScanExec(new[] { attr }, batches, parallelism: 1);
        var exchange = new ShuffleExchangeExec(new Expression[] { attr }, 1, scan);
        var context = new TaskContext(1, 1);
        Assert.Equal(batches, exchange.Execute(0, context).ToList()); // the same objects: no copy, nothing held
        Assert.Equal(batches, exchange.Execute(0, context).ToList()); // read again: runs the child again

        // Two partitions out still redistribute by key: every row lands in exactly one of them.
        var split = new ShuffleExchangeExec(new Expression[] { attr }, 2, scan);
        var rows = Enumerable.Range(0, 2).SelectMany(p => split.Execute(p, context))
            .SelectMany(b => Enumerable.Range(0, b.RowCount).Select(i => ((StringVector)b.Columns[0]).GetString(i))).Order().ToList();
        Assert.Equal(new[] { "a", "b", "c" }, rows);
    }
}
