using Spate.Columnar;
using Spate.Expressions;

namespace Spate.Plans;

/// <summary>Rows held in memory as columnar batches (from <c>CreateDataFrame</c>, or one micro-batch of a stream).</summary>
internal sealed class LocalRelation : LeafNode
{
    public LocalRelation(IReadOnlyList<AttributeReference> output, IReadOnlyList<ColumnBatch> data, bool isStreamingBatch = false)
    {
        Output = output;
        Data = data;
        IsStreamingBatch = isStreamingBatch;
    }

    public override IReadOnlyList<AttributeReference> Output { get; }
    public IReadOnlyList<ColumnBatch> Data { get; }
    /// <summary>True when this holds one micro-batch of a stream: the plan around it is a stream's incremental plan.</summary>
    public bool IsStreamingBatch { get; }
    public override string NodeString => $"LocalRelation {Attrs(Output)}";
}

/// <summary><c>spark.Range(start, end, step)</c>: a column <c>id</c> of longs.</summary>
internal sealed class RangeRelation : LeafNode
{
    public RangeRelation(long start, long end, long step, int? numPartitions, AttributeReference output)
    {
        Start = start;
        End = end;
        Step = step;
        NumPartitions = numPartitions;
        Output = new[] { output };
    }

    public long Start { get; }
    public long End { get; }
    public long Step { get; }
    public int? NumPartitions { get; }
    public override IReadOnlyList<AttributeReference> Output { get; }
    public override string NodeString => $"Range ({Start}, {End}, step={Step}, splits={NumPartitions?.ToString() ?? "Some(default)"})";
}

/// <summary>An unbounded source, replaced by each micro-batch's data when the stream runs.</summary>
internal sealed class StreamingRelation : LeafNode
{
    public StreamingRelation(Spate.Sources.SourceDescriptor source, IReadOnlyList<AttributeReference> output)
    {
        Source = source;
        Output = output;
    }

    public Spate.Sources.SourceDescriptor Source { get; }
    public override IReadOnlyList<AttributeReference> Output { get; }
    public override bool IsStreaming => true;
    public override string NodeString => $"StreamingRelation {Source.Format}, {Attrs(Output)}";
}

/// <summary><c>SELECT exprs</c>.</summary>
internal sealed class Project : UnaryNode
{
    public Project(IReadOnlyList<NamedExpression> projectList, LogicalPlan child) : base(child) { ProjectList = projectList; }
    public IReadOnlyList<NamedExpression> ProjectList { get; }
    public override IReadOnlyList<AttributeReference> Output => ProjectList.Select(p => p.ToAttribute()).ToArray();
    public override IReadOnlyList<Expression> Expressions => ProjectList;
    public override LogicalPlan WithNewExpressions(IReadOnlyList<Expression> e) => new Project(e.Cast<NamedExpression>().ToArray(), Child);
    public override LogicalPlan WithChild(LogicalPlan child) => new Project(ProjectList, child);
    public override string NodeString => $"Project {Attrs(ProjectList)}";
}

/// <summary><c>WHERE condition</c>.</summary>
internal sealed class Filter : UnaryNode
{
    public Filter(Expression condition, LogicalPlan child) : base(child) { Condition = condition; }
    public Expression Condition { get; }
    public override IReadOnlyList<AttributeReference> Output => Child.Output;
    public override IReadOnlyList<Expression> Expressions => new[] { Condition };
    public override LogicalPlan WithNewExpressions(IReadOnlyList<Expression> e) => new Filter(e[0], Child);
    public override LogicalPlan WithChild(LogicalPlan child) => new Filter(Condition, child);
    public override string NodeString => $"Filter {ExplainString(Condition)}";
}

/// <summary><c>GROUP BY grouping</c> computing <c>aggregates</c> (which may also name grouping columns).</summary>
internal sealed class Aggregate : UnaryNode
{
    public Aggregate(IReadOnlyList<Expression> grouping, IReadOnlyList<NamedExpression> aggregates, LogicalPlan child) : base(child)
    {
        Grouping = grouping;
        Aggregates = aggregates;
    }

    public IReadOnlyList<Expression> Grouping { get; }
    public IReadOnlyList<NamedExpression> Aggregates { get; }
    public override IReadOnlyList<AttributeReference> Output => Aggregates.Select(a => a.ToAttribute()).ToArray();
    public override IReadOnlyList<Expression> Expressions => Grouping.Concat(Aggregates).ToArray();

