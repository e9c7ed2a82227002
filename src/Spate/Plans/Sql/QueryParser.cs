using Spate.Columnar;
using Spate.Expressions;
using Spate.Sql;

namespace Spate.Plans.Sql;

/// <summary>
/// Parses a SQL query and builds it through the DataFrame API, so analysis and its errors are the DataFrame path's:
/// <c>[WITH ...] SELECT ... FROM ... [JOIN ...] [WHERE] [GROUP BY] [HAVING] [UNION [ALL] ...] [ORDER BY] [LIMIT]</c>.
/// Tables are the session's temporary views (and the query's CTEs).
/// </summary>
internal sealed class QueryParser
{
    private readonly SparkSession _session;
    private readonly SqlParser _p;
    private readonly Dictionary<string, DataFrame> _ctes = new(StringComparer.OrdinalIgnoreCase);

    public QueryParser(SparkSession session, SqlParser parser)
    {
        _session = session;
        _p = parser;
    }

    /// <summary>The whole input as one query statement.</summary>
    public DataFrame Statement()
    {
        if (_p.AtEnd || (_p.Peek().IsSymbol(";") && _p.Peek(1).Kind == SqlTokenKind.End))
            throw new ParseException("[PARSE_EMPTY_STATEMENT] Syntax error, unexpected empty statement.", _p.Sql);
        if (!_p.Peek().Is("SELECT") && !_p.Peek().Is("WITH") && !_p.Peek().IsSymbol("(")) throw _p.Error();
        var df = Query();
        _p.ExpectEnd();
        return df;
    }

    private DataFrame Query()
    {
        if (_p.Accept("WITH"))
        {
            do
            {
                string name = _p.Identifier();
                _p.Expect("AS");
                _p.ExpectSymbol("(");
                var cte = Query();
                _p.ExpectSymbol(")");
                _ctes[name] = cte;
            } while (_p.AcceptSymbol(","));
        }
        object first = QueryPrimary();
        object result = first;
        while (true)
        {
            if (_p.Peek().Is("INTERSECT") || _p.Peek().Is("EXCEPT") || _p.Peek().Is("MINUS"))
                throw SqlErrors.At(_p.Sql, _p.Peek().Start, $"[UNSUPPORTED_FEATURE] The feature is not supported: {_p.Peek().Text.ToUpperInvariant()}.");
            if (!_p.Accept("UNION")) break;
            bool all = _p.Accept("ALL");
            if (!all) _p.Accept("DISTINCT");
            var right = Build(QueryPrimary());
            var union = Build(result).Union(right);
            result = all ? union : union.Distinct();
        }
        var order = OrderBy();
        int? limit = Limit();
        if (result is SelectSpec spec) return SelectBuilder.Build(_session, spec, order, limit);
        var df = (DataFrame)result;
        if (order.Count > 0) df = SelectBuilder.SortByOutput(df, order);
        return limit is int n ? df.Limit(n) : df;
    }

    private static DataFrame Build(object part) => part is SelectSpec s ? SelectBuilder.Build(s.Session, s, Array.Empty<SortOrder>(), null) : (DataFrame)part;

    /// <summary>A SELECT block (built later, once ORDER BY and LIMIT are known) or a parenthesised query.</summary>
    private object QueryPrimary()
    {
        if (_p.AcceptSymbol("("))
        {
            var inner = Query();
            _p.ExpectSymbol(")");
            return inner;
        }
        if (!_p.Peek().Is("SELECT")) throw _p.Error();
        return Select();
    }

    private SelectSpec Select()
    {
        _p.Expect("SELECT");
        var spec = new SelectSpec(_session);
        if (_p.Accept("DISTINCT")) spec.Distinct = true;
        else _p.Accept("ALL");
        do spec.Items.Add(_p.NamedExpression()); while (_p.AcceptSymbol(","));
        if (_p.Accept("FROM")) spec.From = Relations();
        if (_p.Accept("WHERE")) spec.Where = _p.Expression();
        if (_p.Peek().Is("GROUP") && _p.Peek(1).Is("BY"))
        {
            _p.Next();
            _p.Next();
            spec.GroupBy = new List<Expression>();
            do spec.GroupBy.Add(_p.Expression()); while (_p.AcceptSymbol(","));
        }
        if (_p.Accept("HAVING")) spec.Having = _p.Expression();
        return spec;
    }

