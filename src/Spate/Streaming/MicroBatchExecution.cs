using System.Diagnostics;
using Spate.Checkpoints;
using Spate.Columnar;
using Spate.Execution;
using Spate.Plans;
using Spate.Sinks;
using Spate.Sources;
using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;
using Spate.State;

namespace Spate.Streaming;

/// <summary>
/// Runs a streaming query as a sequence of micro-batches on its own thread. Each batch goes through Spark's phases,
/// timed under Spark's names: <c>latestOffset</c> (ask the sources), <c>walCommit</c> (write <c>offsets/N</c> before
/// running), <c>getBatch</c> (read the new rows), <c>queryPlanning</c> (bind the plan to them), <c>addBatch</c> (run it and
/// hand the result to the sink; stateful operators commit their stores), then <c>commitOffsets</c> (write
/// <c>commits/N</c>, let the sources discard data). One batch is in flight at a time.
/// </summary>
internal sealed class MicroBatchExecution
{
    private const int PollingDelayMs = 10;
    private readonly SparkSession _session;
    private readonly LogicalPlan _plan;
    private readonly ISink _sink;
    private readonly Trigger _trigger;
    private readonly TimeProvider _time;
    private readonly string _checkpointDir;
    private readonly bool _tempCheckpoint;
    private readonly List<StreamingRelation> _relations;
    private readonly StructType _schema;
    private readonly OffsetLog _offsetLog;
    private readonly CommitLog _commitLog;
    private readonly StateStoreProvider _stores;
    private readonly CancellationTokenSource _cancel = new();
    private readonly ManualResetEventSlim _initialized = new();
    private readonly ManualResetEventSlim _terminated = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly object _progressLock = new();
    private readonly LinkedList<StreamingQueryProgress> _recentProgress = new();
    private readonly int _maxProgress;
    private Thread? _thread;
    private IMicroBatchSource[] _sources = Array.Empty<IMicroBatchSource>();
    private string?[] _committed = Array.Empty<string?>();
    private string?[] _available = Array.Empty<string?>();
    private string?[]? _availableNowTarget;
    private bool _batchConstructed;
    // Between a batch's commit and its progress report: ProcessAllAvailable waits it out, so a caller sees the
    // batch in RecentProgress as soon as it returns.
    private volatile bool _reportingProgress;
    private readonly EventTimeLineage _lineage;
    private readonly bool _stateful;
    private long _lastBatchWatermarkMs = -1;
    private long _watermarkMs;
    private long _batchTimestampMs;
    private int _shufflePartitions;
    private volatile bool _stopRequested;
    private DateTimeOffset _lastTriggerStart;
    private DateTimeOffset _lastIdleEvent = DateTimeOffset.MinValue;
    private volatile StreamingQueryStatus _status = new("Initializing sources", false, false);

    public MicroBatchExecution(SparkSession session, LogicalPlan plan, ISink sink, OutputMode outputMode, Trigger trigger, string checkpointDir,
        bool tempCheckpoint, string? name, TimeProvider time, Guid id)
    {
        _session = session;
        _plan = plan;
        _sink = sink;
        OutputMode = outputMode;
        _trigger = trigger;
        _time = time;
        _checkpointDir = checkpointDir;
        _tempCheckpoint = tempCheckpoint;
        Name = name;
        Id = id;
        RunId = Guid.NewGuid();
        _relations = plan.Descendants().OfType<StreamingRelation>().Distinct().ToList();
        _lineage = new EventTimeLineage(plan);
        _stateful = plan.Descendants().Any(p => p is Aggregate or Deduplicate && p.IsStreaming || p is Join j && j.Left.IsStreaming && j.Right.IsStreaming);
        _schema = plan.Schema;
        _offsetLog = new OffsetLog(Path.Combine(checkpointDir, "offsets"), durable: !tempCheckpoint, inMemory: tempCheckpoint);
        _commitLog = new CommitLog(Path.Combine(checkpointDir, "commits"), durable: !tempCheckpoint, inMemory: tempCheckpoint);
        // A temporary checkpoint is deleted at stop and never restarted from: the default store needs no files there
        // (a disk-backed provider such as RocksDB still keeps its data under it).
        var stateOptions = StateStoreOptions.FromConf(session.Configuration);
        _stores = new StateStoreProvider(tempCheckpoint && stateOptions.ProviderClass == null ? null : Path.Combine(checkpointDir, "state"), stateOptions);
        _maxProgress = session.Configuration.GetInt("spark.sql.streaming.numRecentProgressUpdates", 100);
    }

