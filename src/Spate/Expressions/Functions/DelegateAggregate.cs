using Spate.Columnar;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary>
/// The definition of an aggregate whose per-group state is one external value: how a row's input values fold into
/// the state, how two states merge, and how a state is stored (one buffer field) and finished.
/// </summary>
internal sealed class AggregateDef
{
    public required string Name { get; init; }
    public required Func<IReadOnlyList<Expression>, DataType> ResultType { get; init; }
    /// <summary>The type of the single buffer field that holds the state.</summary>
    public required Func<IReadOnlyList<Expression>, DataType> BufferType { get; init; }
    /// <summary>Folds one row's input values (any may be null) into the state (null when the group is empty).</summary>
    public required Func<object?, object?[], IReadOnlyList<Expression>, object?> Update { get; init; }
    /// <summary>Merges a partial state (never null) into the state.</summary>
    public required Func<object?, object, object?> Merge { get; init; }
    /// <summary>The result of a state; by default the state itself.</summary>
    public Func<object?, IReadOnlyList<Expression>, object?>? Finish { get; init; }
    public Func<IReadOnlyList<Expression>, IReadOnlyList<DataType?>?>? InputTypes { get; init; }
    public Action<Expression, IReadOnlyList<Expression>>? Check { get; init; }
    public bool Nullable { get; init; } = true;
    /// <summary>The number of leading inputs shown in the generated name (the rest are parameters); all by default.</summary>
    public Func<IReadOnlyList<Expression>, string>? SqlText { get; init; }
}

/// <summary>A call of an <see cref="AggregateDef"/>.</summary>
internal sealed class DelegateAggregate : AggregateFunction
{
    public DelegateAggregate(AggregateDef def, IReadOnlyList<Expression> inputs, bool isDistinct = false) : base(inputs, isDistinct) { Def = def; }

    public AggregateDef Def { get; }
    public override string Name => Def.Name;
    public override DataType DataType => Def.ResultType(Inputs);
    public override bool Nullable => Def.Nullable;
    public override string Sql => Def.SqlText?.Invoke(Inputs) ?? base.Sql;
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => new DelegateAggregate(Def, children, IsDistinct);
    protected override bool NodeEquals(Expression other) => base.NodeEquals(other) && ReferenceEquals(((DelegateAggregate)other).Def, Def);
    public override IReadOnlyList<StructField> BufferFields => new[] { new StructField("state", Def.BufferType(Inputs), true) };

    public override IReadOnlyList<DataType?>? ExpectedInputTypes
    {
        get
        {
            var expected = Def.InputTypes?.Invoke(Inputs);
            if (expected != null) TypeChecks.CheckImplicitCasts(this, Inputs, expected);
            Def.Check?.Invoke(this, Inputs);
            return expected;
        }
    }

    public override Aggregator CreateAggregator()
    {
        Aggregator a = new StateAggregator(Def, Inputs);
        return IsDistinct ? new DistinctAggregator(a) : a;
    }

    private sealed class StateAggregator : Aggregator
    {
        private readonly AggregateDef _def;
        private readonly IReadOnlyList<Expression> _inputs;
        private object?[] _states = new object?[16];

        public StateAggregator(AggregateDef def, IReadOnlyList<Expression> inputs) { _def = def; _inputs = inputs; }

        public override void EnsureGroups(int count)
        {
            if (count > _states.Length) Array.Resize(ref _states, Grow(_states.Length, count));
        }

        public override void Update(ReadOnlySpan<int> groups, ColumnVector[] inputs, int rowCount)
        {
            var values = new object?[inputs.Length];
            for (int i = 0; i < rowCount; i++)
            {
                for (int k = 0; k < inputs.Length; k++) values[k] = inputs[k].GetValue(i);
                _states[groups[i]] = _def.Update(_states[groups[i]], values, _inputs);
            }
        }

        public override void Merge(ReadOnlySpan<int> groups, ColumnVector[] buffers, int offset, int rowCount)
        {
            var v = buffers[offset];
            for (int i = 0; i < rowCount; i++)
                if (v.GetValue(i) is { } partial) _states[groups[i]] = _def.Merge(_states[groups[i]], partial);
        }

        public override void WriteBuffer(int group, ColumnVector[] outputs, int offset) => outputs[offset].AppendValue(_states[group]);

        public override void WriteResult(int group, ColumnVector output) =>
            output.AppendValue(_def.Finish != null ? _def.Finish(_states[group], _inputs) : _states[group]);
    }
}
