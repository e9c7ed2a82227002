namespace Spate.Cli.Producer;

/// <summary>The socket client went away while records were being sent (broken pipe, reset).</summary>
internal sealed class ClientDisconnectedException(Exception inner)
    : IOException("The client disconnected.", inner);
