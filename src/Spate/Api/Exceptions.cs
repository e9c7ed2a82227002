namespace Spate.Sql;

/// <summary>Thrown when a query fails analysis: an unknown column, a type mismatch, an operation that the
/// query's shape does not allow. The message follows Spark's error text.</summary>
public class AnalysisException : Exception
{
    public AnalysisException(string message) : base(message) { }
    public AnalysisException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>Thrown when a SQL expression, DDL type string or interval string cannot be parsed.</summary>
public class ParseException : AnalysisException
{
    public ParseException(string message, string? input = null) : base(message) { Input = input; }
    /// <summary>The text that failed to parse.</summary>
    public string? Input { get; }
}

/// <summary>Thrown by a task when reading or processing data fails at run time (Spark's <c>SparkException</c>).</summary>
public class SparkException : Exception
{
    public SparkException(string message) : base(message) { }
    public SparkException(string message, Exception inner) : base(message, inner) { }
}