    public override LogicalPlan WithNewExpressions(IReadOnlyList<Expression> e) =>
        new Aggregate(e.Take(Grouping.Count).ToArray(), e.Skip(Grouping.Count).Cast<NamedExpression>().ToArray(), Child);

    public override LogicalPlan WithChild(LogicalPlan child) => new Aggregate(Grouping, Aggregates, child);
    public override string NodeString => $"Aggregate {Attrs(Grouping)}, {Attrs(Aggregates)}";
}

/// <summary>Join types, named as Spark names them.</summary>
internal enum JoinType { Inner, LeftOuter, RightOuter, FullOuter, LeftSemi, LeftAnti, Cross }

/// <summary>A join of two plans on a condition.</summary>
internal sealed class Join : LogicalPlan
{
    public Join(LogicalPlan left, LogicalPlan right, JoinType joinType, Expression? condition)
    {
        Left = left;
        Right = right;
        JoinType = joinType;
        Condition = condition;
    }

    public LogicalPlan Left { get; }
    public LogicalPlan Right { get; }
    public JoinType JoinType { get; }
    public Expression? Condition { get; }
    public override IReadOnlyList<LogicalPlan> Children => new[] { Left, Right };
    public override LogicalPlan WithNewChildren(IReadOnlyList<LogicalPlan> c) => new Join(c[0], c[1], JoinType, Condition);
    public override IReadOnlyList<Expression> Expressions => Condition == null ? Array.Empty<Expression>() : new[] { Condition };
    public override LogicalPlan WithNewExpressions(IReadOnlyList<Expression> e) => new Join(Left, Right, JoinType, e.Count > 0 ? e[0] : null);

    public override IReadOnlyList<AttributeReference> Output => JoinType switch
    {
        JoinType.LeftSemi or JoinType.LeftAnti => Left.Output,
        JoinType.LeftOuter => Left.Output.Concat(Right.Output.Select(a => a.WithNullability(true))).ToArray(),
        JoinType.RightOuter => Left.Output.Select(a => a.WithNullability(true)).Concat(Right.Output).ToArray(),
        JoinType.FullOuter => Left.Output.Concat(Right.Output).Select(a => a.WithNullability(true)).ToArray(),
        _ => Left.Output.Concat(Right.Output).ToArray(),
    };

    public override string NodeString => $"Join {JoinType}{(Condition != null ? ", " + ExplainString(Condition) : "")}";
}

/// <summary><c>UNION ALL</c> of plans with the same number of columns (by position; by name is resolved by the API).</summary>
internal sealed class Union : LogicalPlan
{
    public Union(IReadOnlyList<LogicalPlan> children) { ChildList = children; }
    private IReadOnlyList<LogicalPlan> ChildList { get; }
    public override IReadOnlyList<LogicalPlan> Children => ChildList;
    public override LogicalPlan WithNewChildren(IReadOnlyList<LogicalPlan> c) => new Union(c);

    public override IReadOnlyList<AttributeReference> Output =>
        ChildList[0].Output.Select((a, i) => a.WithNullability(ChildList.Any(c => c.Output[i].Nullable))).ToArray();

    public override string NodeString => "Union";
}

/// <summary>Keeps the first row of each distinct value of <see cref="Keys"/> (all columns for <c>Distinct()</c>).</summary>
internal sealed class Deduplicate : UnaryNode
{
    public Deduplicate(IReadOnlyList<AttributeReference> keys, LogicalPlan child, bool withinWatermark = false) : base(child)
    {
        Keys = keys;
        WithinWatermark = withinWatermark;
    }

    public IReadOnlyList<AttributeReference> Keys { get; }
    /// <summary><c>dropDuplicatesWithinWatermark</c>: a key is remembered until the watermark passes its event time plus the delay.</summary>
    public bool WithinWatermark { get; }
    public override IReadOnlyList<AttributeReference> Output => Child.Output;
    public override LogicalPlan WithChild(LogicalPlan child) => new Deduplicate(Keys, child, WithinWatermark);
    public override string NodeString => $"{(WithinWatermark ? "DeduplicateWithinWatermark" : "Deduplicate")} {Attrs(Keys)}";
}

/// <summary><c>ORDER BY</c> (global) or <c>sortWithinPartitions</c>.</summary>
internal sealed class Sort : UnaryNode
{
    public Sort(IReadOnlyList<SortOrder> order, bool global, LogicalPlan child) : base(child)
    {
        Order = order;
        Global = global;
    }

