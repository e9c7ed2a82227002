using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Sql.Functions;

namespace Spate.Tests.Functions;

public class StringFunctionTests
{
    [Fact]
    public void Concat_Strings_JoinsAndNullWhenAnyNull()
    {
        var r = F.One(Concat(Col("s"), Lit("!"), Col("s")), Concat(Col("s"), Col("ns")), Concat(Col("s"), Col("i")));
        Assert.Equal("Spark SQL!Spark SQL", r[0]);
        Assert.Null(r[1]);
        Assert.Equal("Spark SQL5", r[2]);
        Assert.Equal(new[] { "concat(s, !, s)", "concat(s, ns)", "concat(s, i)" }, F.Names(Concat(Col("s"), Lit("!"), Col("s")), Concat(Col("s"), Col("ns")), Concat(Col("s"), Col("i"))));
    }

    [Fact]
    public void Concat_ManyRowsWithUnicode_MatchesPerRowConcatenation()
    {
        var schema = new StructType(new[] { new StructField("name", new StringType()), new StructField("surname", new StringType()) });
        var rows = Enumerable.Range(0, 5000).Select(i => new GenericRow(new object?[] { i % 7 == 0 ? null : "né" + i, "Ω" + (i % 3) })).ToArray();
        var result = F.Spark.CreateDataFrame(rows, schema).Select(Concat(Col("name"), Col("surname"))).Collect().Select(r => r[0]).ToArray();
        Assert.Equal(rows.Select(r => r[0] == null ? null : (object)((string)r[0]! + (string)r[1]!)).ToArray(), result);
    }

    [Fact]
    public void Concat_Arrays_ConcatenatesElements()
    {
        var r = F.Eval(Concat(Array(Lit(1), Lit(2)), Array(Lit(3))));
        Assert.Equal(new object?[] { 1, 2, 3 }, (object?[])r!);
    }

    [Fact]
    public void ConcatWs_SkipsNulls()
    {
        var r = F.One(ConcatWs(",", Col("s"), Col("ns"), Lit("b")), ConcatWs("-", Split(Lit("a b c"), " ")));
        Assert.Equal("Spark SQL,b", r[0]);
        Assert.Equal("a-b-c", r[1]);
        Assert.Equal("concat_ws(,, s, ns, b)", F.Names(ConcatWs(",", Col("s"), Col("ns"), Lit("b")))[0]);
    }

    [Fact]
    public void UpperLower_ConvertCaseAndKeepNulls()
    {
        var r = F.One(Upper(Col("s")), Lower(Col("s")), Upper(Col("ns")), Lower(Lit("ÄBC")), Ucase(Lit("x")), Lcase(Lit("Y")));
        Assert.Equal(new object?[] { "SPARK SQL", "spark sql", null, "äbc", "X", "y" }, r.Values);
        Assert.Equal("upper(s)", F.Names(Upper(Col("s")))[0]);
    }

    [Fact]
    public void Upper_ArrayArgument_ThrowsDataTypeMismatch()
    {
        var e = Assert.ThrowsAny<AnalysisException>(() => F.One(Upper(Array(Lit(1)))));
        Assert.Contains("DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", e.Message);
    }

    [Fact]
    public void Length_CountsCharactersAndBytes()
    {
        var r = F.One(Length(Col("s")), Length(Lit("héllo")), Length(Col("ns")), Length(Lit(new byte[] { 1, 2, 3 })), OctetLength(Lit("é")), BitLength(Lit("a")));
        Assert.Equal(new object?[] { 9, 5, null, 3, 2, 8 }, r.Values);
        Assert.IsType<IntegerType>(F.TypeOf(Length(Col("s"))));
    }

    [Fact]
    public void Substring_SparkPositions()
    {
        var r = F.One(Substring(Col("s"), 1, 5), Substring(Col("s"), -3, 2), Substring(Col("s"), 0, 2), Substring(Col("s"), 20, 2),
            Col("s").Substr(7, 100), Substring(Col("ns"), 1, 2), Substring(Lit("héllo"), 2, 3));
        Assert.Equal(new object?[] { "Spark", "SQ", "Sp", "", "SQL", null, "éll" }, r.Values);
        Assert.Equal("substring(s, 1, 5)", F.Names(Substring(Col("s"), 1, 5))[0]);
    }

