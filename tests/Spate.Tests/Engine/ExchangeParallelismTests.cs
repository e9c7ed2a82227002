using System.Text;
using Spate.Columnar;
using Spate.Execution;
using Spate.Expressions;
using Spate.Sql.Types;

namespace Spate.Tests.Engine;

/// <summary>The exchange's shared materialisation (readers run the inputs), its row counts, the final aggregate's
/// pre-sizing from them, and the hash table with keys of one partition only.</summary>
public sealed class ExchangeParallelismTests
{
    private static readonly AttributeReference Key = AttributeReference.Create("s", new StringType());

    private static List<ColumnBatch> Batches(int batches, int rowsPerBatch)
    {
        var list = new List<ColumnBatch>();
        for (int b = 0; b < batches; b++)
        {
            var v = new StringVector(new StringType(), rowsPerBatch);
            for (int i = 0; i < rowsPerBatch; i++) v.Append("k" + (b * rowsPerBatch + i) % 997);
            list.Add(new ColumnBatch(new ColumnVector[] { v }, rowsPerBatch));
        }
        return list;
    }

    private static List<string> Strings(IEnumerable<ColumnBatch> batches) =>
        batches.SelectMany(b => Enumerable.Range(0, b.RowCount).Select(i => ((StringVector)b.Columns[0]).GetString(i))).ToList();

    [Fact]
    public void Exchange_ReadConcurrentlyOrOneByOne_SameRowsPerPartition_AndRowCounts()
    {
        var data = Batches(9, 500);
        var scan = new LocalTableScanExec(new[] { Key }, data, parallelism: 5);
        var context = new TaskContext(3, 3);
        var concurrent = new ShuffleExchangeExec(new Expression[] { Key }, 3, scan);
        Assert.Equal(-1, concurrent.RowCountOf(0)); // not run yet
        var parts = new List<ColumnBatch>[3];
        Parallel.For(0, 3, new ParallelOptions { MaxDegreeOfParallelism = 3 }, p => parts[p] = concurrent.Execute(p, context).ToList());
        var sequential = new ShuffleExchangeExec(new Expression[] { Key }, 3, scan);
        long total = 0;
        for (int p = 0; p < 3; p++)
        {
            var rows = Strings(sequential.Execute(p, context));
            Assert.Equal(rows.Order(), Strings(parts[p]).Order());
            Assert.Equal(rows.Count, concurrent.RowCountOf(p));
            Assert.Equal(rows.Count, sequential.RowCountOf(p));
            foreach (var s in rows)
            {
                var bytes = new RowEncoder().Encode(new ColumnVector[] { Strings(s) }, 0);
                Assert.Equal(p, ShuffleExchangeExec.PartitionOf(BytesHashTable.Hash(bytes), 3));
            }
            total += rows.Count;
        }
        Assert.Equal(9 * 500, total);
    }

    private static StringVector Strings(string s)
    {
        var v = new StringVector(new StringType(), 1);
        v.Append(s);
        return v;
    }

    /// <summary>A child whose partition 1 fails.</summary>
    private sealed class FailingExec : PhysicalPlan
    {
        public override IReadOnlyList<PhysicalPlan> Children => Array.Empty<PhysicalPlan>();
        public override IReadOnlyList<AttributeReference> Output => new[] { Key };
        public override int NumPartitions => 4;
        public override string NodeString => "Failing";
        public override IEnumerable<ColumnBatch> Execute(int partition, TaskContext context)
        {
            if (partition == 1) throw new InvalidOperationException("input 1 failed");
            return Batches(1, 10);
        }
    }

    [Fact]
    public void Exchange_AnInputFails_EveryReaderGetsTheError()
    {
        var exchange = new ShuffleExchangeExec(new Expression[] { Key }, 2, new FailingExec());
        var context = new TaskContext(2, 2);
        var errors = new Exception?[2];
        Parallel.For(0, 2, p =>
        {
            try { exchange.Execute(p, context); }
            catch (Exception e) { errors[p] = e; }
        });
        Assert.All(errors, e => Assert.Equal("input 1 failed", Assert.IsType<InvalidOperationException>(e).Message));
        var again = Assert.Throws<InvalidOperationException>(() => exchange.Execute(1, context));
        Assert.Equal("input 1 failed", again.Message);
    }

    [Fact]
    public void FinalAggregate_BehindExchange_SizesItsTableFromTheRowCount()
    {
        var table = new AggregationTable(Array.Empty<AggregateFunction>());
        long before = table.Table.MemoryBytes;
        table.Reserve(100_000);
        var v = new StringVector(new StringType(), 3);
        v.Append("a"); v.Append("b"); v.Append("a");
        Assert.Equal(new[] { 0, 1, 0 }, table.GroupIds(new ColumnVector[] { v }, 3).ToArray());
        Assert.True(table.Table.MemoryBytes >= 100_000 * 2 * 8L, $"{before} -> {table.Table.MemoryBytes} bytes");
        Assert.Equal(2, table.Table.Count);
    }

    [Fact]
    public void BytesHashTable_KeysOfOneExchangePartition_AllFoundAgain()
    {
        // An exchange fixes some of the hash bits of the keys it sends one partition; the table must not depend on them.
        var table = new BytesHashTable();
        var keys = new List<byte[]>();
        for (int i = 0; keys.Count < 200_000; i++)
        {
            var bytes = Encoding.UTF8.GetBytes("User" + i);
            if (ShuffleExchangeExec.PartitionOf(BytesHashTable.Hash(bytes), 4) != 2) continue;
            Assert.Equal(keys.Count, table.FindOrAdd(bytes, BytesHashTable.Hash(bytes), out bool added));
            Assert.True(added);
            keys.Add(bytes);
        }
        for (int id = 0; id < keys.Count; id++)
        {
            Assert.Equal(id, table.Find(keys[id], BytesHashTable.Hash(keys[id])));
            Assert.Equal(id, table.FindOrAdd(keys[id], BytesHashTable.Hash(keys[id]), out bool added));
            Assert.False(added);
        }
    }
}