    public IReadOnlyList<SortOrder> Order { get; }
    public bool Global { get; }
    public override IReadOnlyList<AttributeReference> Output => Child.Output;
    public override IReadOnlyList<Expression> Expressions => Order;
    public override LogicalPlan WithNewExpressions(IReadOnlyList<Expression> e) => new Sort(e.Cast<SortOrder>().ToArray(), Global, Child);
    public override LogicalPlan WithChild(LogicalPlan child) => new Sort(Order, Global, child);
    public override string NodeString => $"Sort {Attrs(Order)}, {(Global ? "true" : "false")}";
}

/// <summary><c>LIMIT n</c>.</summary>
internal sealed class Limit : UnaryNode
{
    public Limit(int count, LogicalPlan child) : base(child) { Count = count; }
    public int Count { get; }
    public override IReadOnlyList<AttributeReference> Output => Child.Output;
    public override LogicalPlan WithChild(LogicalPlan child) => new Limit(Count, child);
    public override string NodeString => $"GlobalLimit {Count}";
}

/// <summary>Names a plan so its columns can be qualified: <c>df.Alias("t")</c>, <c>t.col</c>.</summary>
internal sealed class SubqueryAlias : UnaryNode
{
    public SubqueryAlias(string alias, LogicalPlan child) : base(child) { AliasName = alias; }
    public string AliasName { get; }
    public override IReadOnlyList<AttributeReference> Output => Child.Output.Select(a => a.WithQualifier(AliasName)).ToArray();
    public override LogicalPlan WithChild(LogicalPlan child) => new SubqueryAlias(AliasName, child);
    public override string NodeString => $"SubqueryAlias {AliasName}";
}

/// <summary>Applies a generator (<c>explode</c>) to each row, producing zero or more rows; the child's columns are kept.</summary>
internal sealed class Generate : UnaryNode
{
    public Generate(Generator generator, bool outer, IReadOnlyList<AttributeReference> generatorOutput, LogicalPlan child) : base(child)
    {
        Generator = generator;
        Outer = outer;
        GeneratorOutput = generatorOutput;
    }

    public Generator Generator { get; }
    public bool Outer { get; }
    public IReadOnlyList<AttributeReference> GeneratorOutput { get; }
    public override IReadOnlyList<AttributeReference> Output => Child.Output.Concat(GeneratorOutput).ToArray();
    public override IReadOnlyList<Expression> Expressions => new Expression[] { Generator };
    public override LogicalPlan WithNewExpressions(IReadOnlyList<Expression> e) => new Generate((Generator)e[0], Outer, GeneratorOutput, Child);
    public override LogicalPlan WithChild(LogicalPlan child) => new Generate(Generator, Outer, GeneratorOutput, child);
    public override string NodeString => $"Generate {Generator.Sql}, {Outer.ToString().ToLowerInvariant()}, {Attrs(GeneratorOutput)}";
}

/// <summary><c>repartition(n)</c>: spreads rows round-robin (or by keys) over n partitions.</summary>
internal sealed class Repartition : UnaryNode
{
    public Repartition(int numPartitions, IReadOnlyList<Expression> keys, LogicalPlan child) : base(child)
    {
        NumPartitions = numPartitions;
        Keys = keys;
    }

    public int NumPartitions { get; }
    public IReadOnlyList<Expression> Keys { get; }
    public override IReadOnlyList<AttributeReference> Output => Child.Output;
    public override IReadOnlyList<Expression> Expressions => Keys;
    public override LogicalPlan WithNewExpressions(IReadOnlyList<Expression> e) => new Repartition(NumPartitions, e, Child);
    public override LogicalPlan WithChild(LogicalPlan child) => new Repartition(NumPartitions, Keys, child);
    public override string NodeString => $"Repartition {NumPartitions}";
}

/// <summary><c>withWatermark(eventTime, delay)</c>: marks the event-time column and the allowed lateness.</summary>
internal sealed class EventTimeWatermark : UnaryNode
{
    public EventTimeWatermark(AttributeReference eventTime, long delayMs, LogicalPlan child) : base(child)
    {
        EventTime = eventTime;
        DelayMs = delayMs;
    }

    public AttributeReference EventTime { get; }
    public long DelayMs { get; }
    public override IReadOnlyList<AttributeReference> Output => Child.Output;
    public override LogicalPlan WithChild(LogicalPlan child) => new EventTimeWatermark(EventTime, DelayMs, child);
    public override string NodeString => $"EventTimeWatermark {EventTime.DebugString}, {DelayMs} milliseconds";
}
