using Spate.Expressions;
using Spate.Plans;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Tests.Sql;

public class ExpressionParserTests
{
    private static Expression P(string sql) => SqlExpressionParser.ParseExpression(sql);

    private static Literal Lit(string sql) => Assert.IsType<Literal>(P(sql));

    [Theory]
    [InlineData("a + b * c", "(a + (b * c))")]
    [InlineData("(a + b) * c", "((a + b) * c)")]
    [InlineData("a - b - c", "((a - b) - c)")]
    [InlineData("a / b % c", "((a / b) % c)")]
    [InlineData("a DIV b", "(a div b)")]
    [InlineData("-a * b", "((- a) * b)")]
    [InlineData("a = 1 OR b = 2 AND c = 3", "((a = 1) OR ((b = 2) AND (c = 3)))")]
    [InlineData("NOT a = 1 AND b", "((NOT (a = 1)) AND b)")]
    [InlineData("a + 1 > b * 2", "((a + 1) > (b * 2))")]
    [InlineData("a < b = true", "((a < b) = true)")]
    [InlineData("a = b IS NULL", "((a = b) IS NULL)")]
    [InlineData("a IS NOT NULL OR b IS NULL", "((a IS NOT NULL) OR (b IS NULL))")]
    [InlineData("a <=> b", "(a <=> b)")]
    [InlineData("a == b", "(a = b)")]
    public void ParseExpression_Operators_FollowSparkPrecedence(string sql, string expected)
    {
        Assert.Equal(expected, P(sql).Sql);
    }

    [Theory]
    [InlineData("a != 1")]
    [InlineData("a <> 1")]
    public void ParseExpression_NotEqual_IsNotOfEquality(string sql)
    {
        var not = Assert.IsType<Not>(P(sql));
        var eq = Assert.IsType<Comparison>(not.Child);
        Assert.Equal(CompareOp.Eq, eq.Op);
    }

    [Theory]
    [InlineData("<", "Lt")]
    [InlineData("<=", "Le")]
    [InlineData(">", "Gt")]
    [InlineData(">=", "Ge")]
    [InlineData("=", "Eq")]
    public void ParseExpression_Comparison_MapsOperator(string op, string expected)
    {
        Assert.Equal(expected, Assert.IsType<Comparison>(P($"x {op} 3")).Op.ToString());
    }

    [Theory]
    [InlineData("1", "int", 1)]
    [InlineData("2147483647", "int", 2147483647)]
    [InlineData("-2147483648", "int", -2147483648)]
    public void ParseExpression_IntegerLiteral_IsInt(string sql, string type, int value)
    {
        var l = Lit(sql);
        Assert.Equal(type, l.DataType.SimpleString);
        Assert.Equal(value, l.Value);
    }

    [Fact]
    public void ParseExpression_IntegerBeyondInt_IsBigint()
    {
        var l = Lit("2147483648");
        Assert.Equal("bigint", l.DataType.SimpleString);
        Assert.Equal(2147483648L, l.Value);
    }

    [Fact]
    public void ParseExpression_IntegerBeyondLong_IsDecimal()
    {
        var l = Lit("92233720368547758070");
        Assert.Equal("decimal(20,0)", l.DataType.SimpleString);
    }

    [Theory]
    [InlineData("10L", "bigint")]
    [InlineData("10S", "smallint")]
    [InlineData("10Y", "tinyint")]
    [InlineData("10y", "tinyint")]
    [InlineData("1.5", "decimal(2,1)")]
    [InlineData("0.05", "decimal(2,2)")]
    [InlineData("1.50", "decimal(3,2)")]
    [InlineData("123.", "decimal(3,0)")]
    [InlineData(".5", "decimal(1,1)")]
    [InlineData("1.5D", "double")]
    [InlineData("1e3", "double")]
    [InlineData("1.5E-2", "double")]
    [InlineData("1.5F", "float")]
    [InlineData("1.5BD", "decimal(2,1)")]
    [InlineData("'x'", "string")]
    [InlineData("\"x\"", "string")]
    [InlineData("true", "boolean")]
    [InlineData("FALSE", "boolean")]
    [InlineData("NULL", "void")]
    [InlineData("DATE '2024-01-31'", "date")]
    [InlineData("TIMESTAMP '2024-01-31 10:11:12'", "timestamp")]
    [InlineData("X'0A0B'", "binary")]
    public void ParseExpression_Literal_HasSparkType(string sql, string expected)
    {
        Assert.Equal(expected, Lit(sql).DataType.SimpleString);
    }

