using System.Net;
using System.Net.Sockets;
using Spate.Cli.Commands;
using Spate.Cli.Producer;
using Spate.Sql;
using Spate.Sql.Streaming;
using Spate.Sql.Types;
using static Spate.Sql.Functions;

namespace Spate.Cli.Demo;

/// <summary>What <c>spate demo fraud</c> runs: the lecture's producer and its fraud query, in one process.</summary>
internal sealed record FraudDemoSettings(string Mode, string Trigger, TimeSpan? Duration, int Port, double? RecordsPerSecond, long Seed,
    double FraudRatio, int Users, int ShufflePartitions, string LogLevel, string Master);

/// <summary>
/// The lecture's fraud detection, end to end: <c>spate produce</c> serves transactions on a local socket; the query
/// reads them, parses the JSON, counts flagged transactions per user (<c>name + surname</c>) across batches, keeps
/// users with more than one, and prints Spark's console blocks every trigger.
/// </summary>
internal static class FraudDemo
{
    /// <summary>The lecture's transaction schema.</summary>
    public static readonly StructType Schema = new(new[]
    {
        new StructField("name", new StringType()),
        new StructField("surname", new StringType()),
        new StructField("amount", new DoubleType()),
        new StructField("delta_t", new DoubleType()),
        new StructField("flag", new IntegerType()),
    });

    /// <summary>The lecture's query: suspicious users with their running count of flagged transactions.</summary>
    public static DataFrame SuspiciousTransactions(DataFrame rawMessages)
    {
        var parsed = rawMessages.Select(FromJson(Col("value"), Schema).Alias("data")).Select(Col("data.*"));
        var numTransactions = parsed
            .Where(Col("flag") == 1)
            .WithColumn("id", Concat(Col("name"), Col("surname")))
            .GroupBy("id")
            .Count();
        return numTransactions
            .Where(Col("count") > 1)
            .WithColumn("fraud", Lit(1))
            .Select(Col("id"), Col("fraud"), Col("count").Alias("nTransactions"));
    }

    public static async Task<int> RunAsync(FraudDemoSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        int port = settings.Port == 0 ? FreePort() : settings.Port;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (settings.Duration is { } duration) stop.CancelAfter(duration);
        // The producer outlives the query, so the query never sees its socket close while running.
        using var producerStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // 1. The producer, as in the lecture's second terminal; its messages go to stderr.
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var producerOutput = new SignallingWriter(error, "Now listening on port", listening);
        var producerSettings = new ProducerSettings("127.0.0.1", port, settings.RecordsPerSecond, null, settings.Seed, settings.FraudRatio,
            settings.Users, 0, new ProduceTarget.Socket(), 1000);
        var producer = ProduceCommand.RunAsync(producerSettings, producerOutput, error, producerStop.Token);
        var first = await Task.WhenAny(listening.Task, producer).ConfigureAwait(false);
        if (first == producer)
        {
            await error.WriteLineAsync($"spate demo fraud: the producer could not start on port {port} (exit code {await producer.ConfigureAwait(false)}).").ConfigureAwait(false);
            return SpateApp.ExitError;
        }

        // 2. The lecture's session and query.
        var spark = SparkSession.Builder()
            .Master(settings.Master)
            .AppName("Spate fraud demo")
            .Config("spark.sql.shuffle.partitions", settings.ShufflePartitions)
            .Config("spark.sql.adaptive.enabled", "false")
            .GetOrCreate();
        spark.SparkContext.SetLogLevel(settings.LogLevel);
        try
        {
            var ui = spark.Conf().Get("spark.ui.url", "");
            if (ui.Length > 0) await error.WriteLineAsync($"Spark web UI available at {ui}").ConfigureAwait(false);
            var raw = spark.ReadStream().Format("socket").Option("host", "127.0.0.1").Option("port", port).Load();
            var query = SuspiciousTransactions(raw)
                .WriteStream()
                .OutputMode(settings.Mode)
                .Format("console")
                .Trigger(Trigger.ProcessingTime(settings.Trigger))
                .Option("truncate", false)
                .Start();
            try
            {
                await Task.Run(() =>
                {
                    while (!stop.IsCancellationRequested && query.IsActive()) query.AwaitTermination(200);
                }, CancellationToken.None).ConfigureAwait(false);
                if (query.Exception() is { } failure)
                {
                    await error.WriteLineAsync($"spate demo fraud: the query failed: {failure.InnerException?.Message ?? failure.Message}").ConfigureAwait(false);
                    return SpateApp.ExitError;
                }
            }
            finally
            {
                query.Stop();
            }
        }
        finally
        {
            spark.Stop();
            producerStop.Cancel();
            await producer.ConfigureAwait(false);
        }
        return 0;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Forwards lines and signals when one starts with a marker.</summary>
    private sealed class SignallingWriter : TextWriter
    {
        private readonly TextWriter _inner;
        private readonly string _marker;
        private readonly TaskCompletionSource _signal;

        public SignallingWriter(TextWriter inner, string marker, TaskCompletionSource signal)
        {
            _inner = inner;
            _marker = marker;
            _signal = signal;
        }

        public override System.Text.Encoding Encoding => _inner.Encoding;
        public override void Write(char value) => _inner.Write(value);

        public override void WriteLine(string? value)
        {
            _inner.WriteLine(value);
            if (value != null && value.StartsWith(_marker, StringComparison.Ordinal)) _signal.TrySetResult();
        }

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }
    }
}
