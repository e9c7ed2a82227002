using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Spate.Cli.Commands;

namespace Spate.Cli;

/// <summary>
/// The <c>spate</c> command tree and its in-process entry point (used by <see cref="Program"/> and by tests).
/// </summary>
public static class SpateApp
{
    /// <summary>Exit code for bad options or a failed run.</summary>
    public const int ExitError = 1;

    /// <summary>Exit code for a feature that is recognised but not available yet.</summary>
    public const int ExitNotAvailable = 2;

    /// <summary>Builds the root <c>spate</c> command with all its subcommands.</summary>
    public static Command BuildRootCommand()
    {
        // A plain Command (not RootCommand) so help shows "spate" even when hosted in-process (e.g. by a test host).
        var root = new Command("spate", "Spate command-line tools: test data producers and demos for Spate streaming.")
        {
            new HelpOption(),
            new VersionOption { Action = new VersionAction() },
        };
        root.Subcommands.Add(ProduceCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(CheckpointCommand.Create());
        return root;
    }

    /// <summary>
    /// Parses <paramref name="args"/> and runs the selected command. Parse errors are reported as one line on
    /// <paramref name="error"/> with exit code <see cref="ExitError"/>; <paramref name="cancellationToken"/> plays
    /// the role of Ctrl+C.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var parse = BuildRootCommand().Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            // One line, whatever the parser's message layout (some span several lines).
            var messages = System.Text.RegularExpressions.Regex.Replace(string.Join("; ", parse.Errors.Select(e => e.Message)), @"\s*\n\s*", " ");
            var commandPath = CommandPath(parse);
            await error.WriteLineAsync($"{commandPath}: {messages} (see '{commandPath} --help')").ConfigureAwait(false);
            return ExitError;
        }

        var invocation = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            // Signals are handled by Program (or by the caller's token), not by System.CommandLine.
            ProcessTerminationTimeout = null,
        };
        return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    // "spate produce" for errors in produce's options: the path of the innermost command that was parsed.
    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (SymbolResult? result = parse.CommandResult; result is not null; result = result.Parent)
        {
            if (result is CommandResult command)
            {
                names.Add(command.Command.Name);
            }
        }
        names.Reverse();
        return string.Join(' ', names);
    }
}
