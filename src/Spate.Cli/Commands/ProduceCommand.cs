using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Confluent.Kafka;
using Spate.Cli.Producer;

namespace Spate.Cli.Commands;

/// <summary>
/// <c>spate produce</c>: the lecture's fake credit-card transaction producer (<c>utils/producer.py</c>). Serves one
/// TCP client with one JSON transaction per line every 0.2 s by default, or writes NDJSON files.
/// </summary>
internal static class ProduceCommand
{
    /// <summary>Creates the <c>produce</c> command with its options.</summary>
    public static Command Create()
    {
        var hostname = new Option<string>("--hostname")
        {
            Description = "Address or host name to listen on (socket target).",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var port = new Option<int>("--port")
        {
            Description = "TCP port to listen on (socket target); 0 picks a free port.",
            DefaultValueFactory = _ => 5555,
            CustomParser = r => (int)ParseInteger(r, 0, 65535),
        };

        var rate = new Option<string>("--rate")
        {
            Description = "Records per second, or 'max' for as fast as possible (buffered writes). The lecture sends 5 per second.",
            DefaultValueFactory = _ => "5",
            HelpName = "records/s|max",
        };
        rate.Validators.Add(r =>
        {
            if (!ProduceRate.TryParse(r.GetValueOrDefault<string>(), out _, out var error))
            {
                r.AddError(error!);
            }
        });

        var count = new Option<long?>("--count")
        {
            Description = "Stop after N records, then close the connection (default: run until stopped).",
            HelpName = "N",
            CustomParser = r => ParseInteger(r, 0, long.MaxValue),
        };

        var seed = new Option<long?>("--seed")
        {
            Description = "Seed for a reproducible stream: the same seed gives the same records (default: random).",
            HelpName = "S",
            CustomParser = r => ParseInteger(r, long.MinValue, long.MaxValue),
        };
        var fraudRatio = new Option<double>("--fraud-ratio")
        {
            Description = "Probability that a transaction has flag = 1.",
            DefaultValueFactory = _ => 0.2,
            HelpName = "p",
            CustomParser = ParseRatio,
        };

        var users = new Option<int>("--users")
        {
            Description = "Distinct users (name, surname). The first 25 are the lecture's name combinations, then User<n> Surname<m>.",
            DefaultValueFactory = _ => TransactionGenerator.LectureUsers,
            HelpName = "N",
            CustomParser = r => (int)ParseInteger(r, 1, int.MaxValue),
        };

        var malformedRatio = new Option<double>("--malformed-ratio")
        {
            Description = "Probability that a line is broken JSON (truncated), to exercise bad-record handling.",
            DefaultValueFactory = _ => 0.0,
            HelpName = "p",
            CustomParser = ParseRatio,
        };

        var to = new Option<string>("--to")
        {
            Description = "Target: 'socket' (serve one TCP client), 'file:DIR' (NDJSON files in DIR, each renamed into place when complete) or 'kafka:HOST:PORT/TOPIC' (one message per record, key null).",
            DefaultValueFactory = _ => "socket",
            HelpName = "socket|file:DIR|kafka:HOST:PORT/TOPIC",
        };
        to.Validators.Add(r =>
        {
            if (!ProduceTarget.TryParse(r.GetValueOrDefault<string>(), out _, out var error))
            {
                r.AddError(error);
            }
        });

        var recordsPerFile = new Option<int>("--records-per-file")
        {
            Description = "Records per file for the file target.",
            DefaultValueFactory = _ => 1000,
            HelpName = "N",
            CustomParser = r => (int)ParseInteger(r, 1, int.MaxValue),
        };

        var command = new Command("produce", "Produce fake credit-card transactions as JSON lines, like the lecture's utils/producer.py.")
        {
            hostname, port, rate, count, seed, fraudRatio, users, malformedRatio, to, recordsPerFile,
        };

        command.SetAction((parse, cancellationToken) =>
        {
            ProduceRate.TryParse(parse.GetValue(rate), out var recordsPerSecond, out _);
            ProduceTarget.TryParse(parse.GetValue(to), out var target, out _);
            var settings = new ProducerSettings(
                parse.GetValue(hostname)!,
                parse.GetValue(port),
                recordsPerSecond,
                parse.GetValue(count),
                parse.GetValue(seed) ?? Random.Shared.NextInt64(),
                parse.GetValue(fraudRatio),
                parse.GetValue(users),
                parse.GetValue(malformedRatio),
                target!,
                parse.GetValue(recordsPerFile));
            return RunAsync(settings, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken);
        });
        return command;
    }

    /// <summary>Runs the producer with validated settings; returns the process exit code.</summary>
    internal static async Task<int> RunAsync(ProducerSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        switch (settings.Target)
        {
            case ProduceTarget.Kafka kafka:
                return await RunToKafkaAsync(settings, kafka, output, error, cancellationToken).ConfigureAwait(false);
            case ProduceTarget.File file:
                return await RunToFilesAsync(settings, file.Directory, output, error, cancellationToken).ConfigureAwait(false);
            default:
                return await RunToSocketAsync(settings, output, error, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<int> RunToSocketAsync(ProducerSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync($"Using hostname: {settings.Hostname}").ConfigureAwait(false);

        IPAddress address;
        try
        {
            address = await ResolveAsync(settings.Hostname, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            await error.WriteLineAsync($"spate produce: cannot resolve hostname '{settings.Hostname}': {ex.Message}").ConfigureAwait(false);
            return SpateApp.ExitError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }

        Socket client;
        using (var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp))
        {
            try
            {
                listener.Bind(new IPEndPoint(address, settings.Port));
                listener.Listen(5);
            }
            catch (SocketException ex)
            {
                await error.WriteLineAsync($"spate produce: cannot listen on {settings.Hostname}:{settings.Port}: {ex.Message}").ConfigureAwait(false);
                return SpateApp.ExitError;
            }

            await output.WriteLineAsync($"Now listening on port: {((IPEndPoint)listener.LocalEndPoint!).Port}").ConfigureAwait(false);
            try
            {
                // Like the lecture: serve the first client only.
                client = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await output.WriteLineAsync("Stopped before any client connected.").ConfigureAwait(false);
                return 0;
            }
        }

        await output.WriteLineAsync($"Received request from: {PythonAddress.Format((IPEndPoint)client.RemoteEndPoint!)}").ConfigureAwait(false);
        var sink = new SocketSink(client);
        await using (sink.ConfigureAwait(false))
        {
            var delivered = new StrongBox<long>();
            try
            {
                await ProducerLoop.RunAsync(CreateGenerator(settings), sink, settings.RecordsPerSecond, settings.Count, delivered, cancellationToken).ConfigureAwait(false);
                await sink.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
                await output.WriteLineAsync($"Sent {delivered.Value} records; closing the connection.").ConfigureAwait(false);
            }
            catch (ClientDisconnectedException)
            {
                await output.WriteLineAsync($"Client disconnected after {delivered.Value} records; stopping.").ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await sink.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
                await output.WriteLineAsync($"Interrupted after {delivered.Value} records; closing the connection.").ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException && cancellationToken.IsCancellationRequested)
            {
                // Stopped while the client was closing its end (the demo stops its query first): a write failed instead
                // of being cancelled. Same outcome as an interruption.
                await output.WriteLineAsync($"Interrupted after {delivered.Value} records; closing the connection.").ConfigureAwait(false);
            }
        }
        return 0;
    }

    private static async Task<int> RunToFilesAsync(ProducerSettings settings, string directory, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        FileSink sink;
        try
        {
            sink = new FileSink(directory, settings.RecordsPerFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            await error.WriteLineAsync($"spate produce: cannot use directory '{directory}': {ex.Message}").ConfigureAwait(false);
            return SpateApp.ExitError;
        }

        await using (sink.ConfigureAwait(false))
        {
            await output.WriteLineAsync($"Writing to directory: {sink.DirectoryPath}").ConfigureAwait(false);
            var delivered = new StrongBox<long>();
            var interrupted = false;
            try
            {
                await ProducerLoop.RunAsync(CreateGenerator(settings), sink, settings.RecordsPerSecond, settings.Count, delivered, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                interrupted = true;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"spate produce: cannot write to '{sink.DirectoryPath}': {ex.Message}").ConfigureAwait(false);
                return SpateApp.ExitError;
            }

            // Records already written are whole lines: publish the last, partly filled file too.
            await sink.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
            var prefix = interrupted ? "Interrupted; wrote" : "Wrote";
            await output.WriteLineAsync($"{prefix} {delivered.Value} records in {sink.FilesWritten} files to {sink.DirectoryPath}").ConfigureAwait(false);
        }
        return 0;
    }

    private static async Task<int> RunToKafkaAsync(ProducerSettings settings, ProduceTarget.Kafka kafka, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var servers = kafka.BootstrapServers;
        KafkaSink sink;
        try
        {
            sink = new KafkaSink(servers, kafka.Topic);
        }
        catch (KafkaException ex)
        {
            await error.WriteLineAsync($"spate produce: cannot create a Kafka producer for {servers}: {ex.Error.Reason}").ConfigureAwait(false);
            return SpateApp.ExitError;
        }

        await using (sink.ConfigureAwait(false))
        {
            await output.WriteLineAsync($"Producing to Kafka topic {kafka.Topic} at {servers}").ConfigureAwait(false);
            var interrupted = false;
            try
            {
                await ProducerLoop.RunAsync(CreateGenerator(settings), sink, settings.RecordsPerSecond, settings.Count, new StrongBox<long>(), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                interrupted = true;
            }
            catch (KafkaDeliveryException ex)
            {
                await error.WriteLineAsync($"spate produce: cannot publish to Kafka topic {kafka.Topic} at {servers}: {ex.Message}").ConfigureAwait(false);
                return SpateApp.ExitError;
            }

            try
            {
                // Records handed over before Ctrl+C are still delivered: wait for the broker's acknowledgements.
                await sink.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (KafkaDeliveryException ex)
            {
                await error.WriteLineAsync($"spate produce: cannot publish to Kafka topic {kafka.Topic} at {servers}: {ex.Message} ({sink.Delivered} records were delivered)").ConfigureAwait(false);
                return SpateApp.ExitError;
            }
            var prefix = interrupted ? "Interrupted; sent" : "Sent";
            await output.WriteLineAsync($"{prefix} {sink.Delivered} records to Kafka topic {kafka.Topic} at {servers}").ConfigureAwait(false);
        }
        return 0;
    }

    private static TransactionGenerator CreateGenerator(ProducerSettings settings) =>
        new(settings.Seed, settings.Users, settings.FraudRatio, settings.MalformedRatio);

    private static async Task<IPAddress> ResolveAsync(string hostname, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(hostname, out var address))
        {
            return address;
        }
        var addresses = await Dns.GetHostAddressesAsync(hostname, cancellationToken).ConfigureAwait(false);
        // Python's socket.socket() is IPv4: prefer an IPv4 address, as the lecture's producer would bind.
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? addresses.FirstOrDefault()
            ?? throw new SocketException((int)SocketError.HostNotFound);
    }

    // Own parsers for numbers: conversion and range errors become one readable parse error naming the option.
    private static long ParseInteger(ArgumentResult result, long min, long max)
    {
        var name = OptionName(result);
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (!long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            result.AddError($"{name} '{text}': expected an integer");
            return min;
        }
        if (value < min || value > max)
        {
            result.AddError(max is int.MaxValue or long.MaxValue
                ? $"{name} must be at least {min}, got {value}"
                : $"{name} must be between {min} and {max}, got {value}");
            return min;
        }
        return value;
    }

    private static double ParseRatio(ArgumentResult result)
    {
        var name = OptionName(result);
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            || !(value >= 0 && value <= 1))
        {
            result.AddError($"{name} '{text}': expected a probability between 0 and 1");
            return 0;
        }
        return value;
    }

    private static string OptionName(ArgumentResult result) =>
        result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;
}
