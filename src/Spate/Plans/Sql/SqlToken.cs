namespace Spate.Plans.Sql;

/// <summary>What a SQL token is, before the parser gives it a role.</summary>
internal enum SqlTokenKind
{
    /// <summary>An unquoted word: an identifier or a keyword (Spark's keywords are mostly non-reserved).</summary>
    Word,
    /// <summary>A back-quoted identifier: always a name, never a keyword.</summary>
    QuotedIdentifier,
    /// <summary>A string literal, already unescaped.</summary>
    String,
    /// <summary>A numeric literal, as written (<c>10</c>, <c>10L</c>, <c>1.5</c>, <c>1e3</c>, <c>2.5BD</c>).</summary>
    Number,
    /// <summary>A hexadecimal binary literal <c>X'0A0B'</c>; the text holds the hex digits.</summary>
    HexString,
    /// <summary>An operator or punctuation.</summary>
    Symbol,
    /// <summary>The end of the input.</summary>
    End,
}

/// <summary>One token of SQL text, with where it starts and ends in the input (for error positions).</summary>
internal readonly record struct SqlToken(SqlTokenKind Kind, string Text, int Start, int End)
{
    /// <summary>True for the unquoted word <paramref name="keyword"/>, compared case-insensitively.</summary>
    public bool Is(string keyword) => Kind == SqlTokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>True for the operator or punctuation <paramref name="symbol"/>.</summary>
    public bool IsSymbol(string symbol) => Kind == SqlTokenKind.Symbol && Text == symbol;
}
