using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Spate.Recovery.Tests;

/// <summary>What the child runs: a stateful aggregation into <c>counts</c>, or the raw rows into <c>rows</c>, through
/// foreachBatch (<see cref="Aggregate"/>, <see cref="Raw"/>) or through a connector's own exactly-once sink.</summary>
public enum ChildMode
{
    Aggregate,
    Raw,
    /// <summary>The aggregation written by <c>Format("sqlite")</c> in update mode (keys k).</summary>
    SqliteAggregate,
    /// <summary>The raw rows appended by <c>Format("sqlite")</c> into a table without key.</summary>
    SqliteRaw,
    /// <summary>The raw rows appended by <c>Format("parquet")</c> (the file sink and its <c>_spark_metadata</c> log).</summary>
    ParquetRaw,
    /// <summary>The aggregation written by <c>Format("postgres")</c> in update mode (keys k).</summary>
    PostgresAggregate,
    /// <summary>The raw rows appended by <c>Format("postgres")</c> into a table without key.</summary>
    PostgresRaw,
}

/// <summary>What each mode means for the child's arguments and for the checks.</summary>
internal static class ChildModes
{
    /// <summary>The mode's name on the child's command line.</summary>
    public static string Arg(this ChildMode mode) => mode switch
    {
        ChildMode.Aggregate => "aggregate",
        ChildMode.Raw => "raw",
        ChildMode.SqliteAggregate => "sqlite-aggregate",
        ChildMode.SqliteRaw => "sqlite-raw",
        ChildMode.PostgresAggregate => "postgres-aggregate",
        ChildMode.PostgresRaw => "postgres-raw",
        _ => "parquet-raw",
    };

    /// <summary>Whether the result is the aggregate's counts (else every raw value).</summary>
    public static bool IsAggregate(this ChildMode mode) => mode is ChildMode.Aggregate or ChildMode.SqliteAggregate or ChildMode.PostgresAggregate;

    /// <summary>Whether a connector's sink writes (the child then sees batches only through progress events, and may
    /// write a batch or two past the last one it needs before its stop takes effect).</summary>
    public static bool ViaSink(this ChildMode mode) => mode is not (ChildMode.Aggregate or ChildMode.Raw);

    /// <summary>Whether the result is in PostgreSQL (the child's result path is then a connection string).</summary>
    public static bool InPostgres(this ChildMode mode) => mode is ChildMode.PostgresAggregate or ChildMode.PostgresRaw;

    /// <summary>Where the mode's result goes inside a scenario's directory: the SQLite file, or the parquet output
    /// directory (PostgreSQL modes get a fresh database from <see cref="RecoveryPostgres"/> instead).</summary>
    public static string ResultPath(this ChildMode mode, TempDir dir) =>
        mode.InPostgres() ? throw new InvalidOperationException($"{mode} writes to PostgreSQL: pass a database's connection string.")
        : mode == ChildMode.ParquetRaw ? dir.Output : dir.Database;
}

