using Spate.Columnar;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary>
/// An aggregate function: <c>count</c>, <c>sum</c>, <c>avg</c> ... Its children are its inputs. It is never evaluated
/// directly: aggregate operators ask it for an <see cref="Aggregator"/>, which keeps one buffer per group in columnar
/// arrays, updates buffers from input rows, merges partial buffers (from other partitions, or from the state store
/// for streaming), and produces results.
/// </summary>
internal abstract class AggregateFunction : Expression
{
    protected AggregateFunction(IReadOnlyList<Expression> inputs, bool isDistinct)
    {
        Inputs = inputs;
        IsDistinct = isDistinct;
    }

    public IReadOnlyList<Expression> Inputs { get; }
    public bool IsDistinct { get; }
    public abstract string Name { get; }
    public override IReadOnlyList<Expression> Children => Inputs;
    public override bool Foldable => false;
    public override string Sql => $"{Name}({(IsDistinct ? "DISTINCT " : "")}{string.Join(", ", Inputs.Select(i => i.Sql))})";
    protected override bool NodeEquals(Expression other) => ((AggregateFunction)other).IsDistinct == IsDistinct && ((AggregateFunction)other).Name == Name;

    /// <summary>The layout of one group's buffer, for partial results and state stores.</summary>
    public abstract IReadOnlyList<StructField> BufferFields { get; }

    /// <summary>Types the analyzer casts inputs to (null entries accept any type).</summary>
    public virtual IReadOnlyList<DataType?>? ExpectedInputTypes => null;

    public abstract Aggregator CreateAggregator();

    public override ColumnVector Evaluate(ColumnBatch batch) =>
        throw new InvalidOperationException($"Aggregate {Sql} can only be evaluated by an aggregate operator.");
}

/// <summary>The buffers of one aggregate function for many groups, addressed by dense group ids.</summary>
internal abstract class Aggregator
{
    /// <summary>Makes room for groups 0..count-1 (new groups start empty).</summary>
    public abstract void EnsureGroups(int count);

    /// <summary>Folds input rows into their groups: row i goes to group <c>groups[i]</c>.</summary>
    public abstract void Update(ReadOnlySpan<int> groups, ColumnVector[] inputs, int rowCount);

    /// <summary>Folds partial buffers (vectors laid out as <see cref="AggregateFunction.BufferFields"/>) into groups.</summary>
    public abstract void Merge(ReadOnlySpan<int> groups, ColumnVector[] buffers, int offset, int rowCount);

    /// <summary>Appends group <paramref name="group"/>'s buffer to vectors laid out as the buffer fields.</summary>
    public abstract void WriteBuffer(int group, ColumnVector[] outputs, int offset);

    /// <summary>Appends the final result of group <paramref name="group"/>.</summary>
    public abstract void WriteResult(int group, ColumnVector output);

    protected static int Grow(int current, int needed) => Math.Max(needed, Math.Max(16, current * 2));
}
