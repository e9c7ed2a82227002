using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Sql.Functions;

namespace Spate.Tests.Functions;

public class CollectionFunctionTests
{
    private static object?[] A(params object?[] xs) => xs;
    private static Column Ints(params int[] xs) => Array(xs.Select(x => Lit(x)).ToArray());

    [Fact]
    public void Array_BuildsAndWidensTypes()
    {
        var r = F.One(Array(Col("i"), Col("ni"), Lit(7)), Array(Col("i"), Col("d")), Array("s", "ns"));
        Assert.Equal(A(5, null, 7), (object?[])r[0]!);
        Assert.Equal(A(5.0, -2.5), (object?[])r[1]!);
        Assert.Equal(A("Spark SQL", null), (object?[])r[2]!);
        Assert.Equal(new ArrayType(new DoubleType(), false), F.TypeOf(Array(Col("i"), Col("d"))) is ArrayType at ? new ArrayType(at.ElementType, false) : null);
        Assert.Equal("array(i, ni, 7)", F.Names(Array(Col("i"), Col("ni"), Lit(7)))[0]);
    }

    [Fact]
    public void ArrayContains_NullSemantics()
    {
        var r = F.One(ArrayContains(Ints(1, 2, 3), 2), ArrayContains(Ints(1, 2), 5), ArrayContains(Array(Lit(1), Col("ni")), 5), ArrayContains(Ints(1), Col("ni")));
        Assert.Equal(new object?[] { true, false, null, null }, r.Values);
    }

    [Fact]
    public void Size_NullIsMinusOne()
    {
        var r = F.One(Size(Ints(1, 2, 3)), Size(Map(Lit("a"), Lit(1))), Size(Split(Col("ns"), ",")), Cardinality(Ints()));
        Assert.Equal(new object?[] { 3, 1, -1, 0 }, r.Values);
        Assert.ThrowsAny<AnalysisException>(() => F.One(Size(Col("i"))));
    }

    [Fact]
    public void Sorting_NullPlacement()
    {
        var arr = Array(Lit(2), Col("ni"), Lit(1), Lit(3));
        var r = F.One(SortArray(arr), SortArray(arr, false), ArraySort(arr));
        Assert.Equal(A(null, 1, 2, 3), (object?[])r[0]!);
        Assert.Equal(A(3, 2, 1, null), (object?[])r[1]!);
        Assert.Equal(A(1, 2, 3, null), (object?[])r[2]!);
        Assert.Equal("sort_array(array(1), true)", F.Names(SortArray(Ints(1)))[0]);
        Assert.ThrowsAny<AnalysisException>(() => F.One(SortArray(Col("s"))));
    }

    [Fact]
    public void SetOperations_PreserveOrder()
    {
        var r = F.One(ArrayDistinct(Ints(1, 2, 3, 2, 1)), ArrayUnion(Ints(1, 2, 3), Ints(1, 3, 5)), ArrayIntersect(Ints(1, 2, 3), Ints(1, 3, 5)),
            ArrayExcept(Ints(1, 2, 3), Ints(1, 3, 5)), ArraysOverlap(Ints(1, 2), Ints(2, 3)), ArraysOverlap(Array(Lit(1), Col("ni")), Ints(3)), ArraysOverlap(Ints(1), Ints(3)));
        Assert.Equal(A(1, 2, 3), (object?[])r[0]!);
        Assert.Equal(A(1, 2, 3, 5), (object?[])r[1]!);
        Assert.Equal(A(1, 3), (object?[])r[2]!);
        Assert.Equal(A(2), (object?[])r[3]!);
        Assert.Equal(new object?[] { true, null, false }, r.Values[4..]);
    }

    [Fact]
    public void JoinMaxMinPositionRemoveRepeat()
    {
        var words = Array(Lit("a"), Col("ns"), Lit("b"));
        var r = F.One(ArrayJoin(words, ","), ArrayJoin(words, ",", "?"), ArrayMax(Ints(1, 20, 3)), ArrayMin(Ints(1, 20, 3)), ArrayPosition(Ints(3, 2, 1), 1),
            ArrayPosition(Ints(3), 9), ArrayRemove(Ints(1, 2, 3, 2), 2), ArrayRepeat(Lit("ab"), 2));
        Assert.Equal(new object?[] { "a,b", "a,?,b", 20, 1, 3L, 0L }, r.Values[..6]);
        Assert.Equal(A(1, 3), (object?[])r[6]!);
        Assert.Equal(A("ab", "ab"), (object?[])r[7]!);
    }

