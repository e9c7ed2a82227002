using System.Text.Json;

namespace Spate.Bench.Report;

/// <summary>Writes the results as indented JSON (every run's seconds included).</summary>
internal static class JsonReport
{
    public static void Write(BenchResults results, string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir != null) Directory.CreateDirectory(dir);
        var doc = new
        {
            results.Date,
            results.Machine,
            results.Command,
            results.Mode,
            results.Runs,
            throughput = results.Throughput.Select(t => new
            {
                t.Workload, t.Dataset, t.Engine, t.Threads, t.Records, t.Bytes, t.RunSeconds, t.MedianSeconds,
                t.RecordsPerSecond, t.RecordsPerSecondPerCore, t.MegabytesPerSecond, t.Correct, t.Note,
                ratios = MarkdownReport.Ratios(results, t),
            }),
            latency = results.Latency,
            figures = results.Figures,
            targets = results.Targets,
            notes = results.Notes,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(doc, new JsonSerializerOptions
        {
            WriteIndented = true,
            NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        }));
    }
}
