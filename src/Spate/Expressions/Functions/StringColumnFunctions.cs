using System.Text;
using Spate.Columnar;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary>Which whole-column string function a <see cref="StringColumnFunction"/> computes.</summary>
internal enum StringColumnOp { Upper, Lower, Length }

/// <summary><c>upper</c>, <c>lower</c> and <c>length</c> over whole string columns, with an ASCII fast path on the bytes.</summary>
internal sealed class StringColumnFunction : ScalarFunction
{
    public StringColumnFunction(string name, StringColumnOp op, Expression child) : base(name, new[] { child }) { Op = op; }

    public StringColumnOp Op { get; }
    public override DataType DataType => Op == StringColumnOp.Length ? IntegerType.Instance : StringType.Instance;
    public override bool Nullable => Arguments[0].Nullable;
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => new StringColumnFunction(Name, Op, children[0]);
    protected override bool NodeEquals(Expression other) => base.NodeEquals(other) && ((StringColumnFunction)other).Op == Op;

    public override IReadOnlyList<DataType?>? ExpectedInputTypes
    {
        get
        {
            if (Op == StringColumnOp.Length && Arguments[0].DataType is BinaryType) return null;
            var expected = new DataType?[] { StringType.Instance };
            TypeChecks.CheckImplicitCasts(this, Arguments, expected);
            return expected;
        }
    }

    protected override object? EvalRow(object?[] args) => Op switch
    {
        StringColumnOp.Upper => ((string)args[0]!).ToUpperInvariant(),
        StringColumnOp.Lower => ((string)args[0]!).ToLowerInvariant(),
        _ => args[0] is byte[] b ? b.Length : Fx.CodePoints((string)args[0]!),
    };

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        int n = batch.RowCount;
        var input = (StringVector)Arguments[0].Evaluate(batch);
        if (Op == StringColumnOp.Length)
        {
            var r = new PrimitiveVector<int>(IntegerType.Instance, n);
            var dst = r.Values;
            bool bytes = input.Type is BinaryType;
            for (int i = 0; i < n; i++)
            {
                if (input.IsNull(i)) continue;
                var span = input.GetSpan(i);
                if (bytes) { dst[i] = span.Length; continue; }
                int count = 0;
                foreach (byte b in span) if ((b & 0xC0) != 0x80) count++;
                dst[i] = count;
            }
            r.SetLength(n);
            r.ValidityBits = Kernels.CopyNulls(input, n);
            return r;
        }
        var result = new StringVector(StringType.Instance, n, input.DataLength);
        bool upper = Op == StringColumnOp.Upper;
        Span<byte> buffer = stackalloc byte[256];
        for (int i = 0; i < n; i++)
        {
            if (input.IsNull(i)) { result.AppendNull(); continue; }
            var span = input.GetSpan(i);
            if (span.Length <= buffer.Length && System.Text.Ascii.IsValid(span))
            {
                var dst = buffer[..span.Length];
                if (upper) Ascii.ToUpper(span, dst, out _); else Ascii.ToLower(span, dst, out _);
                result.Append(dst);
            }
            else
            {
                var s = Encoding.UTF8.GetString(span);
                result.Append(upper ? s.ToUpperInvariant() : s.ToLowerInvariant());
            }
        }
        return result;
    }
}

/// <summary><c>substring(str, pos[, len])</c>: Spark's 1-based positions (0 acts as 1, negative counts from the end),
/// computed on code points of the UTF-8 bytes (bytes for binary input).</summary>
internal sealed class SubstringFunction : ScalarFunction
{
    public SubstringFunction(string name, IReadOnlyList<Expression> arguments) : base(name, arguments) { }

    public override DataType DataType => Arguments[0].DataType is BinaryType ? BinaryType.Instance : StringType.Instance;
    public override bool Nullable => Arguments.Any(a => a.Nullable);
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => new SubstringFunction(Name, children);

    public override IReadOnlyList<DataType?>? ExpectedInputTypes
    {
        get
        {
            var expected = new DataType?[] { Arguments[0].DataType is BinaryType ? null : StringType.Instance, IntegerType.Instance, IntegerType.Instance };
            TypeChecks.CheckImplicitCasts(this, Arguments, expected);
            return expected;
        }
    }

    /// <summary>The [start, end) range in characters of <c>substring</c> for a value of <paramref name="length"/> characters.</summary>
    public static (int Start, int End) Range(int length, int pos, int len)
    {
        long start = pos > 0 ? pos - 1 : pos < 0 ? (long)length + pos : 0;
        long end = len == int.MaxValue ? long.MaxValue : start + len;
        start = Math.Max(start, 0);
        end = Math.Min(end, length);
        if (start >= end) return (0, 0);
        return ((int)start, (int)end);
    }

    protected override object? EvalRow(object?[] args)
    {
        int pos = (int)args[1]!, len = (int)args[2]!;
        if (args[0] is byte[] b)
        {
            var (bs, be) = Range(b.Length, pos, len);
            return b[bs..be];
        }
        var cps = Fx.CodePointArray((string)args[0]!);
        var (s, e) = Range(cps.Length, pos, len);
        return string.Concat(cps[s..e]);
    }

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        int n = batch.RowCount;
        var input = (StringVector)Arguments[0].Evaluate(batch);
        var posV = (PrimitiveVector<int>)Arguments[1].Evaluate(batch);
        var lenV = (PrimitiveVector<int>)Arguments[2].Evaluate(batch);
        bool binary = input.Type is BinaryType;
        var result = new StringVector(DataType, n, input.DataLength);
        for (int i = 0; i < n; i++)
        {
            if (input.IsNull(i) || posV.IsNull(i) || lenV.IsNull(i)) { result.AppendNull(); continue; }
            var span = input.GetSpan(i);
            if (binary || System.Text.Ascii.IsValid(span))
            {
                var (s, e) = Range(span.Length, posV.Values[i], lenV.Values[i]);
                result.Append(span[s..e]);
                continue;
            }
            int chars = 0;
            foreach (byte b in span) if ((b & 0xC0) != 0x80) chars++;
            var (cs, ce) = Range(chars, posV.Values[i], lenV.Values[i]);
            result.Append(span[ByteOffset(span, cs)..ByteOffset(span, ce)]);
        }
        return result;
    }

    private static int ByteOffset(ReadOnlySpan<byte> utf8, int chars)
    {
        int seen = 0;
        for (int b = 0; b < utf8.Length; b++)
        {
            if ((utf8[b] & 0xC0) == 0x80) continue;
            if (seen == chars) return b;
            seen++;
        }
        return utf8.Length;
    }
}
