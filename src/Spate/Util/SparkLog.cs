using System.Globalization;

namespace Spate.Sql;

/// <summary>Log levels, as Spark's <c>setLogLevel</c> names them.</summary>
internal enum LogLevel { All = 0, Trace = 1, Debug = 2, Info = 3, Warn = 4, Error = 5, Fatal = 6, Off = 7 }

/// <summary>Spark-style log lines on stderr: <c>24/04/08 14:07:10 WARN Source: message</c>.</summary>
internal static class SparkLog
{
    public static LogLevel Level { get; set; } = LogLevel.Warn;

    /// <summary>Where log lines go; tests capture them.</summary>
    public static TextWriter Writer { get; set; } = Console.Error;

    public static event Action<LogLevel, string, string>? Logged;

    public static void Warn(string source, string message) => Log(LogLevel.Warn, source, message);
    public static void Info(string source, string message) => Log(LogLevel.Info, source, message);
    public static void Error(string source, string message) => Log(LogLevel.Error, source, message);

    public static void Log(LogLevel level, string source, string message)
    {
        Logged?.Invoke(level, source, message);
        if (level < Level) return;
        string line = $"{DateTime.Now.ToString("yy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture)} {level.ToString().ToUpperInvariant()} {source}: {message}";
        lock (Writer) Writer.WriteLine(line);
    }

    public static LogLevel Parse(string level) => level.ToUpperInvariant() switch
    {
        "ALL" => LogLevel.All, "TRACE" => LogLevel.Trace, "DEBUG" => LogLevel.Debug, "INFO" => LogLevel.Info, "WARN" => LogLevel.Warn,
        "ERROR" => LogLevel.Error, "FATAL" => LogLevel.Fatal, "OFF" => LogLevel.Off,
        _ => throw new ArgumentException($"Supplied level {level} did not match one of: ALL,DEBUG,ERROR,FATAL,INFO,OFF,TRACE,WARN"),
    };
}
