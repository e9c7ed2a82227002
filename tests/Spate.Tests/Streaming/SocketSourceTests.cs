using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Tests.Support;

namespace Spate.Tests.Streaming;

[Collection("Console")]
public class SocketSourceTests
{
    private static SparkSession Spark => TestSession.Spark;

    private static readonly string[] Lines =
    {
        "{\"name\": \"Alice\", \"surname\": \"Johnson\", \"amount\": 975.38, \"delta_t\": 0.12, \"flag\": 0}",
        "{\"name\": \"John\", \"surname\": \"Jones\", \"amount\": 559.37, \"delta_t\": 8.81, \"flag\": 1}",
        "{\"name\": \"Alice\", \"surname\": \"Darby\", \"amount\": 948.03, \"delta_t\": 0.68, \"flag\": 0}",
    };

    private static DataFrame Raw(int port) =>
        Spark.ReadStream().Format("socket").Option("host", "127.0.0.1").Option("port", port).Load();

    [Fact]
    public void RawLines_ToConsole_PrintsSparkBatchBlocks()
    {
        using var server = new LineServer();
        string output = TestSession.CaptureConsole(() =>
        {
            var query = Raw(server.Port).WriteStream().OutputMode("update").Format("console").Option("truncate", false).Start();
            try
            {
                Waits.ForOffset(query, -1);
                server.Send(Lines);
                Waits.ForOffset(query, 2);
            }
            finally { query.Stop(); }
        });
        // The widest line is 85 characters: with truncate false, cells are left-aligned and padded to it.
        string dashes = new('-', 85);
        var expected =
            "-------------------------------------------\nBatch: 0\n-------------------------------------------\n" +
            "+-----+\n|value|\n+-----+\n+-----+\n\n" +
            "-------------------------------------------\nBatch: 1\n-------------------------------------------\n" +
            $"+{dashes}+\n|{"value",-85}|\n+{dashes}+\n" +
            string.Concat(Lines.Select(l => $"|{l,-85}|\n")) +
            $"+{dashes}+\n\n";
        Assert.Equal(expected, output);
    }

    [Fact]
    public void Load_Socket_LogsSparkWarning()
    {
        var logged = new List<string>();
        void OnLog(LogLevel level, string source, string message) { if (source == "TextSocketSourceProvider") lock (logged) logged.Add($"{level} {message}"); }
        SparkLog.Logged += OnLog;
        try { Raw(1); }
        finally { SparkLog.Logged -= OnLog; }
        Assert.Contains("Warn The socket source should not be used for production applications! It does not support recovery.", logged);
    }

    [Fact]
    public void Start_UnreachableServer_FailsQueryNamingHostAndPort()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0)) { probe.Start(); port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port; }
        var query = Raw(port).WriteStream().Format("noop").Start();
        var e = Assert.Throws<StreamingQueryException>(() => query.AwaitTermination(30000));
        Assert.Contains($"127.0.0.1:{port}", e.Message);
        Assert.False(query.IsActive());
        Assert.IsType<SparkException>(e.InnerException);
    }

    [Fact]
    public void ServerCloses_QueryKeepsReceivedRowsAndStaysUsable()
    {
        using var server = new LineServer();
        var query = Raw(server.Port).WriteStream().Format("memory").QueryName("socket_close_test").Start();
        try
        {
            server.Send(Lines);
            server.CloseClient();
            Waits.ForOffset(query, 2);
            Assert.Equal(3, Spark.Table("socket_close_test").Collect().Count());
            Assert.True(query.IsActive());
            Assert.Null(query.Exception());
        }
        finally { query.Stop(); }
    }

    [Fact]
    public void IncludeTimestamp_AddsTimestampColumn()
    {
        var df = Spark.ReadStream().Format("socket").Option("host", "127.0.0.1").Option("port", 1).Option("includeTimestamp", true).Load();
        Assert.Equal("root\n |-- value: string (nullable = true)\n |-- timestamp: timestamp (nullable = true)\n", df.Schema().TreeString());
    }

    [Fact]
    public void Load_WithoutHost_FailsNamingOption()
    {
        var e = Assert.Throws<AnalysisException>(() => Spark.ReadStream().Format("socket").Option("port", 5555).Load());
        Assert.Contains("host", e.Message);
    }
}