    public Guid Id { get; }
    public Guid RunId { get; }
    public string? Name { get; }
    public OutputMode OutputMode { get; }
    public LogicalPlan Plan => _plan;
    public ISink Sink => _sink;
    public Exception? Error { get; private set; }
    public bool IsActive => _thread != null && !_terminated.IsSet;
    public long CurrentBatchId { get; private set; }
    public StreamingQueryStatus Status => _status;
    public event Action<MicroBatchExecution>? Terminated;

    /// <summary>Raised on the query's thread just before <see cref="AwaitTermination"/> returns: as in Spark, a query
    /// is no longer active in its manager by the time anyone waiting on it wakes up.</summary>
    public event Action<MicroBatchExecution>? Ending;
    public event Action<StreamingQueryProgress>? Progress;
    public event Action? Idle;

    public StreamingQueryProgress? LastProgress { get { lock (_progressLock) return _recentProgress.Last?.Value; } }
    public StreamingQueryProgress[] RecentProgress { get { lock (_progressLock) return _recentProgress.ToArray(); } }

    private FileStream? _lock;

    /// <summary>Takes the checkpoint's lock file: one running query per checkpoint, in this process or any other.
    /// The operating system releases it when the process dies, so a killed query does not block its restart.</summary>
    private void AcquireCheckpointLock()
    {
        Directory.CreateDirectory(_checkpointDir);
        var path = Path.Combine(_checkpointDir, ".lock");
        try
        {
            _lock = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new InvalidOperationException(
                $"[CONCURRENT_STREAM_LOG_UPDATE] Concurrent update to the log. Multiple streaming jobs detected: another query is running on the checkpoint location {_checkpointDir} (it holds {path}). Please make sure only one streaming job runs on a specific checkpoint location at a time.");
        }
    }

    public void Start()
    {
        AcquireCheckpointLock();
        _thread = new Thread(RunStream) { IsBackground = true, Name = $"stream execution thread for {Name ?? ""} [id = {Id}, runId = {RunId}]" };
        _thread.Start();
        _initialized.Wait();
    }

    /// <summary>Stops the query: the batch in flight finishes or is cancelled, sources are closed, the thread ends.</summary>
    public void Stop()
    {
        _stopRequested = true;
        _cancel.Cancel();
        _wake.Set();
        if (_thread != null && Thread.CurrentThread != _thread) _thread.Join();
    }

    public bool AwaitTermination(int timeoutMs)
    {
        bool done = _terminated.Wait(timeoutMs < 0 ? Timeout.Infinite : timeoutMs);
        if (done && Error != null) throw Error;
        return done;
    }

    /// <summary>Blocks until every row the sources have now is processed and committed (or the query ends).</summary>
    public void ProcessAllAvailable()
    {
        _initialized.Wait();
        string?[] targets;
        lock (_sourcesLock)
        {
            if (_terminated.IsSet) { if (Error != null) throw Error; return; }
            targets = _sources.Select((s, i) => s.AvailableOffset(_committed[i])).ToArray();
        }
        while (true)
        {
            if (Error != null) throw Error;
            if (_terminated.IsSet) return;
            lock (_sourcesLock)
            {
                bool done = true;
                for (int i = 0; i < _sources.Length; i++)
                    if (targets[i] != null && !_sources[i].Covers(_committed[i], targets[i]!)) done = false;
                if (done && !_batchConstructed && !_reportingProgress && !NoDataBatchPending) return;
            }
            _wake.Set();
            _committedSignal.Wait(50);
        }
    }