    [Fact]
    public void ParseExpression_LiteralValues_AreConverted()
    {
        Assert.Equal(1.5m, Lit("1.5").Value);
        Assert.Equal(1000.0, Lit("1e3").Value);
        Assert.Equal((short)-7, Lit("-7S").Value);
        Assert.Equal((sbyte)-128, Lit("-128Y").Value);
        Assert.Equal(new DateOnly(2024, 1, 31), Lit("date '2024-01-31'").Value);
        Assert.Equal(new byte[] { 0x0A, 0x0B }, Lit("X'0A0B'").Value);
        Assert.Equal(new byte[] { 0x01 }, Lit("X'1'").Value);
    }

    [Theory]
    [InlineData(@"'it\'s'", "it's")]
    [InlineData(@"""say \""hi\""""", "say \"hi\"")]
    [InlineData(@"'a\tb\nc'", "a\tb\nc")]
    [InlineData(@"'\\'", "\\")]
    [InlineData(@"'\u0041\101'", "AA")]
    [InlineData(@"'50\%'", "50\\%")]
    [InlineData("'ab' 'cd'", "abcd")]
    [InlineData("'it''s'", "its")]
    [InlineData(@"r'a\tb'", @"a\tb")]
    public void ParseExpression_StringLiteral_UnescapesAsSpark(string sql, string expected)
    {
        Assert.Equal(expected, Lit(sql).Value);
    }

    [Theory]
    [InlineData("128Y", "tinyint")]
    [InlineData("40000S", "smallint")]
    [InlineData("9223372036854775808L", "bigint")]
    public void ParseExpression_LiteralOutOfRange_ThrowsInvalidNumericLiteralRange(string sql, string type)
    {
        var ex = Assert.Throws<ParseException>(() => P(sql));
        Assert.StartsWith("[INVALID_NUMERIC_LITERAL_RANGE]", ex.Message);
        Assert.Contains($"valid range for {type}", ex.Message);
    }

    [Fact]
    public void ParseExpression_InvalidDate_ThrowsInvalidTypedLiteral()
    {
        var ex = Assert.Throws<ParseException>(() => P("DATE '2024-13-01'"));
        Assert.StartsWith("[INVALID_TYPED_LITERAL] The value of the typed literal \"DATE\" is invalid: '2024-13-01'.(line 1, pos 0)", ex.Message);
    }

    [Fact]
    public void ParseExpression_DottedName_IsUnresolvedAttributeWithParts()
    {
        var a = Assert.IsType<UnresolvedAttribute>(P("data.name"));
        Assert.Equal(new[] { "data", "name" }, a.NameParts);
        var q = Assert.IsType<UnresolvedAttribute>(P("`weird name`.`a.b`"));
        Assert.Equal(new[] { "weird name", "a.b" }, q.NameParts);
        var escaped = Assert.IsType<UnresolvedAttribute>(P("`a``b`"));
        Assert.Equal(new[] { "a`b" }, escaped.NameParts);
    }

    [Fact]
    public void ParseExpression_Stars_AreUnresolvedStars()
    {
        Assert.Null(Assert.IsType<UnresolvedStar>(P("*")).Target);
        Assert.Equal(new[] { "data" }, Assert.IsType<UnresolvedStar>(P("data.*")).Target);
    }

    [Fact]
    public void ParseExpression_KeywordLikeNames_AreColumns()
    {
        Assert.Equal(new[] { "date" }, Assert.IsType<UnresolvedAttribute>(P("date")).NameParts);
        Assert.Equal(new[] { "timestamp" }, Assert.IsType<UnresolvedAttribute>(P("timestamp")).NameParts);
        Assert.Equal(new[] { "key" }, Assert.IsType<UnresolvedAttribute>(P("key")).NameParts);
    }

    [Fact]
    public void ParseExpression_In_BuildsInAndNotIn()
    {
        var i = Assert.IsType<In>(P("x IN (1, 2, 3)"));
        Assert.Equal(3, i.List.Count);
        var n = Assert.IsType<Not>(P("x NOT IN ('a')"));
        Assert.IsType<In>(n.Child);
    }

