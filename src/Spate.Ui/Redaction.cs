using System.Text.RegularExpressions;
using Spate.Sql;

namespace Spate.Ui;

/// <summary>Spark's <c>spark.redaction.regex</c>: confs whose key or value matches are shown as <c>*********(redacted)</c>.</summary>
internal static class Redaction
{
    public const string DefaultPattern = "(?i)secret|password|token|access[.]?key";
    public const string Redacted = "*********(redacted)";

    /// <summary>The session's effective confs (defaults overlaid by explicit values), sorted, with secrets redacted.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Confs(RuntimeConfig conf)
    {
        var regex = Compile(conf.GetOption("spark.redaction.regex") ?? DefaultPattern);
        var all = new Dictionary<string, string>(RuntimeConfig.Defaults, StringComparer.Ordinal);
        foreach (var kv in conf.GetAll()) all[kv.Key] = kv.Value;
        return all.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => Matches(regex, kv.Key) || Matches(regex, kv.Value) ? KeyValuePair.Create(kv.Key, Redacted) : kv)
            .ToList();
    }

    private static bool Matches(Regex regex, string text)
    {
        try { return regex.IsMatch(text); }
        catch (RegexMatchTimeoutException) { return true; }
    }

    private static Regex Compile(string pattern)
    {
        // Java's inline (?i) works in .NET too; a bad user pattern falls back to Spark's default rather than leaking secrets.
        try { return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)); }
        catch (ArgumentException) { return new Regex(DefaultPattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)); }
    }
}
