using Spate.Bench.Data;
using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Streaming;
using static Spate.Sql.Functions;

namespace Spate.Bench.Peers;

/// <summary>How Spate reads the file: text lines + from_json (the lecture's query), or the JSON file reader with a schema.</summary>
internal enum SpateRead { TextFromJson, JsonReader, FileStreamAvailableNow }

/// <summary>Spate's static batch path (or the streaming file source with AvailableNow) on <c>local[N]</c>.</summary>
internal sealed class SpateEngine : IFraudEngine
{
    private readonly SpateRead _read;
    private readonly SparkSession _spark;
    private readonly string _tempRoot;

    public SpateEngine(SpateRead read, int threads, string tempRoot)
    {
        _read = read;
        Threads = threads;
        _tempRoot = tempRoot;
        _spark = Lecture.Session($"local[{threads}]", threads);
    }

    public string Name => _read switch
    {
        SpateRead.TextFromJson => $"Spate text+from_json local[{Threads}]",
        SpateRead.JsonReader => $"Spate json reader local[{Threads}]",
        _ => $"Spate readStream text AvailableNow local[{Threads}]",
    };

    public int Threads { get; }

    public FraudAnswer Run(Dataset data)
    {
        if (_read == SpateRead.FileStreamAvailableNow) return RunStream(data);
        var df = _read == SpateRead.TextFromJson
            ? Lecture.FromLines(_spark.Read().Text(data.Directory))
            : Lecture.FromParsed(_spark.Read().Schema(Lecture.Schema).Json(data.Directory));
        // Batches, not Rows: the peers don't box their results either.
        return Answer(df.Execute().Collect());
    }

    private FraudAnswer RunStream(Dataset data)
    {
        var raw = _spark.ReadStream().Format("text").Load(data.Directory);
        List<ColumnBatch>? last = null;
        var checkpoint = Path.Combine(_tempRoot, "filestream-" + Guid.NewGuid().ToString("N"));
        var query = Lecture.FromLines(raw).WriteStream()
            .OutputMode("complete")
            .Option("checkpointLocation", checkpoint)
            .Trigger(Trigger.AvailableNow())
            .ForeachBatch((df, _) => last = df.Execute().Collect())
            .Start();
        query.AwaitTermination();
        try { Directory.Delete(checkpoint, true); } catch (IOException) { }
        return last == null ? new FraudAnswer(0, 0) : Answer(last);
    }

    /// <summary>True when the streaming file source exists on this build.</summary>
    public static string? FileStreamUnavailableReason(string dir)
    {
        try
        {
            var spark = Lecture.Session("local[1]", 1);
            spark.ReadStream().Format("text").Load(dir);
            return null;
        }
        catch (Exception e)
        {
            return e.Message.Split('\n')[0];
        }
    }

    private static FraudAnswer Answer(List<ColumnBatch> batches)
    {
        long rows = 0, sum = 0;
        foreach (var b in batches)
        {
            rows += b.RowCount;
            var counts = (PrimitiveVector<long>)b.Columns[2];
            for (int i = 0; i < b.RowCount; i++) sum += counts.Values[i];
        }
        return new FraudAnswer(rows, sum);
    }

    public void Dispose() => _spark.Stop();
}
