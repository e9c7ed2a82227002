using System.CommandLine;
using System.CommandLine.Parsing;
using Spate.Cli.Demo;
using Spate.Cli.Producer;

namespace Spate.Cli.Commands;

/// <summary><c>spate demo</c>: end-to-end demos built on Spate.</summary>
internal static class DemoCommand
{
    /// <summary>Creates the <c>demo</c> command group.</summary>
    public static Command Create()
    {
        var demo = new Command("demo", "End-to-end streaming demos.");
        demo.Subcommands.Add(CreateFraud());
        return demo;
    }

    private static Command CreateFraud()
    {
        var mode = new Option<string>("--mode") { Description = "Output mode: update (the lecture's first run) or complete.", DefaultValueFactory = _ => "update" };
        mode.AcceptOnlyFromAmong("update", "complete");
        var trigger = new Option<string>("--trigger") { Description = "Processing-time trigger interval, as Spark writes it.", DefaultValueFactory = _ => "5 seconds" };
        trigger.Validators.Add(r =>
        {
            try { Spate.Sql.Streaming.Trigger.ProcessingTime(r.GetValueOrDefault<string>()); }
            catch (ArgumentException e) { r.AddError(e.Message); }
        });
        var duration = new Option<string?>("--duration") { Description = "Stop after this long (e.g. '30 seconds'); default: until Ctrl+C.", HelpName = "interval" };
        duration.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<string?>();
            if (v == null) return;
            try { Spate.Streaming.IntervalParser.ParseMillis(v); }
            catch (ArgumentException e) { r.AddError(e.Message); }
        });
        var port = new Option<int>("--port") { Description = "Port of the producer's socket (0: a free port).", DefaultValueFactory = _ => 5555 };
        var rate = new Option<string>("--rate") { Description = "Transactions per second from the producer, or 'max'.", DefaultValueFactory = _ => "5" };
        rate.Validators.Add(r => { if (!ProduceRate.TryParse(r.GetValueOrDefault<string>(), out _, out var err)) r.AddError(err!); });
        var seed = new Option<long?>("--seed") { Description = "Seed for a reproducible stream." };
        var fraudRatio = new Option<double>("--fraud-ratio") { Description = "Probability that a transaction is flagged.", DefaultValueFactory = _ => 0.2 };
        var users = new Option<int>("--users") { Description = "Distinct users.", DefaultValueFactory = _ => TransactionGenerator.LectureUsers };
        var partitions = new Option<int>("--shuffle-partitions") { Description = "spark.sql.shuffle.partitions (the lecture sets 4).", DefaultValueFactory = _ => 4 };
        var logLevel = new Option<string>("--log-level") { Description = "Log level: ALL, DEBUG, INFO, WARN, ERROR, OFF.", DefaultValueFactory = _ => "WARN" };
        logLevel.AcceptOnlyFromAmong("ALL", "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "OFF");
        var master = new Option<string>("--master") { Description = "Spark master: local[*] uses all cores.", DefaultValueFactory = _ => "local[*]" };

        var fraud = new Command("fraud", "The lecture's fraud detection: a producer of fake card transactions and the streaming query that flags users with more than one flagged transaction, printing Spark's console blocks every trigger.")
        {
            mode, trigger, duration, port, rate, seed, fraudRatio, users, partitions, logLevel, master,
        };
        fraud.SetAction((parse, cancellationToken) =>
        {
            ProduceRate.TryParse(parse.GetValue(rate), out var recordsPerSecond, out _);
            var d = parse.GetValue(duration);
            var settings = new FraudDemoSettings(parse.GetValue(mode)!, parse.GetValue(trigger)!,
                d == null ? null : TimeSpan.FromMilliseconds(Spate.Streaming.IntervalParser.ParseMillis(d)),
                parse.GetValue(port), recordsPerSecond, parse.GetValue(seed) ?? Random.Shared.NextInt64(), parse.GetValue(fraudRatio),
                parse.GetValue(users), parse.GetValue(partitions), parse.GetValue(logLevel)!, parse.GetValue(master)!);
            return FraudDemo.RunAsync(settings, parse.InvocationConfiguration.Output ?? Console.Out, parse.InvocationConfiguration.Error ?? Console.Error, cancellationToken);
        });
        return fraud;
    }
}