    [Fact]
    public void ParseExpression_Between_IsRangeConjunction()
    {
        Assert.Equal("((x >= 1) AND (x <= 10))", P("x BETWEEN 1 AND 10").Sql);
        Assert.Equal("(NOT ((x >= 1) AND (x <= 10)))", P("x NOT BETWEEN 1 AND 10").Sql);
        Assert.Equal("(((x >= 1) AND (x <= 10)) AND y)", P("x BETWEEN 1 AND 10 AND y").Sql);
    }

    [Theory]
    [InlineData("s LIKE 'a%'", "like", false)]
    [InlineData("s NOT LIKE 'a%'", "like", true)]
    [InlineData("s ILIKE 'A%'", "ilike", false)]
    [InlineData("s RLIKE '^a'", "rlike", false)]
    [InlineData("s REGEXP '^a'", "rlike", false)]
    [InlineData("s NOT RLIKE '^a'", "rlike", true)]
    public void ParseExpression_PatternPredicates_CallRegistryNames(string sql, string name, bool negated)
    {
        var e = P(sql);
        if (negated) e = Assert.IsType<Not>(e).Child;
        var f = Assert.IsType<UnresolvedFunction>(e);
        Assert.Equal(name, f.Name);
        Assert.Equal(2, f.Arguments.Count);
    }

    [Fact]
    public void ParseExpression_LikeEscape_PassesEscapeCharacter()
    {
        var f = Assert.IsType<UnresolvedFunction>(P("s LIKE 'a!%' ESCAPE '!'"));
        Assert.Equal("!", Assert.IsType<Literal>(f.Arguments[2]).Value);
    }

    [Fact]
    public void ParseExpression_IsTrueAndDistinctFrom_UseNullSafeEquality()
    {
        Assert.Equal("(x <=> true)", P("x IS TRUE").Sql);
        Assert.Equal("(NOT (x <=> false))", P("x IS NOT FALSE").Sql);
        Assert.Equal("(NOT (x <=> y))", P("x IS DISTINCT FROM y").Sql);
        Assert.Equal("(x <=> y)", P("x IS NOT DISTINCT FROM y").Sql);
    }

    [Fact]
    public void ParseExpression_ConcatAndBitwise_CallFunctions()
    {
        var c = Assert.IsType<UnresolvedFunction>(P("a || b"));
        Assert.Equal("concat", c.Name);
        Assert.Equal("&", Assert.IsType<UnresolvedFunction>(P("a & b")).Name);
        Assert.Equal("|", Assert.IsType<UnresolvedFunction>(P("a | b")).Name);
        Assert.Equal("^", Assert.IsType<UnresolvedFunction>(P("a ^ b")).Name);
        Assert.Equal("~", Assert.IsType<UnresolvedFunction>(P("~a")).Name);
        // || binds like +: tighter than comparison.
        Assert.IsType<Comparison>(P("a || b = 'xy'"));
    }

    [Fact]
    public void ParseExpression_SearchedCase_BuildsCaseWhen()
    {
        var c = Assert.IsType<CaseWhen>(P("CASE WHEN a > 1 THEN 'big' WHEN a > 0 THEN 'small' ELSE 'none' END"));
        Assert.Equal(2, c.Branches.Count);
        Assert.Equal("CASE WHEN (a > 1) THEN big WHEN (a > 0) THEN small ELSE none END", c.Sql);
    }

    [Fact]
    public void ParseExpression_SimpleCase_ComparesSubject()
    {
        var c = Assert.IsType<CaseWhen>(P("case x when 1 then 'one' end"));
        Assert.Equal("(x = 1)", c.Branches[0].Condition.Sql);
        Assert.Null(c.Else);
    }

    [Fact]
    public void ParseExpression_Cast_UsesDdlType()
    {
        Assert.Equal(IntegerType.Instance, Assert.IsType<Cast>(P("CAST(a AS INT)")).Target);
        Assert.Equal(new DecimalType(10, 2), Assert.IsType<Cast>(P("cast(a as decimal(10, 2))")).Target);
        Assert.Equal(new ArrayType(new MapType(StringType.Instance, IntegerType.Instance)), Assert.IsType<Cast>(P("cast(a as array<map<string,int>>)")).Target);
        Assert.Equal(LongType.Instance, Assert.IsType<Cast>(P("a::bigint")).Target);
    }

