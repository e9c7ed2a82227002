namespace Spate.Expressions;

/// <summary>Registers this family of Spark's built-in functions.</summary>
internal static class DateTimeFunctions
{
    public static void Register()
    {
    }
}
