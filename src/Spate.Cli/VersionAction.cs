using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Spate.Cli;

/// <summary>
/// Prints this tool's version. System.CommandLine's default reads the entry assembly, which is the test host
/// (not <c>spate</c>) when the tool runs in-process.
/// </summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    /// <summary>The informational version of the <c>spate</c> tool, e.g. <c>0.1.0</c>.</summary>
    public static string Version { get; } =
        typeof(VersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(VersionAction).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <inheritdoc />
    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(Version);
        return 0;
    }
}