    [Fact]
    public void ParseExpression_CastToUnknownType_ThrowsUnsupportedDatatype()
    {
        var ex = Assert.Throws<ParseException>(() => P("CAST(a AS foo)"));
        Assert.StartsWith("[UNSUPPORTED_DATATYPE]", ex.Message);
    }

    [Fact]
    public void ParseExpression_FunctionCalls_AreUnresolvedFunctions()
    {
        var f = Assert.IsType<UnresolvedFunction>(P("upper(name)"));
        Assert.Equal("upper", f.Name);
        Assert.Single(f.Arguments);
        var d = Assert.IsType<UnresolvedFunction>(P("count(DISTINCT a, b)"));
        Assert.True(d.IsDistinct);
        Assert.Equal(2, d.Arguments.Count);
        Assert.Empty(Assert.IsType<UnresolvedFunction>(P("now()")).Arguments);
        Assert.Equal("left", Assert.IsType<UnresolvedFunction>(P("left(s, 2)")).Name);
    }

    [Fact]
    public void ParseExpression_CountStar_BuildsCountOfAllRows()
    {
        var e = P("count(*)");
        Assert.IsType<Count>(e);
        Assert.Equal("count(1)", e.Sql);
    }

    [Fact]
    public void ParseExpression_Aliases_ExplicitAndImplicit()
    {
        var a = Assert.IsType<Alias>(P("amount * 2 AS doubled"));
        Assert.Equal("doubled", a.Name);
        Assert.Equal("(amount * 2)", a.Child.Sql);
        Assert.Equal("d", Assert.IsType<Alias>(P("amount d")).Name);
        Assert.Equal("my col", Assert.IsType<Alias>(P("amount AS `my col`")).Name);
    }

    [Fact]
    public void ParseExpression_Subscripts_AreUnresolvedExtractValues()
    {
        var x = Assert.IsType<UnresolvedExtractValue>(P("a[0]"));
        Assert.Equal(0, Assert.IsType<Literal>(x.Right).Value);
        var m = Assert.IsType<UnresolvedExtractValue>(P("m['k']"));
        Assert.Equal("k", Assert.IsType<Literal>(m.Right).Value);
        var nested = Assert.IsType<UnresolvedExtractValue>(P("a[1].f"));
        Assert.IsType<UnresolvedExtractValue>(nested.Left);
    }

    [Fact]
    public void ParseExpression_Comments_AreIgnored()
    {
        Assert.Equal("(a + 1)", P("a /* plus */ + 1 -- one").Sql);
    }

    [Theory]
    [InlineData("amount >", "end of input", 8)]
    [InlineData("a + )", "')'", 4)]
    [InlineData("(a + b", "end of input", 6)]
    [InlineData("a b c", "'c': extra input 'c'", 4)]
    [InlineData("CASE WHEN a THEN 1", "end of input", 18)]
    [InlineData("a NOT b", "'b'", 6)]
    [InlineData("x IN 1", "'1'", 5)]
    [InlineData("", "end of input", 0)]
    public void ParseExpression_BadSyntax_ThrowsParseSyntaxErrorWithPosition(string sql, string near, int pos)
    {
        var ex = Assert.Throws<ParseException>(() => P(sql));
        Assert.StartsWith($"[PARSE_SYNTAX_ERROR] Syntax error at or near {near}.(line 1, pos {pos})", ex.Message);
        Assert.Contains("== SQL ==\n" + sql + "\n" + new string('-', pos) + "^^^", ex.Message);
        Assert.Equal(sql, ex.Input);
    }

    [Fact]
    public void ParseExpression_ErrorOnSecondLine_ReportsLineAndPos()
    {
        var ex = Assert.Throws<ParseException>(() => P("a +\n  )"));
        Assert.StartsWith("[PARSE_SYNTAX_ERROR] Syntax error at or near ')'.(line 2, pos 2)", ex.Message);
    }

    [Fact]
    public void ParseExpression_UnclosedString_ThrowsParseException()
    {
        var ex = Assert.Throws<ParseException>(() => P("'abc"));
        Assert.StartsWith("[PARSE_SYNTAX_ERROR]", ex.Message);
    }
}
