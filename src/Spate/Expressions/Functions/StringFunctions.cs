namespace Spate.Expressions;

/// <summary>Registers this family of Spark's built-in functions.</summary>
internal static class StringFunctions
{
    public static void Register()
    {
    }
}
