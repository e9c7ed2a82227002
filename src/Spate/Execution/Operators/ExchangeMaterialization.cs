using Spate.Columnar;

namespace Spate.Execution;

/// <summary>
/// The one-time run of an exchange's input partitions, shared by every thread that asks for an output partition.
/// </summary>
/// <remarks>
/// The readers of an exchange's outputs are themselves pool threads (one per output partition). A reader that only
/// waited while another ran the inputs would hold its thread idle, and the inputs would run on one core: instead,
/// every reader claims input partitions until none is left, then waits for the ones others still run. Helper tasks
/// are started too, so that a single reader (e.g. partition by partition iteration) still gets the inputs run in
/// parallel; helpers that find nothing left to claim, or the parallelism used by readers, exit.
/// </remarks>
internal sealed class ExchangeMaterialization
{
    private readonly int _inputs;
    private readonly int _outputs;
    private readonly Func<int, TaskContext, List<ColumnBatch>[]> _run;
    private readonly TaskContext _context;
    private readonly List<ColumnBatch>[][] _perInput;
    private readonly ManualResetEventSlim _done = new(false);
    private int _next = -1;
    private int _finished;
    private int _readers;
    private Exception? _error;
    private List<ColumnBatch>[]? _buckets;

    /// <summary>Starts running <paramref name="inputs"/> input partitions with <paramref name="run"/>.</summary>
    public ExchangeMaterialization(int inputs, int outputs, Func<int, TaskContext, List<ColumnBatch>[]> run, TaskContext context)
    {
        _inputs = inputs;
        _outputs = outputs;
        _run = run;
        _context = context;
        _perInput = new List<ColumnBatch>[inputs][];
        RowCounts = new long[outputs];
        if (inputs == 0) Complete();
        int helpers = Math.Min(Math.Max(1, context.Parallelism), inputs) - 1;
        for (int h = 0; h < helpers; h++) Task.Run(() => Help(helper: true));
    }

    /// <summary>Whether every input has been run and the outputs assembled.</summary>
    public bool IsComplete => Volatile.Read(ref _buckets) != null;

    /// <summary>Rows per output partition (valid once complete).</summary>
    public long[] RowCounts { get; }

    /// <summary>The batches of output <paramref name="partition"/>: helps run the inputs, then waits for them all.</summary>
    public List<ColumnBatch> Result(int partition)
    {
        Interlocked.Increment(ref _readers);
        Help(helper: false);
        _done.Wait(_context.Cancellation);
        if (_error != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(_error).Throw();
        return _buckets![partition];
    }

    // Claims and runs inputs until none is left unclaimed. A helper stops once readers alone use the parallelism.
    private void Help(bool helper)
    {
        while (true)
        {
            if (helper && Volatile.Read(ref _readers) >= _context.Parallelism) return;
            int p = Interlocked.Increment(ref _next);
            if (p >= _inputs) return;
            try
            {
                if (Volatile.Read(ref _error) == null) _perInput[p] = _run(p, _context);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }
            if (Interlocked.Increment(ref _finished) == _inputs) Complete();
        }
    }

    // Concatenates the inputs' pieces per output partition (in input order, as a serial run would) and wakes readers.
    private void Complete()
    {
        if (_error == null)
        {
            var buckets = new List<ColumnBatch>[_outputs];
            for (int t = 0; t < _outputs; t++)
            {
                buckets[t] = new List<ColumnBatch>();
                long rows = 0;
                for (int p = 0; p < _inputs; p++)
                {
                    buckets[t].AddRange(_perInput[p][t]);
                    foreach (var b in _perInput[p][t]) rows += b.RowCount;
                }
                RowCounts[t] = rows;
            }
            for (int p = 0; p < _inputs; p++) _perInput[p] = null!;
            Volatile.Write(ref _buckets, buckets);
        }
        else Volatile.Write(ref _buckets, Array.Empty<List<ColumnBatch>>());
        _done.Set();
    }
}
