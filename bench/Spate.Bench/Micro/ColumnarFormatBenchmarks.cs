using Apache.Arrow;
using BenchmarkDotNet.Attributes;
using Spate.Columnar;
using Spate.Sql.Types;

namespace Spate.Bench.Micro;

/// <summary>
/// The evidence behind docs/architecture.md's choice of Spate's own column vectors over Apache.Arrow's arrays:
/// the operations operators do most (append while building, filter by a predicate, gather selected rows, read strings
/// as UTF-8 spans), on both. Run: <c>./bench.sh micro columnar</c>.
/// </summary>
[MemoryDiagnoser]
public class ColumnarFormatBenchmarks
{
    private const int Rows = 1 << 20;
    private long[] _source = null!;
    private string[] _words = null!;
    private PrimitiveVector<long> _spateLongs = null!;
    private Int64Array _arrowLongs = null!;
    private StringVector _spateStrings = null!;
    private StringArray _arrowStrings = null!;
    private int[] _selection = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        _source = Enumerable.Range(0, Rows).Select(_ => (long)rng.Next(1000)).ToArray();
        _words = new[] { "JillDarby", "JoeJones", "AliceSmith", "AndyMillers", "JohnJohnson" };
        _spateLongs = NewSpateLongs();
        _arrowLongs = BuildArrowLongs();
        _spateStrings = NewSpateStrings();
        _arrowStrings = BuildArrowStrings();
        _selection = Enumerable.Range(0, Rows).Where(i => i % 5 == 0).ToArray();
    }

    [Benchmark] public object BuildSpateLongs() => NewSpateLongs();

    private PrimitiveVector<long> NewSpateLongs()
    {
        var v = new PrimitiveVector<long>(LongType.Instance, Rows);
        foreach (var x in _source) v.Append(x);
        return v;
    }

    [Benchmark] public Int64Array BuildArrowLongs()
    {
        var b = new Int64Array.Builder().Reserve(Rows);
        foreach (var x in _source) b.Append(x);
        return b.Build();
    }

    [Benchmark] public int FilterSpateLongs()
    {
        var values = _spateLongs.Values;
        int n = 0;
        for (int i = 0; i < Rows; i++) if (values[i] > 500 && !_spateLongs.IsNull(i)) n++;
        return n;
    }

    [Benchmark] public int FilterArrowLongs()
    {
        var values = _arrowLongs.Values;
        int n = 0;
        for (int i = 0; i < Rows; i++) if (values[i] > 500 && _arrowLongs.IsValid(i)) n++;
        return n;
    }

    [Benchmark] public object GatherSpateLongs() => _spateLongs.Take(_selection);

    [Benchmark] public Int64Array GatherArrowLongs()
    {
        var b = new Int64Array.Builder().Reserve(_selection.Length);
        foreach (int i in _selection) b.Append(_arrowLongs.GetValue(i)!.Value);
        return b.Build();
    }

    [Benchmark] public object BuildSpateStrings() => NewSpateStrings();

    private StringVector NewSpateStrings()
    {
        var v = new StringVector(StringType.Instance, Rows);
        for (int i = 0; i < Rows; i++) v.Append(_words[i % _words.Length]);
        return v;
    }

    [Benchmark] public StringArray BuildArrowStrings()
    {
        var b = new StringArray.Builder().Reserve(Rows);
        for (int i = 0; i < Rows; i++) b.Append(_words[i % _words.Length]);
        return b.Build();
    }

    [Benchmark] public long HashSpateStrings()
    {
        long h = 0;
        for (int i = 0; i < Rows; i++) h += (long)BytesHashTable.Hash(_spateStrings.GetSpan(i));
        return h;
    }

    [Benchmark] public long HashArrowStrings()
    {
        long h = 0;
        for (int i = 0; i < Rows; i++) h += (long)BytesHashTable.Hash(_arrowStrings.GetBytes(i));
        return h;
    }
}
