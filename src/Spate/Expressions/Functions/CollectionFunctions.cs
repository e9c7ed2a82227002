using Spate.Plans;
using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Expressions.Fx;

namespace Spate.Expressions;

/// <summary>Registers this family of Spark's built-in functions.</summary>
internal static class CollectionFunctions
{
    public static void Register()
    {
        Builder("array", 0, int.MaxValue, (a, _) => new CreateArrayFunction(a));
        Builder("map", 0, int.MaxValue, (a, _) => new CreateMapFunction("map", a));
        Builder("create_map", 0, int.MaxValue, (a, _) => new CreateMapFunction("map", a));

        Def(new FunctionDef("array_contains", Bool, Row(a => ArrayContains((object?[])a[0]!, a[1]!)))
        { InputTypes = ArrayAndElement, Check = RequireArray(0) }, 2, 2);
        var size = new FunctionDef("size", Int, Row(a => a[0] switch { null => -1, object?[] arr => arr.Length, System.Collections.IDictionary m => m.Count, _ => -1 }))
        {
            NullIntolerant = false,
            Check = f => TypeChecks.Require(f, f.Arguments, 0, t => t is ArrayType or MapType, "(\"ARRAY\" or \"MAP\")"),
        };
        Def(size, 1, 1, null, "cardinality");
        Def(new FunctionDef("sort_array", SameAs(0), Row(a => SortArray((object?[])a[0]!, (bool)a[1]!)))
        {
            Check = f =>
            {
                RequireArray(0)(f);
                if (f.Arguments[1] is not Literal { Value: bool })
                    throw new AnalysisException($"[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{f.Sql}\" due to data type mismatch: The second parameter requires the \"BOOLEAN\" type, however \"{f.Arguments[1].Sql}\" has the type \"{f.Arguments[1].DataType.Sql}\".");
            },
        }, 1, 2, Defaults(null, true));
        Def(new FunctionDef("array_sort", SameAs(0), Row(a => SortArray((object?[])a[0]!, true, nullsLast: true))) { Check = RequireArray(0) }, 1, 1);
        Def(new FunctionDef("array_distinct", SameAs(0), Row(a => ((object?[])a[0]!).Distinct(ValueComparer.Instance).ToArray())) { Check = RequireArray(0), Strict = true }, 1, 1);
        SetOp("array_union", (x, y) => x.Concat(y).Distinct(ValueComparer.Instance));
        SetOp("array_intersect", (x, y) => x.Distinct(ValueComparer.Instance).Where(v => y.Contains(v, ValueComparer.Instance)));
        SetOp("array_except", (x, y) => x.Distinct(ValueComparer.Instance).Where(v => !y.Contains(v, ValueComparer.Instance)));
        Def(new FunctionDef("array_join", Str, Row(ArrayJoin))
        {
            InputTypes = a => new DataType?[] { new ArrayType(S), S, S },
            NullIntolerant = false,
        }, 2, 3);
        Def(new FunctionDef("array_max", ElementOf(0), Row(a => Extremum((object?[])a[0]!, 1))) { Check = RequireArray(0) }, 1, 1);
        Def(new FunctionDef("array_min", ElementOf(0), Row(a => Extremum((object?[])a[0]!, -1))) { Check = RequireArray(0) }, 1, 1);
        Def(new FunctionDef("array_position", Long, Row(a => (long)(System.Array.FindIndex((object?[])a[0]!, x => ValueComparer.Instance.Equals(x, a[1])) + 1)))
        { InputTypes = ArrayAndElement, Check = RequireArray(0) }, 2, 2);
        Def(new FunctionDef("array_remove", SameAs(0), Row(a => ((object?[])a[0]!).Where(x => !ValueComparer.Instance.Equals(x, a[1])).ToArray()))
        { InputTypes = ArrayAndElement, Check = RequireArray(0) }, 2, 2);
        Def(new FunctionDef("array_repeat", a => new ArrayType(a[0].DataType), Row(a => a[1] == null ? null : Enumerable.Repeat(a[0], Math.Max(0, ToInt(a[1]!))).ToArray()))
        { InputTypes = a => new DataType?[] { null, I }, NullIntolerant = false }, 2, 2);
        Def(new FunctionDef("arrays_overlap", Bool, OnCommonArrays("arrays_overlap", Overlaps)) { Check = RequireArray(0, 1) }, 2, 2);
        Def(new FunctionDef("element_at", a => a[0].DataType switch { ArrayType t => t.ElementType, MapType m => m.ValueType, _ => NullType.Instance },
            Row(a => ElementAt(a[0]!, a[1]!)))
        {
            InputTypes = a => new DataType?[] { null, a[0].DataType switch { ArrayType => I, MapType m => m.KeyType, _ => null } },
            Check = f => TypeChecks.Require(f, f.Arguments, 0, t => t is ArrayType or MapType, "(\"ARRAY\" or \"MAP\")"),
        }, 2, 2);
        Def(new FunctionDef("get", ElementOf(0), Row(a => (object?[])a[0]! is var arr && ToInt(a[1]!) is var i && i >= 0 && i < arr.Length ? arr[i] : null))
        {
            InputTypes = Types(null, I),
            Check = RequireArray(0),
            SqlText = a => $"{a[0].Sql}[{a[1].Sql}]",
        }, 2, 2);
        Def(new FunctionDef("try_element_at", a => a[0].DataType switch { ArrayType t => t.ElementType, MapType m => m.ValueType, _ => NullType.Instance },
            Row(a => a[1] is int i && i == 0 ? null : ElementAt(a[0]!, a[1]!)))
        { InputTypes = a => new DataType?[] { null, a[0].DataType switch { ArrayType => I, MapType m => m.KeyType, _ => null } } }, 2, 2);
        Def(new FunctionDef("slice", SameAs(0), Row(a => Slice((object?[])a[0]!, ToInt(a[1]!), ToInt(a[2]!)))) { InputTypes = Types(null, I, I), Check = RequireArray(0) }, 3, 3);
        Def(new FunctionDef("flatten", a => a[0].DataType is ArrayType { ElementType: ArrayType inner } ? inner : a[0].DataType,
            Row(a => ((object?[])a[0]!).Any(x => x == null) ? null : ((object?[])a[0]!).SelectMany(x => (object?[])x!).ToArray()))
        {
            Check = f => TypeChecks.Require(f, f.Arguments, 0, t => t is ArrayType { ElementType: ArrayType }, "\"ARRAY\" of \"ARRAY\""),
        }, 1, 1);
        Def(new FunctionDef("sequence", a => new ArrayType(SequenceType(a), false), Row(Sequence))
        {
            InputTypes = a => { var t = SequenceType(a); return a.Select(_ => (DataType?)t).ToArray(); },
        }, 2, 3);
        Def(new FunctionDef("map_keys", a => a[0].DataType is MapType m ? new ArrayType(m.KeyType, false) : NullType.Instance,
            Row(a => ((System.Collections.IDictionary)a[0]!).Keys.Cast<object?>().ToArray())) { Check = RequireMap, Strict = true }, 1, 1);
        Def(new FunctionDef("map_values", a => a[0].DataType is MapType m ? new ArrayType(m.ValueType, m.ValueContainsNull) : NullType.Instance,
            Row(a => ((System.Collections.IDictionary)a[0]!).Values.Cast<object?>().ToArray())) { Check = RequireMap, Strict = true }, 1, 1);
        Def(new FunctionDef("map_entries", a => a[0].DataType is MapType m
                ? new ArrayType(new StructType(new[] { new StructField("key", m.KeyType, false), new StructField("value", m.ValueType, m.ValueContainsNull) }), false)
                : NullType.Instance,
            Row(a => Entries(a[0]!)))
        { Check = RequireMap, Strict = true }, 1, 1);
        Def(new FunctionDef("map_from_arrays", a => a[0].DataType is ArrayType k && a[1].DataType is ArrayType v ? new MapType(k.ElementType, v.ElementType, v.ContainsNull) : NullType.Instance,
            Row(MapFromArrays)) { Check = RequireArray(0, 1) }, 2, 2);
        Def(new FunctionDef("map_contains_key", Bool, Row(a => ((System.Collections.IDictionary)a[0]!).Keys.Cast<object?>().Contains(a[1], ValueComparer.Instance)))
        { InputTypes = a => new DataType?[] { null, a[0].DataType is MapType m ? m.KeyType : null }, Check = RequireMap }, 2, 2);
        Def(new FunctionDef("arrays_zip", ZipType, Row(ArraysZip)) { Check = f => RequireArray(Enumerable.Range(0, f.Arguments.Count).ToArray())(f) }, 1, int.MaxValue);
        Def(new FunctionDef("shuffle", SameAs(0), Row(a => ((object?[])a[0]!).OrderBy(_ => Random.Shared.Next()).ToArray())) { Deterministic = false, Check = RequireArray(0) }, 1, 1);
    }