/// <summary>
/// One run of tests/Spate.Recovery.Child as a separate process (<c>dotnet Spate.Recovery.Child.dll ...</c>), with its
/// output captured line by line so a test can wait for "started" or a batch, and kill it with SIGKILL.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    /// <summary>Exit code of a process ended by SIGKILL (128 + 9).</summary>
    public const int KilledExitCode = 137;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly Process _process;
    private readonly List<string> _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstBatch = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(ProcessStartInfo info)
    {
        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == null) { _stdoutClosed.TrySetResult(); return; }
            lock (_stdout) _stdout.Add(e.Data);
            if (e.Data == "started") _started.TrySetResult();
            else if (IsBatchLine(e.Data)) _firstBatch.TrySetResult();
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data == null) { _stderrClosed.TrySetResult(); return; }
            lock (_stderr) _stderr.Append(e.Data).Append('\n');
        };
        _process.Start();
        StartedAt = Stopwatch.StartNew();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The child's dll, as recorded by the test project at build time.</summary>
    public static string ChildDll { get; } = LocateChild();

    /// <summary>Time since the process was started.</summary>
    public Stopwatch StartedAt { get; }

    /// <summary>Completes when the child has started its query (recovery from the checkpoint is done).</summary>
    public Task Started => _started.Task;

    /// <summary>Whether a line of the child reports a batch: "committed N" / "skipped N" (foreachBatch modes) or
    /// "progress N" (sink modes: batch N is committed).</summary>
    public static bool IsBatchLine(string line) =>
        line.StartsWith("committed ", StringComparison.Ordinal) || line.StartsWith("skipped ", StringComparison.Ordinal) || line.StartsWith("progress ", StringComparison.Ordinal);

    /// <summary>Completes when the child has handed its first batch to the sink (written or skipped), or, in a sink mode, committed it.</summary>
    public Task FirstBatch => _firstBatch.Task;

    /// <summary>Completes when the process has exited.</summary>
    public Task Exited => _process.WaitForExitAsync();

    /// <summary>Starts a child: it runs <paramref name="batches"/> batches of <paramref name="rowsPerBatch"/> rows, then exits 0.
    /// <paramref name="faultPoint"/> (<c>name:batchId</c>) makes it kill itself there; not <paramref name="idempotent"/>, its sink
    /// writes replayed batches again.</summary>
    public static ChildProcess Start(string checkpointDir, string resultPath, long batches, ChildMode mode, int rowsPerBatch, string? faultPoint = null, bool idempotent = true)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { ChildDll, checkpointDir, resultPath, batches.ToString(), mode.Arg(), rowsPerBatch.ToString() })
            info.ArgumentList.Add(a);
        if (!idempotent) info.ArgumentList.Add("non-idempotent");
        // The parent's own environment must not leak a fault point into a run meant to recover.
        info.Environment.Remove("SPATE_FAULT_POINT");
        if (faultPoint != null) info.Environment["SPATE_FAULT_POINT"] = faultPoint;
        return new ChildProcess(info);
    }

    /// <summary>Waits for the process to end (failing the test after two minutes) and returns its exit code.</summary>
    public int WaitForExit()
    {
        if (!_process.WaitForExit(Timeout))
        {
            Kill();
            throw new TimeoutException($"The recovery child did not exit within {Timeout.TotalSeconds} s.\n{Describe()}");
        }
        // Drain the asynchronous readers, so the output is complete.
        Task.WaitAll(new Task[] { _stdoutClosed.Task, _stderrClosed.Task }, Timeout);
        return _process.ExitCode;
    }

    /// <summary>Kills the process with SIGKILL (no managed cleanup runs) unless it has already exited; returns its exit code.</summary>
    public int Kill()
    {
        try { _process.Kill(); }
        catch (InvalidOperationException) { } // already exited
        _process.WaitForExit();
        Task.WaitAll(new Task[] { _stdoutClosed.Task, _stderrClosed.Task }, Timeout);
        return _process.ExitCode;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Standard output lines so far.</summary>
    public IReadOnlyList<string> Output { get { lock (_stdout) return _stdout.ToList(); } }

    /// <summary>Standard error so far.</summary>
    public string Errors { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>Batch ids the child wrote to SQLite in this run ("committed N" lines).</summary>
    public IReadOnlyList<long> CommittedBatches => Output.Where(l => l.StartsWith("committed ", StringComparison.Ordinal)).Select(l => long.Parse(l[10..])).ToList();

    public string Describe() =>
        $"child: dotnet {string.Join(" ", _process.StartInfo.ArgumentList)}\nstdout:\n{string.Join("\n", Output)}\nstderr:\n{Errors}";

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }

    private static string DotnetHost()
    {
        // Set by the dotnet CLI for the processes it starts (dotnet test); else the host running these tests.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        var self = Environment.ProcessPath;
        if (self != null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return "dotnet";
    }

    private static string LocateChild()
    {
        var recorded = typeof(ChildProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RecoveryChildPath")?.Value;
        if (string.IsNullOrEmpty(recorded))
            throw new InvalidOperationException("The test assembly does not record the path of Spate.Recovery.Child.dll (see RecordRecoveryChildPath in Spate.Recovery.Tests.csproj).");
        if (!File.Exists(recorded))
            throw new FileNotFoundException($"The recovery child is not built at {recorded}: build tests/Spate.Recovery.Child (dotnet test builds it as a project reference).", recorded);
        return recorded;
    }
}
