namespace Spate.Cli.Checkpoints;

/// <summary>A checkpoint could not be read: missing, not a checkpoint, or a corrupt file. The message is one line.</summary>
internal sealed class CheckpointReadException(string message, Exception? inner = null) : Exception(message, inner);
