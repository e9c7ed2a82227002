using Spate.Sql;

namespace Spate.Tests;

/// <summary>A shared local session for tests, and console capture for output assertions.</summary>
public static class TestSession
{
    private static readonly object Lock = new();

    public static SparkSession Spark
    {
        get
        {
            lock (Lock)
            {
                return SparkSession.Builder().Master("local[2]").AppName("tests").Config("spark.sql.shuffle.partitions", "4").Config("spark.ui.enabled", "false").GetOrCreate();
            }
        }
    }

    /// <summary>Runs <paramref name="action"/> and returns what it wrote to the console.</summary>
    public static string CaptureConsole(Action action)
    {
        lock (ConsoleLock.Instance)
        {
            var original = Console.Out;
            var writer = new StringWriter { NewLine = "\n" };
            Console.SetOut(writer);
            try { action(); }
            finally { Console.SetOut(original); }
            return writer.ToString();
        }
    }
}

internal sealed class ConsoleLock
{
    public static readonly object Instance = new();
}
