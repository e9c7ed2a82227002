namespace Spate.Expressions;

/// <summary>Registers this family of Spark's built-in functions.</summary>
internal static class MiscFunctions
{
    public static void Register()
    {
    }
}
