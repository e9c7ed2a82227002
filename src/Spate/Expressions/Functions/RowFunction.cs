using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary>
/// The definition of one of Spark's scalar functions evaluated row by row: how its result type follows from its
/// arguments, which implicit casts it asks for, and how it computes a row. Shared by every call of the function.
/// </summary>
internal sealed class FunctionDef
{
    public FunctionDef(string name, Func<IReadOnlyList<Expression>, DataType> resultType, Func<IReadOnlyList<Expression>, Func<object?[], object?>> evaluator)
    {
        Name = name;
        ResultType = resultType;
        Evaluator = evaluator;
    }

    public string Name { get; }
    public Func<IReadOnlyList<Expression>, DataType> ResultType { get; }

    /// <summary>Builds the row evaluator once per bound call, so it may capture argument types or constant patterns.</summary>
    public Func<IReadOnlyList<Expression>, Func<object?[], object?>> Evaluator { get; }

    /// <summary>Types arguments are implicitly cast to (null entries: any type); checked with Spark's implicit-cast rules.</summary>
    public Func<IReadOnlyList<Expression>, IReadOnlyList<DataType?>?>? InputTypes { get; init; }

    /// <summary>Extra validation of the resolved arguments; throws an <see cref="AnalysisException"/>.</summary>
    public Action<RowFunction>? Check { get; init; }

    /// <summary>A null argument gives a null result without evaluating.</summary>
    public bool NullIntolerant { get; init; } = true;
    public bool Deterministic { get; init; } = true;

    /// <summary>The result is null only when an argument is null (so a call over non-null columns is not nullable).</summary>
    public bool Strict { get; init; }

    /// <summary>Overrides the generated SQL (column name).</summary>
    public Func<IReadOnlyList<Expression>, string>? SqlText { get; init; }
}

/// <summary>A call of a <see cref="FunctionDef"/>: the general row-wise path for the long tail of Spark's functions.</summary>
internal sealed class RowFunction : ScalarFunction
{
    private Func<object?[], object?>? _eval;

    public RowFunction(FunctionDef def, IReadOnlyList<Expression> arguments) : base(def.Name, arguments) { Def = def; }

    public FunctionDef Def { get; }
    public override DataType DataType => Def.ResultType(Arguments);
    public override bool Nullable => Def.Strict ? Arguments.Any(a => a.Nullable) : true;
    public override bool Deterministic => Def.Deterministic && base.Deterministic;
    public override bool Foldable => Def.Deterministic && base.Foldable;
    protected override bool NullIntolerant => Def.NullIntolerant;
    public override string Sql => Def.SqlText?.Invoke(Arguments) ?? base.Sql;
    protected override bool NodeEquals(Expression other) => ReferenceEquals(((RowFunction)other).Def, Def);
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => new RowFunction(Def, children);

    public override IReadOnlyList<DataType?>? ExpectedInputTypes
    {
        get
        {
            var expected = Def.InputTypes?.Invoke(Arguments);
            if (expected != null) TypeChecks.CheckImplicitCasts(this, Arguments, expected);
            Def.Check?.Invoke(this);
            return expected;
        }
    }

    protected override object? EvalRow(object?[] args) => (_eval ??= Def.Evaluator(Arguments))(args);
}

/// <summary>Spark's implicit-cast acceptance and its type-mismatch messages.</summary>
internal static class TypeChecks
{
    public static string Ordinal(int i) => i switch
    {
        0 => "first", 1 => "second", 2 => "third", 3 => "fourth", 4 => "fifth", _ => (i + 1) + "th",
    };

    /// <summary>Whether Spark (non-ANSI) casts <paramref name="from"/> to <paramref name="to"/> implicitly for a function argument.</summary>
    public static bool CanImplicitCast(DataType from, DataType to)
    {
        if (from.Equals(to) || from is NullType) return true;
        return to switch
        {
            StringType => from is AtomicType,
            NumericType => from is NumericType or StringType,
            DateType => from is StringType or TimestampType,
            TimestampType => from is StringType or DateType,
            BinaryType => from is StringType,
            BooleanType => false,
            ArrayType ta => from is ArrayType fa && CanImplicitCast(fa.ElementType, ta.ElementType),
            _ => false,
        };
    }

    public static void CheckImplicitCasts(Expression f, IReadOnlyList<Expression> args, IReadOnlyList<DataType?> expected)
    {
        for (int i = 0; i < args.Count && i < expected.Count; i++)
        {
            var t = expected[i];
            if (t != null && !CanImplicitCast(args[i].DataType, t)) throw Unexpected(f, i, "\"" + t.Sql + "\"", args[i]);
        }
    }

    public static AnalysisException Unexpected(Expression f, int index, string required, Expression arg) =>
        new($"[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{f.Sql}\" due to data type mismatch: The {Ordinal(index)} parameter requires the {required} type, however \"{arg.Sql}\" has the type \"{arg.DataType.Sql}\".");

    /// <summary>Requires argument <paramref name="index"/> to satisfy <paramref name="ok"/>, else Spark's UNEXPECTED_INPUT_TYPE.</summary>
    public static void Require(Expression f, IReadOnlyList<Expression> args, int index, Func<DataType, bool> ok, string required)
    {
        if (index < args.Count && args[index].DataType is not NullType && !ok(args[index].DataType)) throw Unexpected(f, index, required, args[index]);
    }

    public static AnalysisException NonFoldable(Expression f, string param, Expression arg) =>
        new($"[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve \"{f.Sql}\" due to data type mismatch: the input {param} should be a foldable \"{arg.DataType.Sql}\" expression; however, got \"{arg.Sql}\".");
}
