using System.Numerics;
using System.Runtime.CompilerServices;
using Spate.Columnar;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary>Whole-column kernels shared by the arithmetic, comparison and logical expressions.</summary>
internal static class Kernels
{
    /// <summary>Validity of a result that is null where either input is null.</summary>
    public static ulong[]? UnionNulls(ColumnVector a, ColumnVector b, int length)
    {
        var va = a.ValidityBits;
        var vb = b.ValidityBits;
        if (va == null && vb == null) return null;
        int words = (length + 63) >> 6;
        var r = new ulong[Math.Max(words, 1)];
        for (int w = 0; w < words; w++)
            r[w] = (va == null || w >= va.Length ? ulong.MaxValue : va[w]) & (vb == null || w >= vb.Length ? ulong.MaxValue : vb[w]);
        return r;
    }

    public static ulong[]? CopyNulls(ColumnVector a, int length)
    {
        var va = a.ValidityBits;
        if (va == null) return null;
        var r = new ulong[Math.Max((length + 63) >> 6, 1)];
        Array.Copy(va, r, Math.Min(va.Length, r.Length));
        return r;
    }

    public static PrimitiveVector<T> Arithmetic<T, TOp>(DataType type, ColumnVector left, ColumnVector right, int n)
        where T : unmanaged where TOp : struct, IBinaryOp<T>
    {
        var a = ((PrimitiveVector<T>)left).Values;
        var b = ((PrimitiveVector<T>)right).Values;
        var r = new PrimitiveVector<T>(type, n);
        var dst = r.Values;
        for (int i = 0; i < n; i++) dst[i] = TOp.Apply(a[i], b[i]);
        r.SetLength(n);
        r.ValidityBits = UnionNulls(left, right, n);
        return r;
    }

    /// <summary>Integer division and remainder: a zero divisor gives null, as Spark's non-ANSI mode.</summary>
    public static PrimitiveVector<T> DivideLike<T>(DataType type, ColumnVector left, ColumnVector right, int n, bool remainder)
        where T : unmanaged, INumber<T>
    {
        var a = ((PrimitiveVector<T>)left).Values;
        var b = ((PrimitiveVector<T>)right).Values;
        var r = new PrimitiveVector<T>(type, n);
        var dst = r.Values;
        r.SetLength(n);
        r.ValidityBits = UnionNulls(left, right, n);
        for (int i = 0; i < n; i++)
        {
            if (T.IsZero(b[i])) { if (!r.IsNull(i)) r.SetNull(i); continue; }
            if (remainder)
            {
                // Integer overflow (MIN % -1) wraps to 0 as in Java.
                dst[i] = typeof(T) == typeof(double) || typeof(T) == typeof(float) || typeof(T) == typeof(decimal)
                    ? a[i] % b[i] : (b[i] == -T.One ? T.Zero : a[i] % b[i]);
            }
            else dst[i] = b[i] == -T.One && !(typeof(T) == typeof(double) || typeof(T) == typeof(float) || typeof(T) == typeof(decimal)) ? -a[i] : a[i] / b[i];
        }
        return r;
    }

    public static PrimitiveVector<bool> Compare<T>(ColumnVector left, ColumnVector right, int n, CompareOp op) where T : unmanaged
    {
        var a = ((PrimitiveVector<T>)left).Values;
        var b = ((PrimitiveVector<T>)right).Values;
        var r = new PrimitiveVector<bool>(BooleanType.Instance, n);
        var dst = r.Values;
        for (int i = 0; i < n; i++) dst[i] = op.Test(ValueCompare.Compare(a[i], b[i]));
        r.SetLength(n);
        r.ValidityBits = UnionNulls(left, right, n);
        return r;
    }