public class SocketSourceFramingTests
{
    [Fact]
    public void Lines_WithCrLfEmptyAndSplitWrites_AreFramedExactly()
    {
        var spark = TestSession.Spark;
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var query = spark.ReadStream().Format("socket").Option("host", "127.0.0.1").Option("port", port).Load()
            .WriteStream().Format("memory").QueryName("socket_framing").Start();
        try
        {
            using var client = listener.AcceptTcpClient();
            var stream = client.GetStream();
            void Send(string s) { var b = System.Text.Encoding.UTF8.GetBytes(s); stream.Write(b); stream.Flush(); }
            Send("a\r\nb");           // CRLF, then half a line
            Send("c\n\nd€\n");        // the rest of "bc", an empty line, a multi-byte character
            Waits.ForOffset(query, 3);
            var rows = spark.Table("socket_framing").Collect().Select(r => (string)r[0]!).ToArray();
            Assert.Equal(new[] { "a", "bc", "", "d€" }, rows);
        }
        finally { query.Stop(); }
    }

    [Fact]
    public void LastLineWithoutLineEnd_CountsWhenTheServerCloses()
    {
        var spark = TestSession.Spark;
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var query = spark.ReadStream().Format("socket").Option("host", "127.0.0.1").Option("port", port).Load()
            .WriteStream().Format("memory").QueryName("socket_last_line").Start();
        try
        {
            using (var client = listener.AcceptTcpClient())
            {
                client.GetStream().Write("x\ny"u8);
            }
            Waits.ForOffset(query, 1);
            Assert.Equal(new[] { "x", "y" }, spark.Table("socket_last_line").Collect().Select(r => (string)r[0]!).ToArray());
        }
        finally { query.Stop(); }
    }

    [Fact]
    public void ManyLinesAtOnce_SpanSeveralSegments_AllArriveOnceWithTimestamps()
    {
        // More rows and bytes than one segment holds, written in one go and in odd-sized pieces.
        var spark = TestSession.Spark;
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        const int count = 30_000;
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < count; i++) text.Append(i % 7 == 0 ? $"line {i} {new string('x', i % 300)}\r\n" : $"{i}\n");
        var bytes = System.Text.Encoding.UTF8.GetBytes(text.ToString());
        var received = new List<string>();
        long timestamps = 0;
        var query = spark.ReadStream().Format("socket").Option("host", "127.0.0.1").Option("port", port).Option("includeTimestamp", true).Load()
            .WriteStream().ForeachBatch((df, _) =>
            {
                foreach (var row in df.Collect())
                {
                    lock (received) received.Add((string)row[0]!);
                    if (row[1] != null) Interlocked.Increment(ref timestamps);
                }
            }).Start();
        try
        {
            using var client = listener.AcceptTcpClient();
            var stream = client.GetStream();
            stream.Write(bytes, 0, bytes.Length / 2);
            for (int at = bytes.Length / 2; at < bytes.Length; at += 4099) stream.Write(bytes, at, Math.Min(4099, bytes.Length - at));
            Waits.ForOffset(query, count - 1);
            var expected = Enumerable.Range(0, count).Select(i => i % 7 == 0 ? $"line {i} {new string('x', i % 300)}" : $"{i}").ToArray();
            // A batch's rows are split among partitions (as in Spark), so compare without order.
            lock (received) Assert.Equal(expected.Order(StringComparer.Ordinal), received.Order(StringComparer.Ordinal));
            Assert.Equal(count, Interlocked.Read(ref timestamps));
        }
        finally { query.Stop(); }
    }
}