    [Fact]
    public void Trim_Variants()
    {
        var r = F.One(Trim(Lit("  a  ")), Ltrim(Lit("  a  ")), Rtrim(Lit("  a  ")), Trim(Lit("xxaxx"), "x"), Btrim(Lit("yxay"), Lit("xy")), Trim(Col("ns")));
        Assert.Equal(new object?[] { "a", "a  ", "  a", "a", "a", null }, r.Values);
        Assert.Equal(new[] { "trim(s)", "TRIM(BOTH x FROM s)" }, F.Names(Trim(Col("s")), Trim(Col("s"), "x")));
    }

    [Fact]
    public void Pad_PadsAndTruncates()
    {
        var r = F.One(Lpad(Lit("hi"), 5, "??"), Rpad(Lit("hi"), 5, "??"), Lpad(Lit("hi"), 1, "??"), Lpad(Lit("hi"), -1, "?"), Lpad(Col("ns"), 3, "x"));
        Assert.Equal(new object?[] { "???hi", "hi???", "h", "", null }, r.Values);
    }

    [Fact]
    public void SubstringIndex_CountsFromBothEnds()
    {
        var r = F.One(SubstringIndex(Lit("www.apache.org"), ".", 2), SubstringIndex(Lit("www.apache.org"), ".", -2), SubstringIndex(Lit("a.b"), ".", 0), SubstringIndex(Lit("a.b"), ".", 5));
        Assert.Equal(new object?[] { "www.apache", "apache.org", "", "a.b" }, r.Values);
    }

    [Fact]
    public void InstrLocate_OneBasedPositions()
    {
        var r = F.One(Instr(Col("s"), "SQL"), Instr(Col("s"), "x"), Locate("b", Lit("abcb"), 3), Locate("b", Lit("abcb")), Locate("b", Lit("abc"), 0), Instr(Col("ns"), "a"));
        Assert.Equal(new object?[] { 7, 0, 4, 2, 0, null }, r.Values);
    }

    [Fact]
    public void Replace_ReplacesAll()
    {
        var r = F.One(Replace(Lit("ABCabc"), Lit("abc"), Lit("DEF")), Replace(Lit("aaa"), Lit(""), Lit("x")), Replace(Col("ns"), Lit("a"), Lit("b")));
        Assert.Equal(new object?[] { "ABCDEF", "aaa", null }, r.Values);
    }

    [Fact]
    public void Regexp_ReplaceExtractLike()
    {
        var r = F.One(RegexpReplace(Lit("100-200"), "(\\d+)", "num"), RegexpReplace(Lit("a1b2"), "([a-z])(\\d)", "$2$1"),
            RegexpExtract(Lit("100-200"), "(\\d+)-(\\d+)", 1), RegexpExtract(Lit("foo"), "(\\d+)", 1),
            RegexpExtractAll(Lit("100-200, 300-400"), "(\\d+)-(\\d+)", 1), RLike(Col("s"), "^Sp.*L$"), Col("s").RLike("xyz"));
        Assert.Equal("num-num", r[0]);
        Assert.Equal("1a2b", r[1]);
        Assert.Equal("100", r[2]);
        Assert.Equal("", r[3]);
        Assert.Equal(new object?[] { "100", "300" }, (object?[])r[4]!);
        Assert.Equal(true, r[5]);
        Assert.Equal(false, r[6]);
        Assert.Equal("s RLIKE ^Sp.*L$", F.Names(RLike(Col("s"), "^Sp.*L$"))[0]);
    }

    [Fact]
    public void RegexpExtract_GroupOutOfRange_Throws()
    {
        var e = Assert.ThrowsAny<Exception>(() => F.One(RegexpExtract(Col("s"), "(a)", 3)));
        Assert.Contains("REGEX_GROUP_INDEX", e.ToString());
    }

    [Fact]
    public void Like_WildcardsEscapeAndCase()
    {
        var r = F.One(Col("s").Like("Spark%"), Col("s").Like("_park SQL"), Col("s").Like("spark%"), ILike(Col("s"), "spark%"),
            Like(Lit("50%"), "50/%", '/'), Lit("50x").Like("50\\%"), Col("ns").Like("a"));
        Assert.Equal(new object?[] { true, true, false, true, true, false, null }, r.Values);
        Assert.Equal("s LIKE Spark%", F.Names(Col("s").Like("Spark%"))[0]);
    }

    [Fact]
    public void Like_EscapeBeforeOrdinaryChar_Throws()
    {
        var e = Assert.ThrowsAny<Exception>(() => F.One(Col("s").Like("a\\b")));
        Assert.Contains("ESC_IN_THE_MIDDLE", e.ToString());
    }