    public static PrimitiveVector<bool> CompareScalar<T>(ColumnVector left, T scalar, int n, CompareOp op) where T : unmanaged
    {
        var a = ((PrimitiveVector<T>)left).Values;
        var r = new PrimitiveVector<bool>(BooleanType.Instance, n);
        var dst = r.Values;
        if (op == CompareOp.Eq && typeof(T) != typeof(double) && typeof(T) != typeof(float))
            for (int i = 0; i < n; i++) dst[i] = EqualityComparer<T>.Default.Equals(a[i], scalar);
        else
            for (int i = 0; i < n; i++) dst[i] = op.Test(ValueCompare.Compare(a[i], scalar));
        r.SetLength(n);
        r.ValidityBits = CopyNulls(left, n);
        return r;
    }

    public static PrimitiveVector<bool> CompareStrings(ColumnVector left, ColumnVector right, int n, CompareOp op)
    {
        var a = (StringVector)left;
        var b = (StringVector)right;
        var r = new PrimitiveVector<bool>(BooleanType.Instance, n);
        var dst = r.Values;
        for (int i = 0; i < n; i++) dst[i] = op.Test(a.GetSpan(i).SequenceCompareTo(b.GetSpan(i)));
        r.SetLength(n);
        r.ValidityBits = UnionNulls(left, right, n);
        return r;
    }

    public static PrimitiveVector<bool> CompareStringScalar(ColumnVector left, byte[] scalar, int n, CompareOp op)
    {
        var a = (StringVector)left;
        var r = new PrimitiveVector<bool>(BooleanType.Instance, n);
        var dst = r.Values;
        if (op == CompareOp.Eq)
            for (int i = 0; i < n; i++) dst[i] = a.GetSpan(i).SequenceEqual(scalar);
        else
            for (int i = 0; i < n; i++) dst[i] = op.Test(a.GetSpan(i).SequenceCompareTo(scalar));
        r.SetLength(n);
        r.ValidityBits = CopyNulls(left, n);
        return r;
    }
}

/// <summary>A comparison operator applied to the sign of a three-way comparison.</summary>
internal enum CompareOp { Eq, Neq, Lt, Le, Gt, Ge }

internal static class CompareOpExtensions
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Test(this CompareOp op, int c) => op switch
    {
        CompareOp.Eq => c == 0,
        CompareOp.Neq => c != 0,
        CompareOp.Lt => c < 0,
        CompareOp.Le => c <= 0,
        CompareOp.Gt => c > 0,
        _ => c >= 0,
    };

    public static string Symbol(this CompareOp op) => op switch
    {
        CompareOp.Eq => "=",
        CompareOp.Neq => "!=",
        CompareOp.Lt => "<",
        CompareOp.Le => "<=",
        CompareOp.Gt => ">",
        _ => ">=",
    };
}

/// <summary>Spark's ordering of values: NaN is larger than every other double and equal to itself.</summary>
internal static class ValueCompare
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Compare<T>(T a, T b) where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            double x = (double)(object)a, y = (double)(object)b;
            if (x < y) return -1;
            if (x > y) return 1;
            if (x == y) return 0;
            return double.IsNaN(x) ? (double.IsNaN(y) ? 0 : 1) : -1;
        }
        if (typeof(T) == typeof(float))
        {
            float x = (float)(object)a, y = (float)(object)b;
            if (x < y) return -1;
            if (x > y) return 1;
            if (x == y) return 0;
            return float.IsNaN(x) ? (float.IsNaN(y) ? 0 : 1) : -1;
        }
        return Comparer<T>.Default.Compare(a, b);
    }
}

internal interface IBinaryOp<T> { static abstract T Apply(T a, T b); }
internal struct AddOp<T> : IBinaryOp<T> where T : INumber<T> { public static T Apply(T a, T b) => a + b; }
internal struct SubtractOp<T> : IBinaryOp<T> where T : INumber<T> { public static T Apply(T a, T b) => a - b; }
internal struct MultiplyOp<T> : IBinaryOp<T> where T : INumber<T> { public static T Apply(T a, T b) => a * b; }
internal struct FloatDivideOp<T> : IBinaryOp<T> where T : INumber<T> { public static T Apply(T a, T b) => a / b; }
