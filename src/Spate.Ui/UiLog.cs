using Spate.Sql;

namespace Spate.Ui;

/// <summary>The UI's log lines: written through Spark's log, and raised as an event so this package's tests can observe them.</summary>
internal static class UiLog
{
    public static event Action<string, string, string>? Logged;

    public static void Info(string source, string message) => Log("INFO", source, message, SparkLog.Info);
    public static void Warn(string source, string message) => Log("WARN", source, message, SparkLog.Warn);
    public static void Error(string source, string message) => Log("ERROR", source, message, SparkLog.Error);

    private static void Log(string level, string source, string message, Action<string, string> write)
    {
        write(source, message);
        Logged?.Invoke(level, source, message);
    }
}
