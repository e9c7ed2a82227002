using System.Text.Json;

namespace Spate.Bench.Data;

/// <summary>The expected answer of the fraud query over a dataset: suspicious users and the sum of their counts.</summary>
internal sealed record FraudAnswer(long SuspiciousUsers, long FlaggedOfSuspicious);

/// <summary>A generated NDJSON dataset: a directory of part files (one per core, so <c>local[*]</c> can split it).</summary>
internal sealed record Dataset(string Name, string Directory, string[] Files, long Records, long Bytes, int Users, double FraudRatio, FraudAnswer Expected)
{
    /// <summary>The DuckDB / glob form of the files.</summary>
    public string Glob => Path.Combine(Directory, "*.json");

    /// <summary>Generates the dataset under <paramref name="root"/> unless an identical one is there already.</summary>
    public static Dataset Ensure(string root, string name, long records, int users, double fraudRatio, long seed, int parts)
    {
        var dir = Path.Combine(root, $"{name}-{records}r-{users}u-{(int)(fraudRatio * 100)}f-s{seed}-p{parts}");
        var meta = Path.Combine(dir, ".meta.json");
        if (File.Exists(meta))
        {
            var m = JsonSerializer.Deserialize<Meta>(File.ReadAllText(meta))!;
            var files = System.IO.Directory.GetFiles(dir, "*.json").Order(StringComparer.Ordinal).ToArray();
            return new Dataset(name, dir, files, records, m.Bytes, users, fraudRatio, new FraudAnswer(m.SuspiciousUsers, m.FlaggedOfSuspicious));
        }
        if (System.IO.Directory.Exists(dir)) System.IO.Directory.Delete(dir, true);
        System.IO.Directory.CreateDirectory(dir);
        var gen = new LectureRecords(seed, users, fraudRatio);
        var counts = new int[users];
        var buffer = new byte[1 << 20];
        long bytes = 0;
        var paths = new string[parts];
        for (int p = 0; p < parts; p++)
        {
            long from = records * p / parts, to = records * (p + 1) / parts;
            paths[p] = Path.Combine(dir, $"part-{p:D5}.json");
            using var fs = new FileStream(paths[p], FileMode.CreateNew, FileAccess.Write, FileShare.None, 0);
            int used = 0;
            for (long i = from; i < to; i++)
            {
                if (buffer.Length - used < LectureRecords.MaxRecordBytes) { fs.Write(buffer, 0, used); bytes += used; used = 0; }
                used += gen.Write(buffer.AsSpan(used));
                if (gen.LastFlagged) counts[gen.LastUser]++;
            }
            fs.Write(buffer, 0, used);
            bytes += used;
        }
        long suspicious = 0, sum = 0;
        foreach (var c in counts) if (c > 1) { suspicious++; sum += c; }
        File.WriteAllText(meta, JsonSerializer.Serialize(new Meta(bytes, suspicious, sum)));
        return new Dataset(name, dir, paths, records, bytes, users, fraudRatio, new FraudAnswer(suspicious, sum));
    }

    private sealed record Meta(long Bytes, long SuspiciousUsers, long FlaggedOfSuspicious);
}
