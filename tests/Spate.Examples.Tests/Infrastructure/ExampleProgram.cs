using System.Diagnostics;
using System.Text;

namespace Spate.Examples.Tests.Infrastructure;

/// <summary>What one run of an example printed, and how it ended.</summary>
public sealed record ExampleRun(string Example, int ExitCode, string Output, string Error)
{
    /// <summary>Everything a failing assertion should show.</summary>
    public string Describe() => $"{Example} exited with {ExitCode}.\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}

/// <summary>
/// One file-based program under examples/: built once per test run (dotnet build file.cs, in this test assembly's
/// configuration so the engine it references is already up to date), then run with <c>dotnet run --no-build --file</c>.
/// </summary>
public static class ExampleProgram
{
    /// <summary>Upper bound of a build of one example (the first one may restore and compile the engine).</summary>
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Builds run one at a time: they share the engine's obj folder.</summary>
    private static readonly SemaphoreSlim BuildLock = new(1, 1);

    private static readonly Dictionary<string, Task> Builds = new();

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>The repository root: the folder holding Spate.slnx, above this assembly.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Runs <paramref name="example"/> (e.g. "01-socket-raw") with <paramref name="args"/> until it exits.</summary>
    public static async Task<ExampleRun> RunAsync(string example, TimeSpan timeout, params string[] args)
    {
        await BuildAsync(example);
        var path = SourcePath(example);
        return await RunProcessAsync(example, timeout, ["run", "--no-build", "-c", Configuration, "--file", path, "--", .. args]);
    }

    private static Task BuildAsync(string example)
    {
        lock (Builds)
        {
            if (!Builds.TryGetValue(example, out var build)) Builds[example] = build = BuildOnceAsync(example);
            return build;
        }
    }

    private static async Task BuildOnceAsync(string example)
    {
        await BuildLock.WaitAsync();
        try
        {
            var build = await RunProcessAsync(example, BuildTimeout, ["build", "-c", Configuration, SourcePath(example)]);
            if (build.ExitCode != 0) throw new InvalidOperationException($"dotnet build of {example} failed.\n{build.Describe()}");
        }
        finally
        {
            BuildLock.Release();
        }
    }

    private static string SourcePath(string example)
    {
        var path = Path.Combine(RepositoryRoot, "examples", example + ".cs");
        if (!File.Exists(path)) throw new FileNotFoundException($"The example {example} is missing: {path}", path);
        return path;
    }

    private static async Task<ExampleRun> RunProcessAsync(string example, TimeSpan timeout, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // The test host's MSBuild settings must not leak into the child build.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" })
            start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            var killed = new ExampleRun(example, -1, await output, await error);
            throw new TimeoutException($"dotnet {string.Join(' ', args)} did not end within {timeout}; killed.\n{killed.Describe()}");
        }
        return new ExampleRun(example, process.ExitCode, await output, await error);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Spate.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"Spate.slnx not found above {AppContext.BaseDirectory}.");
    }
}
