using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;
using Spate.Tests.Support;
using static Spate.Sql.Functions;

namespace Spate.Tests.Streaming;

/// <summary>The lecture's streaming steps against a real TCP server playing the producer.</summary>
[Collection("Console")]
public class LectureStreamingTests
{
    private static SparkSession Spark => TestSession.Spark;

    internal static readonly StructType Schema = new(new[]
    {
        new StructField("name", new StringType()),
        new StructField("surname", new StringType()),
        new StructField("amount", new DoubleType()),
        new StructField("delta_t", new DoubleType()),
        new StructField("flag", new IntegerType()),
    });

    internal static string Txn(string name, string surname, double amount, double deltaT, int flag) =>
        $"{{\"name\": \"{name}\", \"surname\": \"{surname}\", \"amount\": {amount.ToString(System.Globalization.CultureInfo.InvariantCulture)}, \"delta_t\": {deltaT.ToString(System.Globalization.CultureInfo.InvariantCulture)}, \"flag\": {flag}}}";

    private static DataFrame Parsed(int port) =>
        Spark.ReadStream().Format("socket").Option("host", "127.0.0.1").Option("port", port).Load()
            .Select(FromJson(Col("value"), Schema).Alias("data"))
            .Select(Col("data.*"));

    [Fact]
    public void ParsedStream_ToConsole_PrintsColumnsAsSpark()
    {
        using var server = new LineServer();
        string output = TestSession.CaptureConsole(() =>
        {
            var query = Parsed(server.Port).WriteStream().OutputMode("update").Format("console").Option("truncate", false).Start();
            try
            {
                Waits.ForOffset(query, -1);
                server.Send(Txn("Joe", "Johnson", 357.93, 4.67, 0), Txn("Joe", "Darby", 109.8, 1.92, 1), "not json at all");
                Waits.ForOffset(query, 2);
            }
            finally { query.Stop(); }
        });
        Assert.Equal(
            "-------------------------------------------\nBatch: 0\n-------------------------------------------\n" +
            "+----+-------+------+-------+----+\n|name|surname|amount|delta_t|flag|\n+----+-------+------+-------+----+\n+----+-------+------+-------+----+\n\n" +
            "-------------------------------------------\nBatch: 1\n-------------------------------------------\n" +
            "+----+-------+------+-------+----+\n" +
            "|name|surname|amount|delta_t|flag|\n" +
            "+----+-------+------+-------+----+\n" +
            "|Joe |Johnson|357.93|4.67   |0   |\n" +
            "|Joe |Darby  |109.8 |1.92   |1   |\n" +
            "|null|null   |null  |null   |null|\n" +
            "+----+-------+------+-------+----+\n\n",
            output);
    }

    [Fact]
    public void ParsedStream_PrintSchema_MatchesLecture()
    {
        using var server = new LineServer();
        Assert.Equal(
            "root\n |-- name: string (nullable = true)\n |-- surname: string (nullable = true)\n |-- amount: double (nullable = true)\n |-- delta_t: double (nullable = true)\n |-- flag: integer (nullable = true)\n",
            Parsed(server.Port).Schema().TreeString());
        Assert.True(Parsed(server.Port).IsStreaming());
    }
}
