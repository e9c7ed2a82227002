using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Spate.Recovery.Tests;

/// <summary>What the child runs: a stateful aggregation into <c>counts</c>, or the raw rows into <c>rows</c>.</summary>
public enum ChildMode
{
    Aggregate,
    Raw,
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
            else if (e.Data.StartsWith("committed ", StringComparison.Ordinal) || e.Data.StartsWith("skipped ", StringComparison.Ordinal)) _firstBatch.TrySetResult();
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

    /// <summary>Completes when the child has handed its first batch to the sink (written or skipped).</summary>
    public Task FirstBatch => _firstBatch.Task;

    /// <summary>Completes when the process has exited.</summary>
    public Task Exited => _process.WaitForExitAsync();

    /// <summary>Starts a child: it runs <paramref name="batches"/> batches of <paramref name="rowsPerBatch"/> rows, then exits 0.
    /// <paramref name="faultPoint"/> (<c>name:batchId</c>) makes it kill itself there; not <paramref name="idempotent"/>, its sink
    /// writes replayed batches again.</summary>
    public static ChildProcess Start(string checkpointDir, string sqlitePath, long batches, ChildMode mode, int rowsPerBatch, string? faultPoint = null, bool idempotent = true)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { ChildDll, checkpointDir, sqlitePath, batches.ToString(), mode == ChildMode.Aggregate ? "aggregate" : "raw", rowsPerBatch.ToString() })
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