    private List<SortOrder> OrderBy()
    {
        var order = new List<SortOrder>();
        if (!(_p.Peek().Is("ORDER") && _p.Peek(1).Is("BY"))) return order;
        _p.Next();
        _p.Next();
        do
        {
            var e = _p.Expression();
            bool asc = true;
            if (_p.Accept("DESC")) asc = false;
            else _p.Accept("ASC");
            bool? nullsFirst = null;
            if (_p.Accept("NULLS"))
            {
                if (_p.Accept("FIRST")) nullsFirst = true;
                else if (_p.Accept("LAST")) nullsFirst = false;
                else throw _p.Error();
            }
            order.Add(new SortOrder(e, asc, nullsFirst));
        } while (_p.AcceptSymbol(","));
        return order;
    }

    private int? Limit()
    {
        if (!_p.Peek().Is("LIMIT")) return null;
        _p.Next();
        if (_p.Accept("ALL")) return null;
        var start = _p.Peek();
        var e = _p.Expression();
        return e switch
        {
            Literal { Value: int n } => n >= 0 ? n : throw SqlErrors.At(_p.Sql, start.Start, $"[INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE] The limit like expression \"{n}\" is invalid. The limit expression must be equal to or greater than 0, but got {n}."),
            Literal { Value: null } => throw SqlErrors.At(_p.Sql, start.Start, "[INVALID_LIMIT_LIKE_EXPRESSION.IS_NULL] The limit like expression \"NULL\" is invalid. The evaluated limit expression must not be null."),
            Literal l => throw SqlErrors.At(_p.Sql, start.Start, $"[INVALID_LIMIT_LIKE_EXPRESSION.DATA_TYPE] The limit like expression \"{l.Sql}\" is invalid. The limit expression must be integer type, but got \"{l.DataType.Sql}\"."),
            _ => throw SqlErrors.At(_p.Sql, start.Start, $"[INVALID_LIMIT_LIKE_EXPRESSION.IS_UNFOLDABLE] The limit like expression \"{e.Sql}\" is invalid. The limit expression must evaluate to a constant value."),
        };
    }

    // ---------- FROM ----------

    private DataFrame Relations()
    {
        var df = JoinedRelation();
        while (_p.AcceptSymbol(",")) df = df.CrossJoin(Distinct(df, JoinedRelation()));
        return df;
    }

    private DataFrame JoinedRelation()
    {
        var df = RelationPrimary();
        while (true)
        {
            var start = _p.Peek();
            if (start.Is("NATURAL"))
                throw SqlErrors.At(_p.Sql, start.Start, "[UNSUPPORTED_FEATURE] The feature is not supported: NATURAL JOIN.");
            JoinType? type = JoinKind();
            if (type == null) return df;
            var right = Distinct(df, RelationPrimary());
            if (_p.Accept("ON"))
            {
                var cond = _p.Expression();
                df = df.Join(right, new Column(cond), TypeName(type.Value));
            }
            else if (_p.Accept("USING"))
            {
                _p.ExpectSymbol("(");
                var names = new List<string>();
                do names.Add(_p.Identifier()); while (_p.AcceptSymbol(","));
                _p.ExpectSymbol(")");
                df = df.Join(right, names, TypeName(type.Value));
            }
            else
            {
                var t = type == JoinType.Inner ? JoinType.Cross : type.Value;
                df = _session.Wrap(Analyzer.ResolveNode(new Join(df.Plan, right.Plan, t, null)));
            }
        }
    }

    /// <summary>Reads a join keyword sequence (<c>LEFT OUTER JOIN</c>, <c>LEFT SEMI JOIN</c>, <c>CROSS JOIN</c> ...), if any.</summary>
    private JoinType? JoinKind()
    {
        JoinType type;
        if (_p.Accept("JOIN")) return JoinType.Inner;
        if (_p.Peek().Is("INNER")) { _p.Next(); type = JoinType.Inner; }
        else if (_p.Peek().Is("CROSS")) { _p.Next(); type = JoinType.Cross; }
        else if (_p.Peek().Is("LEFT"))
        {
            _p.Next();
            if (_p.Accept("SEMI")) type = JoinType.LeftSemi;
            else if (_p.Accept("ANTI")) type = JoinType.LeftAnti;
            else { _p.Accept("OUTER"); type = JoinType.LeftOuter; }
        }
        else if (_p.Peek().Is("RIGHT")) { _p.Next(); _p.Accept("OUTER"); type = JoinType.RightOuter; }
        else if (_p.Peek().Is("FULL")) { _p.Next(); _p.Accept("OUTER"); type = JoinType.FullOuter; }
        else if (_p.Peek().Is("SEMI")) { _p.Next(); type = JoinType.LeftSemi; }
        else if (_p.Peek().Is("ANTI")) { _p.Next(); type = JoinType.LeftAnti; }
        else return null;
        _p.Expect("JOIN");
        return type;
    }

