using System.Runtime.InteropServices;

namespace Spate.Cli;

/// <summary>Process entry point of the <c>spate</c> tool: wires Ctrl+C / SIGTERM to cancellation.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        using var cts = new CancellationTokenSource();

        // The first SIGINT/SIGTERM asks the running command to stop cleanly (it closes its socket and exits 0);
        // a second one falls through to the default behaviour and terminates the process.
        void OnSignal(PosixSignalContext context)
        {
            if (cts.IsCancellationRequested)
            {
                return;
            }
            context.Cancel = true;
            cts.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        return await SpateApp.RunAsync(args, Console.Out, Console.Error, cts.Token).ConfigureAwait(false);
    }
}
