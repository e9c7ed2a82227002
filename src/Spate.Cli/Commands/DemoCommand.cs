using System.CommandLine;

namespace Spate.Cli.Commands;

/// <summary>
/// <c>spate demo</c>: end-to-end demos built on Spate.
/// PLACEHOLDER: the lead engineer fills in <c>spate demo fraud</c> (the lecture's fraud-detection stream);
/// until then it reports "not available yet" and exits with <see cref="SpateApp.ExitNotAvailable"/>.
/// </summary>
internal static class DemoCommand
{
    /// <summary>Creates the <c>demo</c> command group.</summary>
    public static Command Create()
    {
        var demo = new Command("demo", "End-to-end streaming demos.");

        // TODO(demo fraud): replace this action with the fraud-detection demo (reads `spate produce` output).
        var fraud = new Command("fraud", "Fraud-detection demo over the produced transactions (not available yet).");
        fraud.SetAction(parse =>
        {
            parse.InvocationConfiguration.Error.WriteLine("spate demo fraud: not available yet.");
            return SpateApp.ExitNotAvailable;
        });
        demo.Subcommands.Add(fraud);
        return demo;
    }
}
