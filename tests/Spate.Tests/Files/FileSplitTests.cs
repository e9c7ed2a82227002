using System.Text;
using Spate.Sources;
using static Spate.Sql.Functions;

namespace Spate.Tests.Files;

public class FileSplitTests
{
    [Fact]
    public void LineRangeStream_AnySplitPoints_ReadEachLineExactlyOnce()
    {
        var rng = new Random(7);
        for (int round = 0; round < 50; round++)
        {
            var lines = Enumerable.Range(0, rng.Next(0, 40)).Select(i => new string('x', rng.Next(0, 12)) + i).ToList();
            var text = string.Concat(lines.Select(l => l + (rng.Next(3) == 0 ? "\r\n" : "\n")));
            if (rng.Next(2) == 0 && lines.Count > 0) text = text.TrimEnd('\n', '\r'); // no final line break
            var bytes = Encoding.UTF8.GetBytes(text);
            var cuts = Enumerable.Range(0, rng.Next(1, 6)).Select(_ => (long)rng.Next(0, bytes.Length + 1)).Append(0).Append(bytes.Length).Distinct().Order().ToList();
            var read = new List<string>();
            for (int c = 0; c + 1 < cuts.Count; c++)
            {
                using var range = new LineRangeStream(new MemoryStream(bytes), cuts[c], cuts[c + 1], bytes.Length);
                using var reader = new StreamReader(range, Encoding.UTF8);
                string? line;
                while ((line = reader.ReadLine()) != null) read.Add(line);
            }
            Assert.Equal(lines, read);
        }
    }

    [Fact]
    public void TextScan_OneLargeFile_SplitsIntoRangesAndKeepsEveryRow()
    {
        var dir = Path.Combine(Path.GetTempPath(), "spate-split-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var spark = TestSession.Spark;
        try
        {
            var path = Path.Combine(dir, "big.txt");
            File.WriteAllLines(path, Enumerable.Range(0, 50_000).Select(i => $"line-{i}"));
            spark.Conf().Set("spark.sql.files.maxPartitionBytes", "65536");
            spark.Conf().Set("spark.sql.files.openCostInBytes", "1024");
            var df = spark.Read().Text(path);
            Assert.Contains("splits", df.ExplainString(false));
            Assert.True(df.Execute().Physical.Descendants().OfType<FileScanExec>().Single().NumPartitions > 4);
            Assert.Equal(50_000, df.Count());
            Assert.Equal(50_000, df.Distinct().Count());
            Assert.Equal(1, df.Where(Col("value") == "line-49999").Count());
        }
        finally
        {
            spark.Conf().Unset("spark.sql.files.maxPartitionBytes");
            spark.Conf().Unset("spark.sql.files.openCostInBytes");
            Directory.Delete(dir, true);
        }
    }
}
