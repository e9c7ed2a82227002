namespace Spate.Checkpoints;

/// <summary>The file operations checkpoint writers perform, in one place so tests can make any of them fail.</summary>
internal enum CheckpointFileOp { Create, Write, Flush, Rename, Delete }

/// <summary>
/// File operations of the checkpoint layer (logs, metadata, state files). Each goes through <see cref="Injector"/>,
/// which tests set to throw on a chosen operation and file, to prove that a failure at any step ends in recovery or a
/// named error, never in wrong output. Unset in production.
/// </summary>
internal static class CheckpointFileIO
{
    /// <summary>Called before each operation with the operation and the file's path; throws to inject a fault.</summary>
    public static Action<CheckpointFileOp, string>? Injector { get; set; }

    public static void Check(CheckpointFileOp op, string path)
    {
        var injector = Injector;
        if (injector == null) return;
        try
        {
            injector(op, path);
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new IOException($"Injected fault: {op} {path}", e);
        }
    }

    public static void Delete(string path)
    {
        Check(CheckpointFileOp.Delete, path);
        File.Delete(path);
    }
}