    private static string TypeName(JoinType t) => t switch
    {
        JoinType.Inner => "inner",
        JoinType.Cross => "cross",
        JoinType.LeftOuter => "left",
        JoinType.RightOuter => "right",
        JoinType.FullOuter => "full",
        JoinType.LeftSemi => "leftsemi",
        _ => "leftanti",
    };

    /// <summary>A self-join reads the same view twice: give the right side fresh attribute ids so the sides differ.</summary>
    private DataFrame Distinct(DataFrame left, DataFrame right)
    {
        var ids = left.Plan.Output.Select(a => a.ExprId).ToHashSet();
        if (!right.Plan.Output.Any(a => ids.Contains(a.ExprId))) return right;
        string? qualifier = right.Plan.Output.Select(a => a.Qualifier).FirstOrDefault(q => q != null);
        var fresh = _session.Wrap(Analyzer.ResolveNode(new Project(
            right.Plan.Output.Select(a => (NamedExpression)new Alias(a, a.Name)).ToArray(), right.Plan)));
        return qualifier != null ? fresh.Alias(qualifier) : fresh;
    }

    private DataFrame RelationPrimary()
    {
        DataFrame df;
        if (_p.AcceptSymbol("("))
        {
            bool isQuery = _p.Peek().Is("SELECT") || _p.Peek().Is("WITH") || _p.Peek().IsSymbol("(");
            df = isQuery ? Query() : Relations();
            _p.ExpectSymbol(")");
        }
        else
        {
            var nameToken = _p.Peek();
            var name = _p.MultipartIdentifier();
            if (name.Count == 1 && _p.Peek().IsSymbol("(")) df = TableFunction(nameToken, name[0]);
            else
            {
                string full = string.Join(".", name);
                if (name.Count == 1 && _ctes.TryGetValue(full, out var cte)) df = cte.Alias(full);
                else
                {
                    try { df = _session.Table(full); }
                    catch (AnalysisException e) { throw new AnalysisException($"{e.Message}; line {Line(nameToken)} pos {Pos(nameToken)}", e); }
                }
            }
        }
        if (_p.Accept("AS")) return df.Alias(_p.Identifier());
        if (_p.AtIdentifier) return df.Alias(_p.Identifier());
        return df;
    }

    private int Line(SqlToken t) => _p.Sql[..t.Start].Count(c => c == '\n') + 1;
    private int Pos(SqlToken t) => t.Start - (_p.Sql.LastIndexOf('\n', Math.Max(0, t.Start - 1)) + 1);

    /// <summary><c>range(end)</c> / <c>range(start, end[, step[, partitions]])</c>, the built-in table-valued function.</summary>
    private DataFrame TableFunction(SqlToken nameToken, string name)
    {
        _p.ExpectSymbol("(");
        var args = new List<long>();
        if (!_p.Peek().IsSymbol(")"))
        {
            do
            {
                var start = _p.Peek();
                var e = _p.Expression();
                args.Add(e switch
                {
                    Literal { Value: int i } => i,
                    Literal { Value: long l } => l,
                    _ => throw SqlErrors.At(_p.Sql, start.Start, $"[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] The arguments of `range` must be integer constants, got \"{e.Sql}\"."),
                });
            } while (_p.AcceptSymbol(","));
        }
        _p.ExpectSymbol(")");
        if (!string.Equals(name, "range", StringComparison.OrdinalIgnoreCase))
            throw SqlErrors.At(_p.Sql, nameToken.Start, $"[UNRESOLVABLE_TABLE_VALUED_FUNCTION] Could not resolve `{name}` to a table-valued function. Please make sure that `{name}` is defined as a table-valued function and that all required parameters are provided correctly.");
        return args.Count switch
        {
            1 => _session.Range(args[0]),
            2 => _session.Range(args[0], args[1]),
            3 => _session.Range(args[0], args[1], args[2]),
            4 => _session.Range(args[0], args[1], args[2], (int)args[3]),
            _ => throw SqlErrors.At(_p.Sql, nameToken.Start, $"[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `range` requires [1, 4] parameters but the actual number is {args.Count}."),
        };
    }

    /// <summary>A one-row, no-column relation: the input of <c>SELECT 1 + 1</c> without FROM.</summary>
    internal static DataFrame OneRow(SparkSession session) =>
        session.Wrap(new LocalRelation(Array.Empty<AttributeReference>(), new[] { new ColumnBatch(Array.Empty<ColumnVector>(), 1) }));
}
