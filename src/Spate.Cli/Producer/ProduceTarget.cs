using System.Diagnostics.CodeAnalysis;

namespace Spate.Cli.Producer;

/// <summary>Where <c>spate produce</c> sends its records (the <c>--to</c> option).</summary>
internal abstract record ProduceTarget
{
    /// <summary>The syntax accepted by <c>--to</c>, for help and error text.</summary>
    public const string Syntax = "socket | file:DIR | kafka:HOST:PORT/TOPIC";

    /// <summary>Serve one TCP client, like the lecture's producer (the default).</summary>
    public sealed record Socket : ProduceTarget;

    /// <summary>Write NDJSON files into <paramref name="Directory"/>.</summary>
    public sealed record File(string Directory) : ProduceTarget;

    /// <summary>Publish to a Kafka topic, one message per record.</summary>
    public sealed record Kafka(string Host, int Port, string Topic) : ProduceTarget
    {
        /// <summary>The broker address as librdkafka's <c>bootstrap.servers</c> takes it (IPv6 literals in brackets).</summary>
        public string BootstrapServers => Host.Contains(':', StringComparison.Ordinal) && !Host.StartsWith('[') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
    }

    /// <summary>Parses a <c>--to</c> value; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ProduceTarget? target, [NotNullWhen(false)] out string? error)
    {
        target = null;
        error = null;
        text ??= "";
        if (text == "socket")
        {
            target = new Socket();
            return true;
        }
        if (text.StartsWith("file:", StringComparison.Ordinal))
        {
            var directory = text["file:".Length..];
            if (directory.Length == 0)
            {
                error = $"--to '{text}': missing directory after 'file:'";
                return false;
            }
            target = new File(directory);
            return true;
        }
        if (text.StartsWith("kafka:", StringComparison.Ordinal))
        {
            var rest = text["kafka:".Length..];
            var slash = rest.IndexOf('/');
            var colon = slash < 0 ? -1 : rest.LastIndexOf(':', slash);
            if (slash < 0 || colon <= 0 || slash == rest.Length - 1
                || !int.TryParse(rest.AsSpan(colon + 1, slash - colon - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
                || port is < 1 or > 65535)
            {
                error = $"--to '{text}': expected kafka:HOST:PORT/TOPIC, e.g. kafka:localhost:9092/transactions";
                return false;
            }
            target = new Kafka(rest[..colon], port, rest[(slash + 1)..]);
            return true;
        }
        error = $"--to '{text}': unknown target; expected {Syntax}";
        return false;
    }
}
