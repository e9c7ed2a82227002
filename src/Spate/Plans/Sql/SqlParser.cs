using Spate.Expressions;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Plans.Sql;

/// <summary>
/// A recursive-descent parser over <see cref="SqlLexer"/> tokens for Spark SQL expressions, with Spark's precedence
/// (lowest first): OR, AND, NOT, predicates (IS, IN, BETWEEN, LIKE), comparison, <c>|</c>, <c>^</c>, <c>&amp;</c>,
/// <c>+ - ||</c>, <c>* / % DIV</c>, unary <c>- + ~</c>, then postfix <c>[i]</c>, <c>.field</c>, <c>::type</c>.
/// Names stay unresolved: the analyzer resolves them. The query parser reuses the token cursor.
/// </summary>
internal sealed class SqlParser
{
    // Words that end an expression: never read as an implicit alias or a column name.
    private static readonly HashSet<string> ClauseWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "UNION", "INTERSECT", "EXCEPT", "MINUS",
        "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "SEMI", "ANTI", "NATURAL", "ON", "USING", "AS", "AND", "OR",
        "NOT", "IS", "IN", "LIKE", "ILIKE", "RLIKE", "REGEXP", "BETWEEN", "ASC", "DESC", "NULLS", "WHEN", "THEN", "ELSE",
        "END", "WINDOW", "LATERAL", "DIV", "ESCAPE", "SORT", "CLUSTER", "DISTRIBUTE", "OVER", "SELECT", "WITH", "LATERAL",
    };

    private readonly List<SqlToken> _tokens;
    private int _pos;

    public SqlParser(string sql)
    {
        Sql = sql;
        _tokens = SqlLexer.Tokenize(sql);
    }

    /// <summary>The text being parsed.</summary>
    public string Sql { get; }

    // ---------- token cursor ----------

    public SqlToken Peek(int ahead = 0) => _tokens[Math.Min(_pos + ahead, _tokens.Count - 1)];
    public SqlToken Next() => _tokens[_pos < _tokens.Count - 1 ? _pos++ : _pos];
    public bool AtEnd => Peek().Kind == SqlTokenKind.End;

    public bool Accept(string keyword)
    {
        if (!Peek().Is(keyword)) return false;
        _pos++;
        return true;
    }

    public bool AcceptSymbol(string symbol)
    {
        if (!Peek().IsSymbol(symbol)) return false;
        _pos++;
        return true;
    }

    public void Expect(string keyword)
    {
        if (!Accept(keyword)) throw Error();
    }

    public void ExpectSymbol(string symbol)
    {
        if (!AcceptSymbol(symbol)) throw Error();
    }

    /// <summary>A syntax error at the current token.</summary>
    public ParseException Error(string hint = "") => SqlErrors.Syntax(Sql, Peek(), hint);

    /// <summary>Fails unless every token was consumed (Spark: "extra input").</summary>
    public void ExpectEnd()
    {
        AcceptSymbol(";");
        if (!AtEnd) throw Error($": extra input '{SqlErrors.Display(Sql, Peek())}'");
    }

    /// <summary>True when the current token can be a name: a quoted identifier or a word that does not end a clause.</summary>
    public bool AtIdentifier => Peek().Kind == SqlTokenKind.QuotedIdentifier || (Peek().Kind == SqlTokenKind.Word && !ClauseWords.Contains(Peek().Text));

    /// <summary>An identifier (quoted, or a word that is not a clause keyword).</summary>
    public string Identifier()
    {
        if (!AtIdentifier) throw Error();
        return Next().Text;
    }

    /// <summary>A dotted name: <c>a</c>, <c>db.t</c>, <c>`a.b`.c</c>.</summary>
    public List<string> MultipartIdentifier()
    {
        var parts = new List<string> { Identifier() };
        while (Peek().IsSymbol(".") && (Peek(1).Kind == SqlTokenKind.QuotedIdentifier || Peek(1).Kind == SqlTokenKind.Word))
        {
            _pos++;
            parts.Add(Next().Text);
        }
        return parts;
    }

    // ---------- named expressions ----------

    /// <summary><c>expr [AS] alias</c>: an <see cref="Alias"/> when named, else the expression itself.</summary>
    public Expression NamedExpression()
    {
        var e = Expression();
        if (Accept("AS"))
        {
            if (Peek().IsSymbol("("))
                throw SqlErrors.At(Sql, Peek().Start, "[UNSUPPORTED_FEATURE] The feature is not supported: multi-column aliases AS (a, b).");
            return new Alias(e, AliasName());
        }
        if (AtIdentifier) return new Alias(e, Next().Text);
        return e;
    }

    private string AliasName()
    {
        var t = Peek();
        if (t.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier) { _pos++; return t.Text; }
        throw Error();
    }

    // ---------- boolean expressions ----------

    public Expression Expression() => Or();

    private Expression Or()
    {
        var left = And();
        while (Accept("OR")) left = new Or(left, And());
        return left;
    }

    private Expression And()
    {
        var left = Not();
        while (Accept("AND")) left = new And(left, Not());
        return left;
    }

    private Expression Not()
    {
        if (Accept("NOT") || AcceptSymbol("!")) return new Not(Not());
        if (Peek().Is("EXISTS") && Peek(1).IsSymbol("("))
            throw SqlErrors.At(Sql, Peek().Start, "[UNSUPPORTED_FEATURE] The feature is not supported: EXISTS subqueries.");
        return Predicated();
    }

    /// <summary>A value followed by at most one predicate: IS, IN, BETWEEN, LIKE / ILIKE / RLIKE / REGEXP.</summary>
    private Expression Predicated()
    {
        var e = Comparison();
        if (Accept("IS"))
        {
            bool isNot = Accept("NOT");
            if (Accept("NULL")) return isNot ? new IsNotNull(e) : new IsNull(e);
            if (Accept("TRUE")) return Negate(new EqualNullSafe(e, Literal.True), isNot);
            if (Accept("FALSE")) return Negate(new EqualNullSafe(e, Literal.False), isNot);
            if (Accept("UNKNOWN")) return isNot ? new IsNotNull(e) : new IsNull(e);
            if (Accept("DISTINCT"))
            {
                Expect("FROM");
                return Negate(new EqualNullSafe(e, Comparison()), !isNot);
            }
            throw Error();
        }
        bool not = Accept("NOT");
        if (Accept("IN"))
        {
            ExpectSymbol("(");
            if (Peek().Is("SELECT") || Peek().Is("WITH"))
                throw SqlErrors.At(Sql, Peek().Start, "[UNSUPPORTED_FEATURE] The feature is not supported: IN subqueries.");
            var list = new List<Expression> { Expression() };
            while (AcceptSymbol(",")) list.Add(Expression());
            ExpectSymbol(")");
            return Negate(new In(e, list), not);
        }
        if (Accept("BETWEEN"))
        {
            var lower = Comparison();
            Expect("AND");
            var upper = Comparison();
            return Negate(new And(new Comparison(CompareOp.Ge, e, lower), new Comparison(CompareOp.Le, e, upper)), not);
        }
        if (Accept("RLIKE") || Accept("REGEXP")) return Negate(new UnresolvedFunction("rlike", new[] { e, Comparison() }, false), not);
        string? like = Peek().Is("LIKE") ? "like" : Peek().Is("ILIKE") ? "ilike" : null;
        if (like != null)
        {
            _pos++;
            if (Peek().Is("ANY") || Peek().Is("SOME") || Peek().Is("ALL"))
                throw SqlErrors.At(Sql, Peek().Start, $"[UNSUPPORTED_FEATURE] The feature is not supported: {like.ToUpperInvariant()} {Peek().Text.ToUpperInvariant()}.");
            var args = new List<Expression> { e, Comparison() };
            if (Accept("ESCAPE"))
            {
                var esc = Next();
                if (esc.Kind != SqlTokenKind.String) { _pos--; throw Error(); }
                if (esc.Text.Length != 1)
                    throw SqlErrors.At(Sql, esc.Start, $"[INVALID_ESCAPE_CHAR] The escape character must be a single character, got '{esc.Text}'.");
                args.Add(Literal.Create(esc.Text));
            }
            return Negate(new UnresolvedFunction(like, args, false), not);
        }
        if (not) throw Error();
        return e;
    }

    private static Expression Negate(Expression e, bool not) => not ? new Not(e) : e;

    // ---------- value expressions ----------

    private Expression Comparison()
    {
        var left = BitOr();
        while (true)
        {
            var t = Peek();
            if (t.Kind != SqlTokenKind.Symbol) return left;
            switch (t.Text)
            {
                case "=" or "==": _pos++; left = new Comparison(CompareOp.Eq, left, BitOr()); break;
                case "!=" or "<>": _pos++; left = new Not(new Comparison(CompareOp.Eq, left, BitOr())); break;
                case "<": _pos++; left = new Comparison(CompareOp.Lt, left, BitOr()); break;
                case "<=": _pos++; left = new Comparison(CompareOp.Le, left, BitOr()); break;
                case ">": _pos++; left = new Comparison(CompareOp.Gt, left, BitOr()); break;
                case ">=": _pos++; left = new Comparison(CompareOp.Ge, left, BitOr()); break;
                case "<=>": _pos++; left = new EqualNullSafe(left, BitOr()); break;
                default: return left;
            }
        }
    }

    private Expression BitOr()
    {
        var left = BitXor();
        while (AcceptSymbol("|")) left = new UnresolvedFunction("|", new[] { left, BitXor() }, false);
        return left;
    }

    private Expression BitXor()
    {
        var left = BitAnd();
        while (AcceptSymbol("^")) left = new UnresolvedFunction("^", new[] { left, BitAnd() }, false);
        return left;
    }

    private Expression BitAnd()
    {
        var left = Additive();
        while (AcceptSymbol("&")) left = new UnresolvedFunction("&", new[] { left, Additive() }, false);
        return left;
    }

    private Expression Additive()
    {
        var left = Multiplicative();
        while (true)
        {
            if (AcceptSymbol("+")) left = new BinaryArithmetic(ArithmeticOp.Add, left, Multiplicative());
            else if (AcceptSymbol("-")) left = new BinaryArithmetic(ArithmeticOp.Subtract, left, Multiplicative());
            else if (AcceptSymbol("||")) left = new UnresolvedFunction("concat", new[] { left, Multiplicative() }, false);
            else return left;
        }
    }

    private Expression Multiplicative()
    {
        var left = Unary();
        while (true)
        {
            if (AcceptSymbol("*")) left = new BinaryArithmetic(ArithmeticOp.Multiply, left, Unary());
            else if (AcceptSymbol("/")) left = new BinaryArithmetic(ArithmeticOp.Divide, left, Unary());
            else if (AcceptSymbol("%")) left = new BinaryArithmetic(ArithmeticOp.Remainder, left, Unary());
            else if (Accept("DIV")) left = new BinaryArithmetic(ArithmeticOp.IntegralDivide, left, Unary());
            else return left;
        }
    }

    private Expression Unary()
    {
        var t = Peek();
        if (t.IsSymbol("-"))
        {
            _pos++;
            // "-5" is a negative literal (Spark's grammar has signed numbers), so -2147483648 stays an INT.
            if (Peek().Kind == SqlTokenKind.Number) return Postfix(NumberLiteral(Next(), negative: true, t.Start));
            return new UnaryMinus(Unary());
        }
        if (t.IsSymbol("+")) { _pos++; return Unary(); }
        if (t.IsSymbol("~")) { _pos++; return new UnresolvedFunction("~", new[] { Unary() }, false); }
        return Postfix(Primary());
    }

    /// <summary>Subscripts <c>a[0]</c> / <c>m['k']</c>, field access <c>(expr).f</c> and <c>expr::type</c>.</summary>
    private Expression Postfix(Expression e)
    {
        while (true)
        {
            if (AcceptSymbol("["))
            {
                var key = Expression();
                ExpectSymbol("]");
                e = new UnresolvedExtractValue(e, key);
            }
            else if (Peek().IsSymbol(".") && Peek(1).Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)
            {
                _pos++;
                e = new UnresolvedExtractValue(e, Literal.Create(Next().Text));
            }
            else if (AcceptSymbol("::")) e = new Cast(e, DataTypeName());
            else return e;
        }
    }

    // ---------- primary expressions ----------

    private Expression Primary()
    {
        var t = Peek();
        switch (t.Kind)
        {
            case SqlTokenKind.Number:
                _pos++;
                return NumberLiteral(t, negative: false, t.Start);
            case SqlTokenKind.String:
                return Literal.Create(Strings());
            case SqlTokenKind.HexString:
                {
                    _pos++;
                    var bytes = SqlLiterals.Hex(t.Text)
                        ?? throw SqlErrors.At(Sql, t.Start, $"[INVALID_TYPED_LITERAL] The value of the typed literal \"X\" is invalid: '{t.Text}'.");
                    return Literal.Create(bytes);
                }
            case SqlTokenKind.Symbol when t.Text == "*":
                _pos++;
                return new UnresolvedStar(null);
            case SqlTokenKind.Symbol when t.Text == "(":
                {
                    _pos++;
                    if (Peek().Is("SELECT") || Peek().Is("WITH"))
                        throw SqlErrors.At(Sql, Peek().Start, "[UNSUPPORTED_FEATURE] The feature is not supported: scalar subqueries.");
                    var e = Expression();
                    if (Peek().IsSymbol(","))
                    {
                        // (a, b): a row constructor, which Spark builds as a struct.
                        var items = new List<Expression> { e };
                        while (AcceptSymbol(",")) items.Add(NamedExpression());
                        ExpectSymbol(")");
                        return new UnresolvedFunction("struct", items, false);
                    }
                    ExpectSymbol(")");
                    return e;
                }
            case SqlTokenKind.QuotedIdentifier:
                return NameOrCall();
            case SqlTokenKind.Word:
                return Word(t);
            default:
                throw Error();
        }
    }

    private Expression Word(SqlToken t)
    {
        string upper = t.Text.ToUpperInvariant();
        var next = Peek(1);
        switch (upper)
        {
            case "NULL": _pos++; return Literal.Null;
            case "TRUE": _pos++; return Literal.True;
            case "FALSE": _pos++; return Literal.False;
            case "CASE": _pos++; return Case();
            case "CAST" or "TRY_CAST" when next.IsSymbol("("):
                {
                    _pos += 2;
                    var e = Expression();
                    Expect("AS");
                    var type = DataTypeName();
                    ExpectSymbol(")");
                    return new Cast(e, type);
                }
            case "DATE" or "TIMESTAMP" or "TIMESTAMP_LTZ" when next.Kind == SqlTokenKind.String:
                {
                    _pos += 2;
                    return SqlLiterals.Typed(upper, next.Text)
                        ?? throw SqlErrors.At(Sql, t.Start, $"[INVALID_TYPED_LITERAL] The value of the typed literal \"{upper}\" is invalid: '{next.Text}'.");
                }
            case "INTERVAL" when next.Kind is SqlTokenKind.String or SqlTokenKind.Number:
                throw SqlErrors.At(Sql, t.Start, "[UNSUPPORTED_FEATURE] The feature is not supported: INTERVAL literals.");
            case "CURRENT_DATE" or "CURRENT_TIMESTAMP" or "CURRENT_USER" when !next.IsSymbol("("):
                _pos++;
                return new UnresolvedFunction(t.Text.ToLowerInvariant(), Array.Empty<Expression>(), false);
        }
        if (ClauseWords.Contains(t.Text) && !next.IsSymbol("(")) throw Error();
        return NameOrCall();
    }

    /// <summary>A column (<c>a</c>, <c>t.a</c>, <c>s.f.g</c>), a star (<c>t.*</c>) or a function call <c>f(args)</c>.</summary>
    private Expression NameOrCall()
    {
        var first = Next();
        if (Peek().IsSymbol("(") && first.Kind == SqlTokenKind.Word) return Call(first);
        var parts = new List<string> { first.Text };
        while (Peek().IsSymbol("."))
        {
            var after = Peek(1);
            if (after.IsSymbol("*")) { _pos += 2; return new UnresolvedStar(parts); }
            if (after.Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)) break;
            _pos += 2;
            parts.Add(after.Text);
        }
        return new UnresolvedAttribute(parts);
    }

    private Expression Call(SqlToken name)
    {
        ExpectSymbol("(");
        bool distinct = false;
        if (Accept("DISTINCT")) distinct = true;
        else Accept("ALL");
        var args = new List<Expression>();
        if (!Peek().IsSymbol(")"))
        {
            args.Add(Expression());
            while (AcceptSymbol(",")) args.Add(Expression());
        }
        ExpectSymbol(")");
        if (Peek().Is("IGNORE") && Peek(1).Is("NULLS")) { _pos += 2; args.Add(Literal.True); }
        else if (Peek().Is("RESPECT") && Peek(1).Is("NULLS")) _pos += 2;
        if (Peek().Is("FILTER") && Peek(1).IsSymbol("("))
            throw SqlErrors.At(Sql, Peek().Start, "[UNSUPPORTED_FEATURE] The feature is not supported: FILTER clauses of aggregate functions.");
        if (Peek().Is("OVER"))
            throw SqlErrors.At(Sql, Peek().Start, "[UNSUPPORTED_FEATURE] The feature is not supported: window functions (OVER) in SQL text.");
        // The analyzer rejects a bare '*' before it reaches the function, so calls like count(*) are built now.
        if (args.Count == 1 && args[0] is UnresolvedStar && FunctionRegistry.Exists(name.Text))
            return FunctionRegistry.Build(name.Text, args, distinct);
        return new UnresolvedFunction(name.Text, args, distinct);
    }

    private Expression Case()
    {
        Expression? subject = Peek().Is("WHEN") ? null : Expression();
        var branches = new List<(Expression, Expression)>();
        while (Accept("WHEN"))
        {
            var cond = Expression();
            Expect("THEN");
            var value = Expression();
            branches.Add((subject == null ? cond : new Comparison(CompareOp.Eq, subject, cond), value));
        }
        if (branches.Count == 0) throw Error();
        Expression? otherwise = Accept("ELSE") ? Expression() : null;
        Expect("END");
        return new CaseWhen(branches, otherwise);
    }

    /// <summary>One or more adjacent string literals, joined as Spark joins them.</summary>
    private string Strings()
    {
        var s = Next().Text;
        while (Peek().Kind == SqlTokenKind.String) s += Next().Text;
        return s;
    }

    private Literal NumberLiteral(SqlToken t, bool negative, int start) =>
        SqlLiterals.Number(t.Text, negative, out var error) ?? throw SqlErrors.At(Sql, start, error!);

    /// <summary>A data type as DDL text (<c>int</c>, <c>decimal(10, 2)</c>, <c>array&lt;map&lt;string,int&gt;&gt;</c>).</summary>
    public DataType DataTypeName()
    {
        var first = Peek();
        if (first.Kind != SqlTokenKind.Word) throw Error();
        _pos++;
        int end = first.End;
        if (Peek().IsSymbol("(") || Peek().IsSymbol("<") || Peek().IsSymbol("<>"))
        {
            int depth = 0;
            do
            {
                var t = Next();
                if (t.Kind == SqlTokenKind.End) throw SqlErrors.Syntax(Sql, t);
                if (t.IsSymbol("(") || t.IsSymbol("<")) depth++;
                else if (t.IsSymbol(")") || t.IsSymbol(">")) depth--;
                end = t.End;
            } while (depth > 0);
        }
        string ddl = Sql[first.Start..end];
        try
        {
            return DdlParser.ParseType(ddl);
        }
        catch (ParseException e) when (!e.Message.StartsWith("[UNSUPPORTED_DATATYPE]", StringComparison.Ordinal))
        {
            throw SqlErrors.At(Sql, first.Start, $"[PARSE_SYNTAX_ERROR] Syntax error at or near '{ddl}': not a valid data type.");
        }
    }
}
