using System.Security.Cryptography;
using System.Text;
using Spate.Plans;
using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Expressions.Fx;

namespace Spate.Expressions;

/// <summary>Registers this family of Spark's built-in functions.</summary>
internal static class MiscFunctions
{
    public static void Register()
    {
        Def(new FunctionDef("hash", Int, a => HashOf(a, xx: false)) { NullIntolerant = false, Strict = false }, 1, int.MaxValue);
        Def(new FunctionDef("xxhash64", Long, a => HashOf(a, xx: true)) { NullIntolerant = false }, 1, int.MaxValue);
        Def(new FunctionDef("md5", Str, Row(a => Convert.ToHexStringLower(MD5.HashData((byte[])a[0]!)))) { InputTypes = Types(B), Strict = true }, 1, 1);
        var sha1 = new FunctionDef("sha1", Str, Row(a => Convert.ToHexStringLower(SHA1.HashData((byte[])a[0]!)))) { InputTypes = Types(B), Strict = true };
        Def(sha1, 1, 1, null, "sha");
        Def(new FunctionDef("sha2", Str, Row(a => Sha2((byte[])a[0]!, ToInt(a[1]!)))) { InputTypes = Types(B, I) }, 2, 2);
        Def(new FunctionDef("crc32", Long, Row(a => SparkHashes.Crc32((byte[])a[0]!))) { InputTypes = Types(B), Strict = true }, 1, 1);
        Builder("monotonically_increasing_id", 0, 0, (_, _) => new MonotonicIdFunction());
        Def(new FunctionDef("spark_partition_id", Int, Row(_ => 0)) { Deterministic = false, NullIntolerant = false, Strict = true, SqlText = _ => "SPARK_PARTITION_ID()" }, 0, 0);
        Def(new FunctionDef("uuid", Str, Row(_ => Guid.NewGuid().ToString())) { Deterministic = false, NullIntolerant = false, Strict = true }, 0, 0);
        Def(new FunctionDef("typeof", Str, a => { var t = a[0].DataType.SimpleString; return _ => t; }) { NullIntolerant = false, Strict = true }, 1, 1);

        Def(new FunctionDef("nvl", Common(0, 1), Row(a => a[0] ?? a[1])) { NullIntolerant = false, InputTypes = CommonInputs(0, 1) }, 2, 2, null, "ifnull");
        Def(new FunctionDef("nullif", SameAs(0), Row(a => a[0] != null && a[1] != null && ValueComparer.Instance.Equals(a[0], a[1]) ? null : a[0]))
        { NullIntolerant = false, InputTypes = CommonInputs(0, 1) }, 2, 2);
        Def(new FunctionDef("nvl2", a => Common(1, 2)(a), Row(a => a[0] != null ? a[1] : a[2]))
        { NullIntolerant = false, InputTypes = a => { var t = Common(1, 2)(a); return new DataType?[] { null, t, t }; } }, 3, 3);
        Def(new FunctionDef("equal_null", Bool, Row(a => a[0] == null || a[1] == null ? a[0] == null && a[1] == null : ValueComparer.Instance.Equals(a[0], a[1])))
        { NullIntolerant = false, Strict = true, InputTypes = CommonInputs(0, 1) }, 2, 2);
    }

    private static Func<IReadOnlyList<Expression>, DataType> Common(int i, int j) => a =>
        TypeCoercion.WiderTypeWithStrings(a[i].DataType, a[j].DataType)
        ?? throw new AnalysisException($"[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve \"{string.Join(", ", a.Select(x => x.Sql))}\" due to data type mismatch: Input should all be the same type, but it's [\"{a[i].DataType.Sql}\", \"{a[j].DataType.Sql}\"].");

    private static Func<IReadOnlyList<Expression>, IReadOnlyList<DataType?>?> CommonInputs(int i, int j) => a =>
    {
        var t = Common(i, j)(a);
        return t is AtomicType ? new DataType?[] { t, t } : null;
    };

    private static Func<object?[], object?> HashOf(IReadOnlyList<Expression> args, bool xx)
    {
        var types = args.Select(x => x.DataType).ToArray();
        return a =>
        {
            long h = 42;
            for (int i = 0; i < a.Length; i++) h = SparkHashes.Hash(a[i], types[i], h, xx);
            return xx ? h : (int)h;
        };
    }

    private static object? Sha2(byte[] input, int bits) => bits switch
    {
        0 or 256 => Convert.ToHexStringLower(SHA256.HashData(input)),
        384 => Convert.ToHexStringLower(SHA384.HashData(input)),
        512 => Convert.ToHexStringLower(SHA512.HashData(input)),
        224 => Convert.ToHexStringLower(Sha224.Hash(input)),
        _ => null,
    };
}
