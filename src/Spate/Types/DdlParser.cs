namespace Spate.Sql.Types;

/// <summary>Parses Spark DDL type strings: <c>INT</c>, <c>array&lt;string&gt;</c>, <c>STRUCT&lt;a: INT&gt;</c>,
/// and schema strings like <c>name STRING, amount DOUBLE NOT NULL</c>.</summary>
internal sealed class DdlParser
{
    private readonly string _s;
    private int _pos;

    private DdlParser(string s) { _s = s; }

    public static DataType ParseTypeOrSchema(string ddl)
    {
        if (string.IsNullOrWhiteSpace(ddl)) throw new ParseException("Cannot parse an empty data type string.", ddl);
        // A bare type ("int", "struct<a:int>") parses as a type; otherwise as a list of fields.
        var p = new DdlParser(ddl);
        try
        {
            var t = p.ParseType();
            p.SkipWs();
            if (p._pos == p._s.Length) return t;
        }
        catch (ParseException) { }
        return ParseSchema(ddl);
    }

    public static StructType ParseSchema(string ddl)
    {
        var p = new DdlParser(ddl);
        var fields = p.ParseFieldList(endChar: '\0', colonOptional: true);
        p.SkipWs();
        if (p._pos != p._s.Length) throw p.Error($"unexpected '{p._s[p._pos]}'");
        return new StructType(fields);
    }

    public static DataType ParseType(string ddl)
    {
        var p = new DdlParser(ddl);
        var t = p.ParseType();
        p.SkipWs();
        if (p._pos != p._s.Length) throw p.Error($"unexpected '{p._s[p._pos]}'");
        return t;
    }

    private ParseException Error(string what) =>
        new($"[PARSE_SYNTAX_ERROR] Syntax error at or near position {_pos}: {what}. Cannot parse the data type: \"{_s}\".", _s);

    private void SkipWs() { while (_pos < _s.Length && char.IsWhiteSpace(_s[_pos])) _pos++; }

    private bool TryConsume(char c)
    {
        SkipWs();
        if (_pos < _s.Length && _s[_pos] == c) { _pos++; return true; }
        return false;
    }

    private void Expect(char c) { if (!TryConsume(c)) throw Error($"expected '{c}'"); }

    private string Identifier()
    {
        SkipWs();
        if (_pos < _s.Length && _s[_pos] == '`')
        {
            int end = _pos + 1;
            var sb = new System.Text.StringBuilder();
            while (end < _s.Length)
            {
                if (_s[end] == '`')
                {
                    if (end + 1 < _s.Length && _s[end + 1] == '`') { sb.Append('`'); end += 2; continue; }
                    break;
                }
                sb.Append(_s[end++]);
            }
            if (end >= _s.Length) throw Error("unterminated quoted identifier");
            _pos = end + 1;
            return sb.ToString();
        }
        int start = _pos;
        while (_pos < _s.Length && (char.IsLetterOrDigit(_s[_pos]) || _s[_pos] == '_')) _pos++;
        if (start == _pos) throw Error("expected an identifier");
        return _s[start.._pos];
    }

    private int Number()
    {
        SkipWs();
        int start = _pos;
        while (_pos < _s.Length && char.IsDigit(_s[_pos])) _pos++;
        if (start == _pos) throw Error("expected a number");
        if (!int.TryParse(_s.AsSpan(start, _pos - start), out int n)) throw Error("number out of range");
        return n;
    }

    private DataType ParseType()
    {
        string name = Identifier().ToLowerInvariant();
        switch (name)
        {
            case "string": return StringType.Instance;
            case "varchar" or "char":
                if (TryConsume('(')) { Number(); Expect(')'); }
                return StringType.Instance;
            case "int" or "integer": return IntegerType.Instance;
            case "bigint" or "long": return LongType.Instance;
            case "smallint" or "short": return ShortType.Instance;
            case "tinyint" or "byte": return ByteType.Instance;
            case "double": return DoubleType.Instance;
            case "float" or "real": return FloatType.Instance;
            case "boolean" or "bool": return BooleanType.Instance;
            case "date": return DateType.Instance;
            case "timestamp" or "timestamp_ltz": return TimestampType.Instance;
            case "binary": return BinaryType.Instance;
            case "void" or "null": return NullType.Instance;
            case "decimal" or "dec" or "numeric":
                if (TryConsume('('))
                {
                    int p = Number();
                    int s = TryConsume(',') ? Number() : 0;
                    Expect(')');
                    return new DecimalType(p, s);
                }
                return new DecimalType();
            case "array":
                {
                    Expect('<');
                    var e = ParseType();
                    Expect('>');
                    return new ArrayType(e);
                }
            case "map":
                {
                    Expect('<');
                    var k = ParseType();
                    Expect(',');
                    var v = ParseType();
                    Expect('>');
                    return new MapType(k, v);
                }
            case "struct":
                {
                    Expect('<');
                    if (TryConsume('>')) return new StructType();
                    var fields = ParseFieldList('>', colonOptional: true);
                    Expect('>');
                    return new StructType(fields);
                }
            default:
                throw new ParseException($"[UNSUPPORTED_DATATYPE] Unsupported data type \"{name.ToUpperInvariant()}\".", _s);
        }
    }

    private List<StructField> ParseFieldList(char endChar, bool colonOptional)
    {
        var fields = new List<StructField>();
        while (true)
        {
            string fname = Identifier();
            SkipWs();
            if (!TryConsume(':') && !colonOptional) throw Error("expected ':'");
            var type = ParseType();
            bool nullable = true;
            SkipWs();
            if (PeekKeyword("NOT")) { Identifier(); if (!PeekKeyword("NULL")) throw Error("expected NULL"); Identifier(); nullable = false; }
            // Spark keeps a column comment in the field's metadata under "comment".
            Dictionary<string, string>? metadata = null;
            if (PeekKeyword("COMMENT")) { Identifier(); metadata = new() { ["comment"] = ReadString() }; }
            fields.Add(new StructField(fname, type, nullable, metadata));
            SkipWs();
            if (TryConsume(',')) continue;
            SkipWs();
            if (_pos >= _s.Length || _s[_pos] == endChar) break;
            throw Error($"unexpected '{_s[_pos]}'");
        }
        return fields;
    }

    private bool PeekKeyword(string kw)
    {
        SkipWs();
        return _pos + kw.Length <= _s.Length && string.Compare(_s, _pos, kw, 0, kw.Length, StringComparison.OrdinalIgnoreCase) == 0
            && (_pos + kw.Length == _s.Length || !char.IsLetterOrDigit(_s[_pos + kw.Length]));
    }

    /// <summary>A quoted string literal (backslash escapes), e.g. a COMMENT's text.</summary>
    private string ReadString()
    {
        SkipWs();
        if (_pos >= _s.Length || (_s[_pos] != '\'' && _s[_pos] != '"')) throw Error("expected a string");
        char q = _s[_pos++];
        var sb = new System.Text.StringBuilder();
        while (_pos < _s.Length && _s[_pos] != q)
        {
            if (_s[_pos] == '\\' && _pos + 1 < _s.Length) _pos++;
            sb.Append(_s[_pos++]);
        }
        if (_pos >= _s.Length) throw Error("unterminated string");
        _pos++;
        return sb.ToString();
    }
}