    [Fact]
    public void Split_RegexAndLimit()
    {
        var r = F.One(Split(Lit("oneAtwoBthreeC"), "[ABC]"), Split(Lit("oneAtwoBthreeC"), "[ABC]", 2), Split(Lit(""), ","), Split(Col("ns"), ","));
        Assert.Equal(new object?[] { "one", "two", "three", "" }, (object?[])r[0]!);
        Assert.Equal(new object?[] { "one", "twoBthreeC" }, (object?[])r[1]!);
        Assert.Equal(new object?[] { "" }, (object?[])r[2]!);
        Assert.Null(r[3]);
        Assert.Equal("split(s, ,, -1)", F.Names(Split(Col("s"), ","))[0]);
    }

    [Fact]
    public void Misc_InitcapReverseRepeatTranslateAscii()
    {
        var r = F.One(InitCap(Lit("sPark sql")), Reverse(Col("s")), Repeat(Lit("ab"), 3), Repeat(Lit("ab"), -1), Translate(Lit("AaBbCc"), "abc", "12"),
            Ascii(Lit("222")), Ascii(Lit("")), Chr(Lit(65)), Chr(Lit(-1)), InitCap(Col("ns")));
        Assert.Equal(new object?[] { "Spark Sql", "LQS krapS", "ababab", "", "A1B2C", 50, 0, "A", "", null }, r.Values);
    }

    [Fact]
    public void Base64_RoundTripsAndBadInputIsNull()
    {
        var r = F.One(Base64(Lit("Spark SQL")), Unbase64(Lit("U3BhcmsgU1FM")), Unbase64(Lit("!!!")), Base64(Col("ns")));
        Assert.Equal("U3BhcmsgU1FM", r[0]);
        Assert.Equal("Spark SQL"u8.ToArray(), (byte[])r[1]!);
        Assert.Null(r[2]);
        Assert.Null(r[3]);
    }

    [Fact]
    public void FormatNumber_GroupsAndRounds()
    {
        var r = F.One(FormatNumber(Lit(12332.123456), 4), FormatNumber(Lit(5), 0), FormatNumber(Lit(1.5), -1), FormatNumber(Col("nd"), 2));
        Assert.Equal(new object?[] { "12,332.1235", "5", null, null }, r.Values);
    }

    [Fact]
    public void FormatString_JavaStyle()
    {
        var r = F.One(FormatString("Hello World %d %s", Lit(100), Lit("days")), FormatString("%05.2f|%-4s|%x", Lit(3.14159), Lit("a"), Lit(255)), Printf(Lit("%s"), Col("ns")));
        Assert.Equal(new object?[] { "Hello World 100 days", "03.14|a   |ff", "null" }, r.Values);
    }

    [Fact]
    public void ContainsStartsEnds_Booleans()
    {
        var r = F.One(Col("s").Contains("ark"), Col("s").StartsWith("Spa"), Col("s").EndsWith("SQL"), Contains(Col("s"), Lit("x")), Col("ns").Contains("a"));
        Assert.Equal(new object?[] { true, true, true, false, null }, r.Values);
    }

    [Fact]
    public void LeftRight_TakeCharacters()
    {
        var r = F.One(Left(Col("s"), Lit(3)), Right(Col("s"), Lit(3)), Left(Col("s"), Lit(-1)), Right(Col("ns"), Lit(2)));
        Assert.Equal(new object?[] { "Spa", "SQL", "", null }, r.Values);
    }

    [Fact]
    public void LevenshteinSoundexOverlay()
    {
        var r = F.One(Levenshtein(Lit("kitten"), Lit("sitting")), Levenshtein(Lit("kitten"), Lit("sitting"), 2), Soundex(Lit("Miller")), Soundex(Lit("Tymczak")),
            Overlay(Lit("Spark SQL"), Lit("_"), Lit(6)), Overlay(Lit("Spark SQL"), Lit("CORE"), Lit(7)), Overlay(Lit("Spark SQL"), Lit("ANSI "), Lit(7), Lit(0)));
        Assert.Equal(new object?[] { 3, -1, "M460", "T522", "Spark_SQL", "Spark CORE", "Spark ANSI SQL" }, r.Values);
    }

    [Fact]
    public void EncodeDecode_CharsetsAndBadCharset()
    {
        var r = F.One(Decode(Encode(Lit("abc"), "UTF-16LE"), "UTF-16LE"), Encode(Lit("é"), "UTF-8"));
        Assert.Equal("abc", r[0]);
        Assert.Equal(new byte[] { 0xC3, 0xA9 }, (byte[])r[1]!);
        var e = Assert.ThrowsAny<Exception>(() => F.One(Encode(Col("s"), "WINDOWS-1252")));
        Assert.Contains("CHARSET", e.ToString());
    }
}
