using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Sql.Functions;

namespace Spate.Tests.Functions;

public class MiscFunctionTests
{
    [Fact]
    public void Hash_MatchesSparkDocumentedValues()
    {
        var schema = new StructType(new[] { new StructField("c1", new StringType()), new StructField("c2", new StringType()) });
        var df = F.Spark.CreateDataFrame(new[] { new GenericRow(new object?[] { "ABC", "DEF" }) }, schema);
        var r = df.Select(Hash(Col("c1")), Hash(Col("c1"), Col("c2")), XxHash64(Col("c1")), XxHash64(Col("c1"), Col("c2"))).Collect().Single();
        Assert.Equal(-757602832, r[0]);
        Assert.Equal(599895104, r[1]);
        Assert.Equal(4105715581806190027L, r[2]);
        Assert.Equal(3233247871021311208L, r[3]);
        Assert.Equal(new[] { "hash(c1)", "xxhash64(c1, c2)" }, df.Select(Hash(Col("c1")), XxHash64(Col("c1"), Col("c2"))).Columns());
    }

    [Fact]
    public void Hash_NumbersAndNulls()
    {
        // Spark: SELECT hash(1) = -559580957, hash(1L) = -1712319331, hash(null) = 42.
        var r = F.One(Hash(Lit(1)), Hash(Lit(1L)), Hash(Col("ns")), Hash(Lit("Spark"), Array(Lit(123)), Lit(2)));
        Assert.Equal(-559580957, r[0]);
        Assert.Equal(-1712319331, r[1]);
        Assert.Equal(42, r[2]);
        Assert.Equal(-1321691492, r[3]);
    }

    [Fact]
    public void Digests_MatchSpark()
    {
        var r = F.One(Md5(Lit("Spark")), Sha1(Lit("Spark")), Sha2(Lit("Spark"), 256), Sha2(Lit("Spark"), 224), Sha2(Lit("Spark"), 7), Crc32(Lit("Spark")), Md5(Col("ns")));
        Assert.Equal("8cde774d6f7333752ed72cacddb05126", r[0]);
        Assert.Equal("85f5955f4b27a9a4c2aab6ffe5d7189fc298b92c", r[1]);
        Assert.Equal("529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b", r[2]);
        Assert.Equal("dbeab94971678d36af2195851c0f7485775a2a7c60073d62fc04549c", r[3]);
        Assert.Null(r[4]);
        Assert.Equal(1557323817L, r[5]);
        Assert.Null(r[6]);
    }

    [Fact]
    public void Ids_AreUniqueAndTypeOfNamesTypes()
    {
        var df = F.Spark.CreateDataFrame(Enumerable.Range(0, 50)).Repartition(3);
        var ids = df.Select(MonotonicallyIncreasingId()).Collect().Select(r => (long)r[0]!).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        var r = F.One(SparkPartitionId(), Uuid(), TypeOf(Col("i")), TypeOf(Array(Col("s"))), TypeOf(Col("l")));
        Assert.Equal(0, r[0]);
        Assert.True(Guid.TryParse((string)r[1]!, out _));
        Assert.Equal(new object?[] { "int", "array<string>", "bigint" }, r.Values[2..]);
    }

    [Fact]
    public void NullFunctions()
    {
        var r = F.One(Nvl(Col("ns"), Lit("x")), IfNull(Col("s"), Lit("x")), NullIf(Lit(2), Lit(2)), NullIf(Col("i"), Lit(1)), Nvl2(Col("ns"), Lit(1), Lit(2)),
            Nvl2(Col("s"), Lit(1), Lit(2)), EqualNull(Col("ns"), Col("ns")), EqualNull(Col("i"), Col("ni")), Nvl(Col("ni"), Lit(1.5)));
        Assert.Equal(new object?[] { "x", "Spark SQL", null, 5, 2, 1, true, false, 1.5 }, r.Values);
        Assert.Equal("nvl(ns, x)", F.Names(Nvl(Col("ns"), Lit("x")))[0]);
    }
}
