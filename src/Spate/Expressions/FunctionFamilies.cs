namespace Spate.Expressions;

/// <summary>The registration hooks of each family of built-in functions, each in its own file under Functions/.</summary>
internal static class FunctionFamilies
{
    public static readonly Action[] All =
    {
        StringFunctions.Register,
        MathFunctions.Register,
        DateTimeFunctions.Register,
        CollectionFunctions.Register,
        MiscFunctions.Register,
        AggregateFunctions.Register,
        JsonFunctions.Register,
        EventTimeFunctions.Register,
    };
}