    private readonly object _sourcesLock = new();

    /// <summary>True when the watermark moved since the last batch, so a batch without new data will run to emit and evict.</summary>
    private bool NoDataBatchPending => _stateful && _lineage.HasWatermark && OutputMode != OutputMode.Complete && _lastBatchWatermarkMs >= 0 && _watermarkMs > _lastBatchWatermarkMs
        && _session.Configuration.GetBool("spark.sql.streaming.noDataMicroBatches.enabled", true);
    private readonly SemaphoreSlim _committedSignal = new(0);

    private void RunStream()
    {
        try
        {
            _sources = _relations.Select((r, i) => r.Source.Create(new SourceContext(Path.Combine(_checkpointDir, "sources", i.ToString()), _time, _session, () => _wake.Set()))).ToArray();
            _committed = new string?[_sources.Length];
            _available = new string?[_sources.Length];
            PopulateStartOffsets();
            _initialized.Set();
            if (_trigger is AvailableNowTrigger)
                _availableNowTarget = _sources.Select((s, i) => s.AvailableOffset(_committed[i])).ToArray();
            long intervalMs = (_trigger as ProcessingTimeTrigger)?.IntervalMs ?? 0;
            while (!_stopRequested)
            {
                var triggerStart = _time.GetUtcNow();
                bool ran = RunTrigger(triggerStart);
                if (_trigger is OnceTrigger) break;
                if (_trigger is AvailableNowTrigger && AvailableNowDone()) break;
                if (!ran)
                {
                    _status = new StreamingQueryStatus("Waiting for data to arrive", false, false);
                    if (_time.GetUtcNow() - _lastIdleEvent > TimeSpan.FromSeconds(10)) { _lastIdleEvent = _time.GetUtcNow(); Idle?.Invoke(); }
                }
                if (intervalMs > 0)
                {
                    var elapsed = (long)(_time.GetUtcNow() - triggerStart).TotalMilliseconds;
                    if (ran && elapsed > intervalMs)
                    {
                        SparkLog.Warn("ProcessingTimeExecutor", $"Current batch is falling behind. The trigger interval is {intervalMs} milliseconds, but spent {elapsed} milliseconds");
                        continue;
                    }
                    if (ran) _status = new StreamingQueryStatus("Waiting for next trigger", _status.IsDataAvailable, false);
                    WaitUntil(triggerStart.AddMilliseconds(intervalMs));
                }
                else if (!ran) _wake.WaitOne(PollingDelayMs);
            }
        }
        catch (Exception e) when (_stopRequested && e is OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            var cause = e is AggregateException { InnerExceptions.Count: 1 } ae ? ae.InnerExceptions[0] : e;
            Error = new StreamingQueryException(
                $"[STREAM_FAILED] Query [id = {Id}, runId = {RunId}] terminated with exception: {cause.Message}", cause, Id, RunId,
                Describe(_committed), Describe(_available));
            SparkLog.Error("MicroBatchExecution", $"Query {Name ?? ""} [id = {Id}, runId = {RunId}] terminated with error\n{cause}");
        }
        finally
        {
            _initialized.Set();
            foreach (var s in _sources)
            {
                try { s.Dispose(); } catch (Exception e) { SparkLog.Warn("MicroBatchExecution", $"Failed to stop source {s.Description}: {e.Message}"); }
            }
            _status = new StreamingQueryStatus("Stopped", false, false);
            try { _stores.Dispose(); } catch (Exception e) { SparkLog.Warn("MicroBatchExecution", $"Failed to close the state stores: {e.Message}"); }
            _lock?.Dispose();
            if (_tempCheckpoint && (Error == null || _session.Configuration.GetBool("spark.sql.streaming.forceDeleteTempCheckpointLocation", false)))
            {
                try { Directory.Delete(_checkpointDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
            else if (_tempCheckpoint)
            {
                // A failed query keeps its temporary checkpoint for inspection: put the logs held in memory there.
                try { _offsetLog.WriteOut(); _commitLog.WriteOut(); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { SparkLog.Warn("MicroBatchExecution", $"Failed to write the offset and commit logs to {_checkpointDir}: {e.Message}"); }
            }
            try { Ending?.Invoke(this); } catch (Exception e) { SparkLog.Warn("MicroBatchExecution", $"Failed to deregister the query: {e.Message}"); }
            _terminated.Set();
            _committedSignal.Release();
            Terminated?.Invoke(this);
        }
    }

    private string Describe(string?[] offsets) => "{" + string.Join(",", _sources.Select((s, i) => $"{s.Description}: {offsets.ElementAtOrDefault(i) ?? "null"}")) + "}";

    private bool AvailableNowDone()
    {
        if (_availableNowTarget == null) return true;
        lock (_sourcesLock)
            for (int i = 0; i < _sources.Length; i++)
                if (_availableNowTarget[i] != null && !_sources[i].Covers(_committed[i], _availableNowTarget[i]!)) return false;
        return !_batchConstructed;
    }

    private void WaitUntil(DateTimeOffset when)
    {
        while (!_stopRequested)
        {
            var remaining = when - _time.GetUtcNow();
            if (remaining <= TimeSpan.Zero) return;
            // Poll with a short real-time wait, so a test clock that jumps forward is noticed promptly.
            _wake.WaitOne((int)Math.Min(remaining.TotalMilliseconds, PollingDelayMs * 5));
        }
    }

    /// <summary>
    /// Finds where to start, from the checkpoint (Spark's populateStartOffsets):
    /// <code>
    /// latest = last entry of offsets/
    /// if none: start at batch 0 with nothing processed
    /// else if commits/ has latest.batchId: processed = latest.offsets; next batch = latest.batchId + 1
    /// else: processed = offsets of latest.batchId - 1 (if any); re-run latest.batchId with exactly its logged
    ///       offsets, batch timestamp and watermark (the batch may have reached the sink: sinks skip or replace it)
    /// the stored confs (shuffle partitions) win over the session's
    /// </code>
    /// </summary>
    private void PopulateStartOffsets()
    {
        _shufflePartitions = _session.Configuration.ShufflePartitions;
        var latest = _offsetLog.GetLatest();
        if (latest == null)
        {
            CurrentBatchId = 0;
            return;
        }
        var (batchId, content) = latest.Value;
        var seq = OffsetLog.Deserialize(content, _offsetLog.PathOf(batchId));
        if (seq.Offsets.Count != _sources.Length)
            throw new InvalidOperationException($"[STREAMING_QUERY_SOURCES_CHANGED] The checkpoint at {_checkpointDir} was written by a query with {seq.Offsets.Count} sources, but this query has {_sources.Length}. Use a new checkpoint location for a changed query.");
        if (seq.Conf.TryGetValue("spark.sql.shuffle.partitions", out var sp) && int.TryParse(sp, out int stored) && stored != _shufflePartitions)
        {
            SparkLog.Warn("MicroBatchExecution", $"Updating the value of conf 'spark.sql.shuffle.partitions' in current session from '{_shufflePartitions}' to '{stored}'.");
            _shufflePartitions = stored;
        }
        _watermarkMs = seq.BatchWatermarkMs;
        var committedWatermark = _commitLog.NextWatermark(batchId);
        if (committedWatermark != null)
        {
            for (int i = 0; i < _sources.Length; i++) _committed[i] = seq.Offsets[i];
            _watermarkMs = committedWatermark.Value;
            CurrentBatchId = batchId + 1;
            for (int i = 0; i < _sources.Length; i++) if (_committed[i] != null) _sources[i].Commit(_committed[i]!);
        }
        else
        {
            var previous = batchId > 0 ? _offsetLog.GetSeq(batchId - 1) : null;
            for (int i = 0; i < _sources.Length; i++) _committed[i] = previous?.Offsets[i];
            for (int i = 0; i < _sources.Length; i++) _available[i] = seq.Offsets[i];
            _batchTimestampMs = seq.BatchTimestampMs;
            CurrentBatchId = batchId;
            _batchConstructed = true;
            SparkLog.Info("MicroBatchExecution", $"Resuming at batch {batchId} with committed offsets {Describe(_committed)} and available offsets {Describe(_available)}");
        }
    }

    private bool RunTrigger(DateTimeOffset triggerStart)
    {
        var durations = new Dictionary<string, long>();
        var total = Stopwatch.StartNew();
        _status = new StreamingQueryStatus("Getting offsets", _status.IsDataAvailable, true);
        string?[] latestOffsets = new string?[_sources.Length];
        if (!_batchConstructed)
        {
            var sw = Stopwatch.StartNew();
            bool newData = false;
            lock (_sourcesLock)
            {
                for (int i = 0; i < _sources.Length; i++)
                {
                    var latest = _sources[i].LatestOffset(_committed[i]);
                    if (_availableNowTarget?[i] is { } target && latest != null && _sources[i].Covers(latest, target)) latest = target;
                    latestOffsets[i] = latest;
                    if (latest != null && latest != _committed[i]) newData = true;
                }
            }
            durations["latestOffset"] = sw.ElapsedMilliseconds;
            // A batch without new data still runs when the watermark moved, so stateful operators can emit finished
            // windows and evict state (spark.sql.streaming.noDataMicroBatches.enabled).
            if (!newData && NoDataBatchPending) newData = true;
            if (!newData)
            {
                _status = new StreamingQueryStatus("Waiting for data to arrive", false, false);
                return false;
            }
            _available = latestOffsets;
            _batchTimestampMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
            sw.Restart();
            var conf = new Dictionary<string, string> { ["spark.sql.shuffle.partitions"] = _shufflePartitions.ToString() };
            _offsetLog.Add(CurrentBatchId, new OffsetSeq(_available, _watermarkMs, _batchTimestampMs, conf));
            durations["walCommit"] = sw.ElapsedMilliseconds;
            FaultPoints.Hit("afterOffsetLog", CurrentBatchId);
            _batchConstructed = true;
        }
        else
        {
            latestOffsets = (string?[])_available.Clone();
        }
        RunBatch(triggerStart, durations, total, latestOffsets);
        return true;
    }

    private void RunBatch(DateTimeOffset triggerStart, Dictionary<string, long> durations, Stopwatch total, string?[] latestOffsets)
    {
        _status = new StreamingQueryStatus("Processing new data", true, true);
        long batchId = CurrentBatchId;
        var startOffsets = (string?[])_committed.Clone();
        var sw = Stopwatch.StartNew();
        // A source reads its rows now (GetBatch) or hands a plan that reads them as the batch runs (GetBatchPlan).
        var data = new LogicalPlan[_sources.Length];
        var rowsPerSource = new long[_sources.Length];
        var counters = new RowCounter?[_sources.Length];
        for (int i = 0; i < _sources.Length; i++)
        {
            var output = _relations[i].Output;
            bool empty = _available[i] == null || _available[i] == _committed[i];
            if (!empty && _sources[i].GetBatchPlan(_committed[i], _available[i]!, output, counters[i] = new RowCounter()) is { } lazy)
            {
                data[i] = lazy;
                continue;
            }
            counters[i] = null;
            var batches = empty ? Array.Empty<ColumnBatch>() : _sources[i].GetBatch(_committed[i], _available[i]!);
            rowsPerSource[i] = batches.Sum(b => (long)b.RowCount);
            data[i] = new LocalRelation(output, batches, isStreamingBatch: true);
        }
        durations["getBatch"] = sw.ElapsedMilliseconds;
        FaultPoints.Hit("afterGetBatch", batchId);

        sw.Restart();
        var incremental = new IncrementalState(batchId, OutputMode, _stores, _watermarkMs, _batchTimestampMs, _lineage);
        _lastBatchWatermarkMs = _watermarkMs;
        var batchPlan = _plan.Transform(p => p is StreamingRelation r ? data[_relations.IndexOf(r)] : p);
        var context = new TaskContext(_session.Parallelism, _shufflePartitions, _cancel.Token) { Streaming = incremental };
        var execution = new QueryExecution(_session, batchPlan, context);
        var physical = execution.Physical;
        durations["queryPlanning"] = sw.ElapsedMilliseconds;

        sw.Restart();
        long outputRows;
        if (_sink is IPartitionWritingSink partitionSink)
        {
            outputRows = WriteByPartition(partitionSink, batchId, physical, context);
        }
        else
        {
            var results = physical.ExecuteAll(context).SelectMany(b => b).ToList();
            _sink.AddBatch(batchId, results, _schema, OutputMode, _session);
            outputRows = results.Sum(b => (long)b.RowCount);
        }
        durations["addBatch"] = sw.ElapsedMilliseconds;
        FaultPoints.Hit("afterSink", batchId);
        for (int i = 0; i < _sources.Length; i++) if (counters[i] is { } counter) rowsPerSource[i] = counter.Rows;

        sw.Restart();
        var nextWatermark = NextWatermark(incremental, physical);
        _commitLog.Add(batchId, nextWatermark);
        FaultPoints.Hit("afterCommitLog", batchId);
        lock (_sourcesLock)
        {
            for (int i = 0; i < _sources.Length; i++)
            {
                if (_available[i] != null) _sources[i].Commit(_available[i]!);
                _committed[i] = _available[i];
            }
            _batchConstructed = false;
            _reportingProgress = true;
            CurrentBatchId = batchId + 1;
        }
        long watermarkUsed = _watermarkMs;
        _watermarkMs = nextWatermark;
        Purge(batchId);
        durations["commitOffsets"] = sw.ElapsedMilliseconds;
        durations["triggerExecution"] = total.ElapsedMilliseconds;
        try { ReportProgress(batchId, triggerStart, durations, rowsPerSource, startOffsets, latestOffsets, outputRows, incremental, watermarkUsed, physical); }
        finally { _reportingProgress = false; }
        _committedSignal.Release();
        _lastTriggerStart = triggerStart;
        _status = new StreamingQueryStatus("Waiting for data to arrive", true, false);
    }

    /// <summary>
    /// Runs the batch's partitions in parallel, each handing its batches to its own writer as they come, so no
    /// batch-sized result is held (it would survive young collections and be copied); the batch is committed to the sink
    /// once every partition is done, or aborted. Returns the rows written.
    /// </summary>
    private long WriteByPartition(IPartitionWritingSink sink, long batchId, PhysicalPlan physical, TaskContext context)
    {
        int n = physical.NumPartitions;
        var messages = new object?[n];
        var rows = new long[n];
        void Run(int p)
        {
            var writer = sink.CreateWriter(batchId, p, _schema, OutputMode);
            long count = 0;
            try
            {
                foreach (var b in physical.Execute(p, context))
                {
                    count += b.RowCount;
                    writer.Write(b);
                }
            }
            catch
            {
                writer.Abort();
                throw;
            }
            messages[p] = writer.Commit();
            rows[p] = count;
        }
        try
        {
            if (n == 1) Run(0);
            else
            {
                var options = new ParallelOptions { MaxDegreeOfParallelism = context.Parallelism, CancellationToken = context.Cancellation };
                try { Parallel.For(0, n, options, Run); }
                catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
                }
            }
        }
        catch
        {
            sink.AbortBatch(batchId, messages);
            throw;
        }
        sink.CommitBatch(batchId, messages);
        long total = 0;
        foreach (long r in rows) total += r;
        return total;
    }

    /// <summary>The global watermark for the next batch: per watermark operator, max event time minus delay, combined by
    /// <c>spark.sql.streaming.multipleWatermarkPolicy</c> (min by default); it never goes back.</summary>
    // The largest event time each watermark operator has seen in this run (Spark's WatermarkTracker).
    private readonly Dictionary<int, long> _maxEventTimeMs = new();

    private long NextWatermark(IncrementalState state, PhysicalPlan physical)
    {
        var ops = physical.Descendants().OfType<EventTimeWatermarkExec>().ToDictionary(o => o.OperatorId);
        foreach (var (id, seen) in state.MaxEventTimeMs)
            _maxEventTimeMs[id] = Math.Max(_maxEventTimeMs.GetValueOrDefault(id, long.MinValue), seen);
        if (ops.Count == 0 || _maxEventTimeMs.Count == 0) return _watermarkMs;
        // Each input's own delay; inputs that have seen no data yet do not hold the watermark back.
        var candidates = _maxEventTimeMs.Where(kv => ops.ContainsKey(kv.Key)).Select(kv => kv.Value - ops[kv.Key].DelayMs).ToList();
        if (candidates.Count == 0) return _watermarkMs;
        bool max = string.Equals(_session.Configuration.Get("spark.sql.streaming.multipleWatermarkPolicy", "min"), "max", StringComparison.OrdinalIgnoreCase);
        long next = max ? candidates.Max() : candidates.Min();
        return Math.Max(_watermarkMs, next);
    }

    private void Purge(long batchId)
    {
        int retain = _session.Configuration.GetInt("spark.sql.streaming.minBatchesToRetain", 100);
        long threshold = batchId - retain + 1;
        if (threshold <= 0 || batchId % 10 != 0) return;
        try
        {
            _offsetLog.Purge(threshold);
            _commitLog.Purge(threshold);
        }
        catch (IOException e)
        {
            // Old entries are only kept longer: the next purge tries again.
            SparkLog.Warn("MicroBatchExecution", $"Failed to purge checkpoint logs below batch {threshold}: {e.Message}");
        }
    }

    private void ReportProgress(long batchId, DateTimeOffset triggerStart, Dictionary<string, long> durations, long[] rows, string?[] startOffsets, string?[] latestOffsets,
        long outputRows, IncrementalState state, long watermarkUsed, PhysicalPlan physical)
    {
        double sinceLast = _lastTriggerStart == default ? double.NaN : (triggerStart - _lastTriggerStart).TotalSeconds;
        double processingSeconds = durations["triggerExecution"] / 1000.0;
        var sources = _sources.Select((s, i) => new SourceProgress(s.Description, startOffsets[i], _committed[i], latestOffsets[i], rows[i],
            sinceLast > 0 ? rows[i] / sinceLast : double.NaN, processingSeconds > 0 ? rows[i] / processingSeconds : double.NaN)).ToList();
        var eventTime = new Dictionary<string, string>();
        if (physical.Descendants().OfType<EventTimeWatermarkExec>().Any())
            eventTime["watermark"] = StreamingQueryProgress.FormatTimestamp(DateTimeOffset.FromUnixTimeMilliseconds(watermarkUsed));
        var progress = new StreamingQueryProgress(Id, RunId, Name, triggerStart, batchId, durations["triggerExecution"], durations, eventTime,
            state.OperatorProgress(), sources, new SinkProgress(_sink.Description, outputRows));
        lock (_progressLock)
        {
            _recentProgress.AddLast(progress);
            while (_recentProgress.Count > _maxProgress) _recentProgress.RemoveFirst();
        }
        Progress?.Invoke(progress);
    }

    public string Explain(bool extended)
    {
        var last = _plan.TreeString();
        return extended ? $"== Analyzed Logical Plan ==\n{last}" : $"== Physical Plan ==\n{last}";
    }
}