    /// <summary>The common type of <paramref name="types"/>, or Spark's DATA_DIFF_TYPES error.</summary>
    internal static DataType? CommonType(string name, IReadOnlyList<Expression> args, IEnumerable<DataType> types, bool allowStrings)
    {
        DataType? t = NullType.Instance;
        foreach (var x in types)
        {
            t = allowStrings ? TypeCoercion.WiderTypeWithStrings(t!, x) : TypeCoercion.WiderType(t!, x);
            if (t == null)
                throw new AnalysisException($"[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve \"{name}({string.Join(", ", args.Select(e => e.Sql))})\" due to data type mismatch: Input to `{name}` should all be the same type, but it's [{string.Join(", ", args.Select(e => "\"" + e.DataType.Sql + "\""))}].");
        }
        return t;
    }

    private static Func<IReadOnlyList<Expression>, DataType> ElementOf(int i) => a => a[i].DataType is ArrayType t ? t.ElementType : NullType.Instance;

    private static Action<RowFunction> RequireArray(params int[] indexes) => f =>
    {
        foreach (int i in indexes) TypeChecks.Require(f, f.Arguments, i, t => t is ArrayType, "\"ARRAY\"");
    };

    private static readonly Action<RowFunction> RequireMap = f => TypeChecks.Require(f, f.Arguments, 0, t => t is MapType, "\"MAP\"");

    private static readonly Func<IReadOnlyList<Expression>, IReadOnlyList<DataType?>?> ArrayAndElement = a =>
        a[0].DataType is ArrayType t ? new DataType?[] { null, a[1].DataType is NullType ? null : TypeCoercion.WiderType(t.ElementType, a[1].DataType) is { } w && w.Equals(t.ElementType) ? t.ElementType : CastTarget(t.ElementType, a[1].DataType) } : null;

    private static DataType? CastTarget(DataType element, DataType value) =>
        TypeChecks.CanImplicitCast(value, element) ? element : null;

    /// <summary>Evaluates <paramref name="f"/> on arrays whose elements were converted to the arrays' common element type
    /// (array casts are not implicit argument casts, so two-array functions convert values themselves).</summary>
    private static Func<IReadOnlyList<Expression>, Func<object?[], object?>> OnCommonArrays(string name, Func<object?[], object?[], object?> f) => args =>
    {
        var common = CommonType(name, args, args.Select(x => x.DataType), allowStrings: false) as ArrayType;
        var converters = args.Select(x => x.DataType is ArrayType at && common != null && !at.ElementType.Equals(common.ElementType)
            ? (Func<object?[], object?[]>)(arr => arr.Select(v => Cast.CastValue(v, at.ElementType, common.ElementType)).ToArray())
            : arr => arr).ToArray();
        return a => f(converters[0]((object?[])a[0]!), converters[1]((object?[])a[1]!));
    };

    private static void SetOp(string name, Func<object?[], object?[], IEnumerable<object?>> op)
    {
        Def(new FunctionDef(name, a => CommonType(name, a, a.Select(x => x.DataType), false) ?? a[0].DataType,
            OnCommonArrays(name, (x, y) => op(x, y).ToArray()))
        { Check = RequireArray(0, 1) }, 2, 2);
    }

    private static object? ArrayContains(object?[] arr, object value)
    {
        bool sawNull = false;
        foreach (var x in arr)
        {
            if (x == null) { sawNull = true; continue; }
            if (ValueComparer.Instance.Equals(x, value)) return true;
        }
        return sawNull ? null : false;
    }

    /// <summary>sort_array puts nulls first ascending and last descending; array_sort puts them last.</summary>
    internal static object?[] SortArray(object?[] arr, bool ascending, bool nullsLast = false)
    {
        var values = arr.Where(x => x != null).ToList();
        values.Sort((x, y) => ascending ? GenericCompare.Compare(x, y) : GenericCompare.Compare(y, x));
        var nulls = arr.Where(x => x == null);
        bool last = nullsLast || !ascending;
        return (last ? values.Concat(nulls) : nulls.Concat(values)).ToArray();
    }

    private static object? ArrayJoin(object?[] a)
    {
        if (a[0] == null || a[1] == null) return null;
        if (a.Length > 2 && a[2] == null) return null;
        string? replacement = a.Length > 2 ? (string)a[2]! : null;
        return string.Join((string)a[1]!, ((object?[])a[0]!).Where(x => x != null || replacement != null).Select(x => (string?)x ?? replacement));
    }

    private static object? Extremum(object?[] arr, int sign)
    {
        object? best = null;
        foreach (var x in arr)
            if (x != null && (best == null || GenericCompare.Compare(x, best) * sign > 0)) best = x;
        return best;
    }

    private static object? Overlaps(object?[] x, object?[] y)
    {
        if (x.Where(v => v != null).Any(v => y.Contains(v, ValueComparer.Instance))) return true;
        if (x.Length > 0 && y.Length > 0 && (x.Contains(null) || y.Contains(null))) return null;
        return false;
    }

    private static object? ElementAt(object collection, object key)
    {
        if (collection is System.Collections.IDictionary map)
        {
            foreach (System.Collections.DictionaryEntry e in map)
                if (ValueComparer.Instance.Equals(e.Key, key)) return e.Value;
            return null;
        }
        var arr = (object?[])collection;
        int i = ToInt(key);
        if (i == 0) throw new SparkException("[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1).");
        int idx = i > 0 ? i - 1 : arr.Length + i;
        return idx >= 0 && idx < arr.Length ? arr[idx] : null;
    }

    private static object? Slice(object?[] arr, int start, int length)
    {
        if (start == 0)
            throw new SparkException("[INVALID_PARAMETER_VALUE.START] The value of parameter(s) `start` in `slice` is invalid: Expects a positive or a negative value for `start`, but got 0.");
        if (length < 0)
            throw new SparkException($"[INVALID_PARAMETER_VALUE.LENGTH] The value of parameter(s) `length` in `slice` is invalid: Expects `length` greater than or equal to 0, but got {length}.");
        int from = start > 0 ? start - 1 : arr.Length + start;
        if (from < 0 || from >= arr.Length) return System.Array.Empty<object?>();
        return arr.Skip(from).Take(length).ToArray();
    }

    private static DataType SequenceType(IReadOnlyList<Expression> a)
    {
        var t = a.Take(2).Select(x => x.DataType).Aggregate((x, y) => TypeCoercion.WiderType(x, y) ?? LongType.Instance);
        return t is ByteType or ShortType or IntegerType ? IntegerType.Instance : LongType.Instance;
    }

    private static object? Sequence(object?[] a)
    {
        long start = ToLong(a[0]!), stop = ToLong(a[1]!);
        long step = a.Length > 2 ? ToLong(a[2]!) : start <= stop ? 1 : -1;
        if (step == 0 && start != stop || step > 0 && start > stop || step < 0 && start < stop)
            throw new SparkException($"[INVALID_SEQUENCE_STEP] Illegal sequence boundaries: {start} to {stop} by {step}.");
        bool isInt = a[0] is int;
        var list = new List<object?>();
        for (long v = start; step > 0 ? v <= stop : v >= stop; v += step)
        {
            list.Add(isInt ? (int)v : v);
            if (list.Count > 10_000_000) throw new SparkException("[COLLECTION_SIZE_LIMIT_EXCEEDED] Can't create array with more than 2147483632 elements.");
            if (step == 0) break;
        }
        return list.ToArray();
    }

    private static object?[] Entries(object map)
    {
        var list = new List<object?>();
        foreach (System.Collections.DictionaryEntry e in (System.Collections.IDictionary)map) list.Add(new object?[] { e.Key, e.Value });
        return list.ToArray();
    }

    private static object? MapFromArrays(object?[] a)
    {
        var keys = (object?[])a[0]!;
        var values = (object?[])a[1]!;
        if (keys.Length != values.Length)
            throw new SparkException("[DATATYPE_MISMATCH] The key array and value array of MapData must have the same length.");
        var map = new Dictionary<object, object?>(ValueComparer.Instance!);
        for (int i = 0; i < keys.Length; i++)
        {
            if (keys[i] == null) throw new SparkException("[NULL_MAP_KEY] Cannot use null as map key.");
            if (!map.TryAdd(keys[i]!, values[i]))
                throw new SparkException($"[DUPLICATED_MAP_KEY] Duplicate map key {ValueConverter.ToDisplayString(keys[i])} was found, please check the input data. If you want to remove the duplicated keys, you can set \"spark.sql.mapKeyDedupPolicy\" to \"LAST_WIN\" so that the key inserted at last takes precedence.");
        }
        return map;
    }

    private static DataType ZipType(IReadOnlyList<Expression> a)
    {
        var fields = a.Select((x, i) => new StructField(x switch
        {
            NamedExpression n => n.Name,
            UnresolvedAttribute u => u.NameParts[^1],
            _ => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, x.DataType is ArrayType t ? t.ElementType : NullType.Instance, true)).ToArray();
        return new ArrayType(new StructType(fields), false);
    }

    private static object? ArraysZip(object?[] a)
    {
        var arrays = a.Select(x => (object?[])x!).ToArray();
        int n = arrays.Max(x => x.Length);
        var result = new object?[n];
        for (int i = 0; i < n; i++) result[i] = arrays.Select(x => i < x.Length ? x[i] : null).ToArray();
        return result;
    }
}
