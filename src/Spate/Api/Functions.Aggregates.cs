namespace Spate.Sql;

public static partial class Functions
{
    /// <summary>Sample standard deviation.</summary>
    public static Column Stddev(Column column) => Fn("stddev", column);
    /// <summary>Sample standard deviation.</summary>
    public static Column StddevSamp(Column column) => Fn("stddev_samp", column);
    /// <summary>Population standard deviation.</summary>
    public static Column StddevPop(Column column) => Fn("stddev_pop", column);
    /// <summary>Sample variance.</summary>
    public static Column Variance(Column column) => Fn("variance", column);
    /// <summary>Sample variance.</summary>
    public static Column VarSamp(Column column) => Fn("var_samp", column);
    /// <summary>Population variance.</summary>
    public static Column VarPop(Column column) => Fn("var_pop", column);
    /// <summary>Skewness.</summary>
    public static Column Skewness(Column column) => Fn("skewness", column);
    /// <summary>Excess kurtosis.</summary>
    public static Column Kurtosis(Column column) => Fn("kurtosis", column);
    /// <summary>Pearson correlation.</summary>
    public static Column Corr(Column column1, Column column2) => Fn("corr", column1, column2);
    /// <summary>Population covariance.</summary>
    public static Column CovarPop(Column column1, Column column2) => Fn("covar_pop", column1, column2);
    /// <summary>Sample covariance.</summary>
    public static Column CovarSamp(Column column1, Column column2) => Fn("covar_samp", column1, column2);
    /// <summary>Approximate number of distinct values (HyperLogLog++), relative standard deviation 0.05.</summary>
    public static Column ApproxCountDistinct(Column column) => Fn("approx_count_distinct", column);
    /// <summary>Approximate number of distinct values with relative standard deviation <paramref name="rsd"/>.</summary>
    public static Column ApproxCountDistinct(Column column, double rsd) => Fn("approx_count_distinct", column, Lit(rsd));
    /// <summary>Approximate number of distinct values of a named column.</summary>
    public static Column ApproxCountDistinct(string columnName) => ApproxCountDistinct(Col(columnName));
    /// <summary>Number of rows where the condition is true.</summary>
    public static Column CountIf(Column column) => Fn("count_if", column);
    /// <summary>True when every non-null value is true.</summary>
    public static Column BoolAnd(Column column) => Fn("bool_and", column);
    /// <summary>True when every non-null value is true.</summary>
    public static Column Every(Column column) => Fn("every", column);
    /// <summary>True when some non-null value is true.</summary>
    public static Column BoolOr(Column column) => Fn("bool_or", column);
    /// <summary>True when some non-null value is true.</summary>
    public static Column Some(Column column) => Fn("some", column);
    /// <summary>The value of <paramref name="column"/> at the row with the largest <paramref name="ord"/>.</summary>
    public static Column MaxBy(Column column, Column ord) => Fn("max_by", column, ord);
    /// <summary>The value of <paramref name="column"/> at the row with the smallest <paramref name="ord"/>.</summary>
    public static Column MinBy(Column column, Column ord) => Fn("min_by", column, ord);
    /// <summary>Product of the values.</summary>
    public static Column Product(Column column) => Fn("product", column);
    /// <summary>Median (exact, interpolated).</summary>
    public static Column Median(Column column) => Fn("median", column);
    /// <summary>Exact percentile with linear interpolation.</summary>
    public static Column Percentile(Column column, double percentage) => Fn("percentile", column, Lit(percentage));
    /// <summary>A value at the given percentile (computed exactly).</summary>
    public static Column PercentileApprox(Column column, double percentage, int accuracy = 10000) => Fn("percentile_approx", column, Lit(percentage), Lit(accuracy));
    /// <summary>Sum of distinct values.</summary>
    public static Column SumDistinct(string columnName) => SumDistinct(Col(columnName));
}
