using System.Text;
using Spate.Sources;

namespace Spate.Tests.Files;

public class TextLineChunkerTests
{
    // Hands out at most a few bytes per Read, so separators and \r\n pairs land on chunk boundaries.
    private sealed class TrickleStream : MemoryStream
    {
        private readonly int _max;
        public TrickleStream(byte[] data, int max) : base(data) { _max = max; }
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, _max));
    }

    private static List<string> Split(string text, string? sep, int chunkSize, int maxRead, bool handOver = false)
    {
        using var chunker = new TextLineChunker(new TrickleStream(Encoding.UTF8.GetBytes(text), maxRead),
            sep == null ? null : Encoding.UTF8.GetBytes(sep), chunkSize, handOver);
        var lines = new List<string>();
        // Handed-over buffers are decoded only at the end: a later refill must not have written over them.
        var kept = new List<(byte[] Buffer, int Start, int Length)>();
        while (chunker.Next(out int start, out int length))
        {
            if (handOver) kept.Add((chunker.Buffer, start, length));
            else lines.Add(Encoding.UTF8.GetString(chunker.Buffer, start, length));
        }
        foreach (var (buffer, start, length) in kept) lines.Add(Encoding.UTF8.GetString(buffer, start, length));
        return lines;
    }

    // The reference: the whole text at once, split the way Spark's text source does.
    private static List<string> Reference(string text, string? sep)
    {
        var lines = new List<string>();
        int pos = 0;
        while (pos < text.Length)
        {
            int end, next;
            if (sep == null)
            {
                int i = text.IndexOfAny(new[] { '\n', '\r' }, pos);
                if (i < 0) { end = next = text.Length; }
                else { end = i; next = i + 1; if (text[i] == '\r' && next < text.Length && text[next] == '\n') next++; }
            }
            else
            {
                int i = text.IndexOf(sep, pos, StringComparison.Ordinal);
                if (i < 0) { end = next = text.Length; } else { end = i; next = i + sep.Length; }
            }
            lines.Add(text[pos..end]);
            pos = next;
        }
        return lines;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("||")]
    [InlineData(";")]
    public void Next_RandomTextTinyChunks_MatchesWholeTextSplit(string? sep)
    {
        foreach (bool handOver in new[] { false, true }) RandomTextTinyChunks(sep, handOver);
    }

    private static void RandomTextTinyChunks(string? sep, bool handOver)
    {
        var rnd = new Random(42);
        string alphabet = sep == null ? "ab\r\n\r\nx" : "ab|;|x\n";
        for (int trial = 0; trial < 300; trial++)
        {
            var sb = new StringBuilder();
            int len = rnd.Next(0, 60);
            for (int i = 0; i < len; i++) sb.Append(alphabet[rnd.Next(alphabet.Length)]);
            var text = sb.ToString();
            var expected = Reference(text, sep);
            Assert.Equal(expected, Split(text, sep, chunkSize: rnd.Next(1, 8), maxRead: rnd.Next(1, 5), handOver));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Next_CrLfSplitAcrossReads_OneLineBreak(bool handOver)
    {
        Assert.Equal(new[] { "abc", "def" }, Split("abc\r\ndef", null, chunkSize: 4, maxRead: 4, handOver));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Next_LineLongerThanChunk_ReturnedWhole(bool handOver)
    {
        var longLine = new string('z', 5000);
        Assert.Equal(new[] { "a", longLine, "b" }, Split($"a\n{longLine}\nb\n", null, chunkSize: 16, maxRead: 1000, handOver));
    }

    [Fact]
    public void Next_EmptyStream_NoLines()
    {
        Assert.Empty(Split("", null, chunkSize: 16, maxRead: 16));
    }
}
