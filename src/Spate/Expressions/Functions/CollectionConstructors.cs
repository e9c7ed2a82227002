using Spate.Columnar;
using Spate.Plans;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary><c>array(a, b, ...)</c>: builds arrays column-wise by appending each input's row into the element vector.</summary>
internal sealed class CreateArrayFunction : ScalarFunction
{
    public CreateArrayFunction(IReadOnlyList<Expression> children) : base("array", children) { }

    private IReadOnlyList<Expression> ChildList => Arguments;
    protected override object? EvalRow(object?[] args) => args;
    public override IReadOnlyList<DataType?>? ExpectedInputTypes => ChildList.Select(_ => (DataType?)ElementType).ToArray();
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => new CreateArrayFunction(children);
    public override bool Nullable => false;
    public override string Sql => $"array({string.Join(", ", ChildList.Select(c => c.Sql))})";

    public DataType ElementType => CollectionFunctions.CommonType("array", ChildList, ChildList.Select(c => c.DataType), allowStrings: true) is { } t && t is not NullType
        ? t : ChildList.Count == 0 ? StringType.Instance : NullType.Instance;

    public override DataType DataType => new ArrayType(ElementType, ChildList.Count == 0 || ChildList.Any(c => c.Nullable));

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        int n = batch.RowCount;
        var inputs = ChildList.Select(c => c.Evaluate(batch)).ToArray();
        var result = (ArrayVector)ColumnVector.Create(DataType, n);
        result.Elements.Reserve(n * inputs.Length);
        for (int i = 0; i < n; i++)
        {
            foreach (var v in inputs)
            {
                if (v.Type is NullType || v.IsNull(i)) result.Elements.AppendNull();
                else result.Elements.AppendFrom(v, i);
            }
            result.EndArray();
        }
        return result;
    }
}

/// <summary><c>map(k1, v1, k2, v2, ...)</c>: builds maps column-wise. Null keys and duplicate keys are errors, as Spark's default policy.</summary>
internal sealed class CreateMapFunction : ScalarFunction
{
    public CreateMapFunction(string name, IReadOnlyList<Expression> children) : base(name, children) { }

    private IReadOnlyList<Expression> ChildList => Arguments;
    protected override object? EvalRow(object?[] args) => throw new InvalidOperationException();
    public override IReadOnlyList<DataType?>? ExpectedInputTypes
    {
        get
        {
            var t = (MapType)DataType;
            return ChildList.Select((_, i) => (DataType?)(i % 2 == 0 ? t.KeyType : t.ValueType)).ToArray();
        }
    }
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => new CreateMapFunction(Name, children);
    public override bool Nullable => false;
    public override string Sql => $"{Name}({string.Join(", ", ChildList.Select(c => c.Sql))})";

    private IEnumerable<Expression> KeyArgs => ChildList.Where((_, i) => i % 2 == 0);
    private IEnumerable<Expression> ValueArgs => ChildList.Where((_, i) => i % 2 == 1);

    public override DataType DataType
    {
        get
        {
            if (ChildList.Count % 2 != 0)
                throw new AnalysisException($"[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `{Name}` requires 2n (n > 0) parameters but the actual number is {ChildList.Count}.");
            var k = CollectionFunctions.CommonType(Name, ChildList, KeyArgs.Select(c => c.DataType), allowStrings: true) ?? NullType.Instance;
            var v = CollectionFunctions.CommonType(Name, ChildList, ValueArgs.Select(c => c.DataType), allowStrings: true) ?? NullType.Instance;
            if (ChildList.Count == 0) { k = StringType.Instance; v = StringType.Instance; }
            return new MapType(k, v, ValueArgs.Any(c => c.Nullable) || ChildList.Count == 0);
        }
    }

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        int n = batch.RowCount;
        var inputs = ChildList.Select(c => c.Evaluate(batch)).ToArray();
        var result = (MapVector)ColumnVector.Create(DataType, n);
        var seen = new HashSet<object>(ValueComparer.Instance);
        for (int i = 0; i < n; i++)
        {
            seen.Clear();
            for (int p = 0; p + 1 < inputs.Length; p += 2)
            {
                var k = inputs[p];
                if (k.Type is NullType || k.IsNull(i)) throw new SparkException("[NULL_MAP_KEY] Cannot use null as map key.");
                if (inputs.Length > 2 && !seen.Add(k.GetValue(i)!))
                    throw new SparkException($"[DUPLICATED_MAP_KEY] Duplicate map key {ValueConverter.ToDisplayString(k.GetValue(i))} was found, please check the input data. If you want to remove the duplicated keys, you can set \"spark.sql.mapKeyDedupPolicy\" to \"LAST_WIN\" so that the key inserted at last takes precedence.");
                result.Keys.AppendFrom(k, i);
                var v = inputs[p + 1];
                if (v.Type is NullType || v.IsNull(i)) result.Values.AppendNull(); else result.Values.AppendFrom(v, i);
            }
            result.EndMap();
        }
        return result;
    }
}

/// <summary>Equality of external values by content (arrays, maps, binaries), for sets and dictionaries of values.</summary>
internal sealed class ValueComparer : IEqualityComparer<object?>
{
    public static readonly ValueComparer Instance = new();
    public new bool Equals(object? x, object? y) => ValueEquality.AreEqual(x, y) || (x is double a && y is double b && double.IsNaN(a) && double.IsNaN(b));
    public int GetHashCode(object? obj) => obj is double d && double.IsNaN(d) ? 0 : ValueEquality.Hash(obj);
}
