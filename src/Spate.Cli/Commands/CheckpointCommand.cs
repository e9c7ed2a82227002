using System.CommandLine;
using Spate.Cli.Checkpoints;

namespace Spate.Cli.Commands;

/// <summary><c>spate checkpoint show DIR</c>: what a streaming query's checkpoint holds, read without changing it.</summary>
internal static class CheckpointCommand
{
    /// <summary>Creates the <c>checkpoint</c> command with its <c>show</c> subcommand.</summary>
    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "The checkpoint directory (the query's checkpointLocation)." };
        var json = new Option<bool>("--json") { Description = "Print machine-readable JSON instead of the report." };
        var show = new Command("show", "Show a streaming checkpoint: query id, batches and commits, source offsets, state operators.")
        {
            directory, json,
        };
        show.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            CheckpointInfo info;
            try
            {
                info = CheckpointReader.Read(parse.GetValue(directory)!);
            }
            catch (CheckpointReadException ex)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("spate checkpoint show: " + ex.Message).ConfigureAwait(false);
                return SpateApp.ExitError;
            }
            await output.WriteAsync(parse.GetValue(json) ? CheckpointJson.Format(info) + "\n" : CheckpointText.Format(info)).ConfigureAwait(false);
            return 0;
        });
        return new Command("checkpoint", "Inspect streaming checkpoints.") { show };
    }
}