    [Fact]
    public void ElementAtGetSlice_Indexing()
    {
        var r = F.One(ElementAt(Ints(1, 2, 3), 2), ElementAt(Ints(1, 2, 3), -1), ElementAt(Ints(1, 2, 3), 5), ElementAt(Map(Lit("a"), Lit(1)), "a"), ElementAt(Map(Lit("a"), Lit(1)), "z"),
            Get(Ints(1, 2, 3), 0), Get(Ints(1, 2, 3), 3), Slice(Ints(1, 2, 3, 4), 2, 2), Slice(Ints(1, 2, 3, 4), -2, 2), Ints(1, 2).GetItem(1));
        Assert.Equal(new object?[] { 2, 3, null, 1, null, 1, null }, r.Values[..7]);
        Assert.Equal(A(2, 3), (object?[])r[7]!);
        Assert.Equal(A(3, 4), (object?[])r[8]!);
        Assert.Equal(2, r[9]);
        var e = Assert.ThrowsAny<Exception>(() => F.One(ElementAt(Ints(1), 0)));
        Assert.Contains("INVALID_INDEX_OF_ZERO", e.ToString());
        Assert.Contains("INVALID_PARAMETER_VALUE.START", Assert.ThrowsAny<Exception>(() => F.One(Slice(Ints(1), 0, 1))).ToString());
    }

    [Fact]
    public void FlattenSequence()
    {
        var r = F.One(Flatten(Array(Ints(1, 2), Ints(3))), Sequence(Lit(1), Lit(5)), Sequence(Lit(5), Lit(1)), Sequence(Lit(1), Lit(9), Lit(4)));
        Assert.Equal(A(1, 2, 3), (object?[])r[0]!);
        Assert.Equal(A(1, 2, 3, 4, 5), (object?[])r[1]!);
        Assert.Equal(A(5, 4, 3, 2, 1), (object?[])r[2]!);
        Assert.Equal(A(1, 5, 9), (object?[])r[3]!);
        Assert.Contains("INVALID_SEQUENCE_STEP", Assert.ThrowsAny<Exception>(() => F.One(Sequence(Lit(1), Lit(5), Lit(-1)))).ToString());
    }

    [Fact]
    public void Maps_KeysValuesEntriesFromArrays()
    {
        var m = Map(Lit(1), Lit("a"), Lit(2), Lit("b"));
        var r = F.One(MapKeys(m), MapValues(m), MapEntries(m), MapFromArrays(Ints(1, 2), Array(Lit("a"), Lit("b"))), MapContainsKey(m, 1), MapContainsKey(m, 3), CreateMap(Lit("k"), Col("ns")));
        Assert.Equal(A(1, 2), (object?[])r[0]!);
        Assert.Equal(A("a", "b"), (object?[])r[1]!);
        var entries = (object?[])r[2]!;
        Assert.Equal(new object?[] { 1, "a" }, ((Row)entries[0]!).Values);
        Assert.Equal(new Dictionary<object, object?> { [1] = "a", [2] = "b" }, (Dictionary<object, object?>)r[3]!);
        Assert.Equal(true, r[4]);
        Assert.Equal(false, r[5]);
        Assert.Equal(new Dictionary<object, object?> { ["k"] = null }, (Dictionary<object, object?>)r[6]!);
        Assert.Contains("DUPLICATED_MAP_KEY", Assert.ThrowsAny<Exception>(() => F.One(Map(Lit(1), Lit(1), Lit(1), Lit(2)))).ToString());
        Assert.Contains("NULL_MAP_KEY", Assert.ThrowsAny<Exception>(() => F.One(Map(Col("ni"), Lit(1)))).ToString());
    }

    [Fact]
    public void ArraysZipShuffleReverse()
    {
        var r = F.One(ArraysZip(Ints(1, 2), Array(Lit("a"))), Shuffle(Ints(1, 2, 3)), Reverse(Ints(1, 2, 3)));
        var zipped = (object?[])r[0]!;
        Assert.Equal(new object?[] { 1, "a" }, ((Row)zipped[0]!).Values);
        Assert.Equal(new object?[] { 2, null }, ((Row)zipped[1]!).Values);
        Assert.Equal(A(1, 2, 3), ((object?[])r[1]!).OrderBy(x => (int)x!).ToArray());
        Assert.Equal(A(3, 2, 1), (object?[])r[2]!);
    }
}
