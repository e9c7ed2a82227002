using Spate.Columnar;
using Spate.Plans;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary>
/// <c>concat(a, b, ...)</c>: strings (other atomic types are cast to string), binaries, or arrays. Null when any
/// input is null. The string case works on the UTF-8 bytes of whole columns: no per-row strings are created.
/// </summary>
internal sealed class ConcatFunction : ScalarFunction
{
    public ConcatFunction(IReadOnlyList<Expression> arguments) : base("concat", arguments) { }

    private bool IsArrayConcat => Arguments.Count > 0 && Arguments.Any(a => a.DataType is ArrayType);
    private bool IsBinaryConcat => Arguments.Count > 0 && Arguments.All(a => a.DataType is BinaryType or NullType) && Arguments.Any(a => a.DataType is BinaryType);

    public override DataType DataType
    {
        get
        {
            if (IsArrayConcat)
            {
                DataType? t = NullType.Instance;
                foreach (var a in Arguments) t = t == null ? null : TypeCoercion.WiderType(t, a.DataType);
                return t ?? Arguments.First(a => a.DataType is ArrayType).DataType;
            }
            return IsBinaryConcat ? BinaryType.Instance : StringType.Instance;
        }
    }

    public override bool Nullable => Arguments.Any(a => a.Nullable);
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => new ConcatFunction(children);

    public override IReadOnlyList<DataType?>? ExpectedInputTypes
    {
        get
        {
            if (IsArrayConcat)
            {
                var t = DataType;
                for (int i = 0; i < Arguments.Count; i++)
                    if (Arguments[i].DataType is not ArrayType and not NullType || TypeCoercion.WiderType(t, Arguments[i].DataType) == null)
                        throw new AnalysisException($"[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve \"{Sql}\" due to data type mismatch: Input to `concat` should all be the same type, but it's [{string.Join(", ", Arguments.Select(a => "\"" + a.DataType.Sql + "\""))}].");
                return Arguments.Select(_ => (DataType?)t).ToArray();
            }
            if (IsBinaryConcat) return null;
            var expected = Arguments.Select(_ => (DataType?)StringType.Instance).ToArray();
            TypeChecks.CheckImplicitCasts(this, Arguments, expected);
            return expected;
        }
    }

    protected override object? EvalRow(object?[] args)
    {
        if (IsArrayConcat) return args.SelectMany(a => (object?[])a!).ToArray();
        var bytes = new List<byte>();
        foreach (var a in args) bytes.AddRange((byte[])a!);
        return bytes.ToArray();
    }

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        if (DataType is not StringType) return base.Evaluate(batch);
        int n = batch.RowCount;
        int k = Arguments.Count;
        if (k == 0) return ColumnVector.Constant(StringType.Instance, "", n);
        var inputs = new StringVector?[k];
        var constants = new byte[]?[k];
        bool constantNull = false;
        long total = 0;
        for (int a = 0; a < k; a++)
        {
            if (Arguments[a] is Literal lit)
            {
                // A constant piece (a separator) is copied from one buffer rather than materialised per row.
                if (lit.Value == null) constantNull = true;
                else constants[a] = System.Text.Encoding.UTF8.GetBytes(Fx.Str0(lit.Value));
                total += (long)(constants[a]?.Length ?? 0) * n;
                continue;
            }
            var v = (StringVector)Arguments[a].Evaluate(batch);
            inputs[a] = v;
            total += v.DataLength;
        }
        if (constantNull) return ColumnVector.Constant(StringType.Instance, null, n);
        var result = new StringVector(StringType.Instance, n, (int)Math.Min(total, int.MaxValue / 2));
        for (int i = 0; i < n; i++)
        {
            bool isNull = false;
            for (int a = 0; a < k; a++)
                if (inputs[a] is { } v && v.IsNull(i)) { isNull = true; break; }
            if (isNull) { result.AppendNull(); continue; }
            for (int a = 0; a < k; a++)
                result.AppendPart(inputs[a] is { } v ? v.GetSpan(i) : constants[a]);
            result.EndValue();
        }
        return result;
    }
}
