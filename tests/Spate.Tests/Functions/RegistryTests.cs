using Spate.Expressions;
using Spate.Sql;
using static Spate.Sql.Functions;

namespace Spate.Tests.Functions;

public class RegistryTests
{
    private static readonly string[] Expected =
    {
        "concat", "concat_ws", "upper", "lower", "length", "char_length", "trim", "ltrim", "rtrim", "lpad", "rpad", "substring", "substr",
        "substring_index", "instr", "locate", "replace", "regexp_replace", "regexp_extract", "regexp_extract_all", "rlike", "regexp", "regexp_like",
        "like", "ilike", "split", "initcap", "reverse", "repeat", "translate", "ascii", "chr", "base64", "unbase64", "format_number", "format_string",
        "printf", "contains", "startswith", "endswith", "left", "right", "levenshtein", "soundex", "overlay", "btrim", "lcase", "ucase", "octet_length",
        "bit_length", "encode", "decode",
        "abs", "round", "bround", "ceil", "ceiling", "floor", "sqrt", "cbrt", "exp", "expm1", "log", "ln", "log10", "log2", "log1p", "pow", "power",
        "signum", "sign", "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "degrees", "radians", "greatest", "least",
        "rand", "randn", "hex", "unhex", "bin", "conv", "pmod", "isnan", "nanvl", "factorial", "pi", "e", "negative", "positive", "try_divide",
        "nvl", "ifnull", "nullif", "nvl2", "equal_null",
        "current_date", "current_timestamp", "now", "date_format", "to_date", "to_timestamp", "unix_timestamp", "from_unixtime", "year", "quarter",
        "month", "dayofmonth", "day", "dayofweek", "dayofyear", "weekday", "hour", "minute", "second", "weekofyear", "date_add", "date_sub",
        "datediff", "add_months", "months_between", "last_day", "next_day", "trunc", "date_trunc", "from_utc_timestamp", "to_utc_timestamp",
        "make_date", "make_timestamp", "timestamp_seconds", "timestamp_millis", "timestamp_micros", "unix_seconds", "unix_millis", "unix_micros",
        "current_timezone",
        "array", "array_contains", "size", "cardinality", "sort_array", "array_sort", "array_distinct", "array_union", "array_intersect",
        "array_except", "array_join", "array_max", "array_min", "array_position", "array_remove", "array_repeat", "arrays_overlap", "element_at",
        "get", "slice", "flatten", "sequence", "map", "create_map", "map_keys", "map_values", "map_from_arrays", "map_entries", "map_contains_key",
        "arrays_zip", "shuffle",
        "hash", "xxhash64", "md5", "sha1", "sha", "sha2", "crc32", "monotonically_increasing_id", "spark_partition_id", "uuid", "typeof",
        "stddev", "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop", "approx_count_distinct", "count_if", "bool_and", "every",
        "bool_or", "some", "any", "max_by", "min_by", "corr", "covar_pop", "covar_samp", "skewness", "kurtosis", "product", "median",
        "percentile_approx", "percentile",
    };

    [Fact]
    public void Registry_HasEverySparkFunctionOfTheBrief()
    {
        var missing = Expected.Where(n => !FunctionRegistry.Exists(n)).ToArray();
        Assert.Empty(missing);
        Assert.True(Expected.Length >= 200);
    }

    [Fact]
    public void UnknownFunction_ThrowsUnresolvedRoutine()
    {
        var e = Assert.Throws<AnalysisException>(() => FunctionRegistry.Create("no_such_fn", Lit(1).Expr));
        Assert.Contains("UNRESOLVED_ROUTINE", e.Message);
    }

    [Fact]
    public void WrongArity_ThrowsWrongNumArgs()
    {
        var e = Assert.Throws<AnalysisException>(() => FunctionRegistry.Create("upper"));
        Assert.Contains("WRONG_NUM_ARGS", e.Message);
    }
}
