using Spate.Columnar;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary>
/// A named function of its arguments evaluated row by row over external values. This is the general path for the
/// long tail of Spark's functions; functions on hot paths get whole-column implementations of their own.
/// </summary>
internal abstract class ScalarFunction : Expression
{
    protected ScalarFunction(string name, IReadOnlyList<Expression> arguments)
    {
        Name = name;
        Arguments = arguments;
    }

    public string Name { get; }
    public IReadOnlyList<Expression> Arguments { get; }
    public override IReadOnlyList<Expression> Children => Arguments;
    public override bool Nullable => true;
    public override string Sql => $"{Name}({string.Join(", ", Arguments.Select(a => a.Sql))})";
    protected override bool NodeEquals(Expression other) => ((ScalarFunction)other).Name == Name;

    /// <summary>When true (the default), a null argument gives a null result without calling <see cref="EvalRow"/>.</summary>
    protected virtual bool NullIntolerant => true;

    /// <summary>The types the analyzer casts arguments to; null entries (or a null list) accept any type.</summary>
    public virtual IReadOnlyList<DataType?>? ExpectedInputTypes => null;

    /// <summary>Computes one row from its argument values.</summary>
    protected abstract object? EvalRow(object?[] args);

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        int n = batch.RowCount;
        var inputs = new ColumnVector[Arguments.Count];
        for (int a = 0; a < inputs.Length; a++) inputs[a] = Arguments[a].Evaluate(batch);
        var result = ColumnVector.Create(DataType, n);
        var args = new object?[inputs.Length];
        for (int i = 0; i < n; i++)
        {
            bool anyNull = false;
            for (int a = 0; a < inputs.Length; a++)
            {
                args[a] = inputs[a].GetValue(i);
                if (args[a] == null) anyNull = true;
            }
            if (anyNull && NullIntolerant) { result.AppendNull(); continue; }
            result.AppendValue(EvalRow(args));
        }
        return result;
    }
}

/// <summary>A scalar function defined by delegates: the compact way to add one of Spark's many functions.</summary>
internal sealed class LambdaFunction : ScalarFunction
{
    private readonly Func<IReadOnlyList<Expression>, DataType> _resultType;
    private readonly Func<object?[], object?> _eval;
    private readonly IReadOnlyList<DataType?>? _inputTypes;
    private readonly bool _nullIntolerant;
    private readonly bool _deterministic;

    public LambdaFunction(string name, IReadOnlyList<Expression> arguments, Func<IReadOnlyList<Expression>, DataType> resultType,
        Func<object?[], object?> eval, IReadOnlyList<DataType?>? inputTypes = null, bool nullIntolerant = true,
        bool deterministic = true, string? sql = null)
        : base(name, arguments)
    {
        _resultType = resultType;
        _eval = eval;
        _inputTypes = inputTypes;
        _nullIntolerant = nullIntolerant;
        _deterministic = deterministic;
        _sql = sql;
    }

    private readonly string? _sql;
    public override string Sql => _sql ?? base.Sql;
    public override DataType DataType => _resultType(Arguments);
    public override IReadOnlyList<DataType?>? ExpectedInputTypes => _inputTypes;
    protected override bool NullIntolerant => _nullIntolerant;
    public override bool Deterministic => _deterministic && base.Deterministic;
    public override bool Foldable => _deterministic && base.Foldable;
    protected override object? EvalRow(object?[] args) => _eval(args);

    public override Expression WithNewChildren(IReadOnlyList<Expression> children) =>
        new LambdaFunction(Name, children, _resultType, _eval, _inputTypes, _nullIntolerant, _deterministic, _sql);
}
