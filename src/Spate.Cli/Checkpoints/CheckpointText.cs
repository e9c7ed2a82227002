using System.Globalization;
using System.Text;

namespace Spate.Cli.Checkpoints;

/// <summary>The human-readable report of <c>spate checkpoint show</c>.</summary>
internal static class CheckpointText
{
    /// <summary>Batches listed one per line; older ones are summarised.</summary>
    private const int BatchesShown = 20;

    public static string Format(CheckpointInfo info)
    {
        var text = new StringBuilder();
        text.Append("Checkpoint: ").AppendLine(info.Path);
        text.Append("Query id:   ").AppendLine(info.QueryId ?? "(no metadata file)");
        text.AppendLine();

        AppendBatches(text, info);
        AppendLatestOffsets(text, info);
        AppendSources(text, info);
        AppendState(text, info);
        return text.ToString();
    }

    private static void AppendBatches(StringBuilder text, CheckpointInfo info)
    {
        if (info.Batches.Count == 0)
        {
            text.AppendLine("Batches: none yet (the offset log is empty).");
            text.AppendLine();
            return;
        }
        var committed = info.Batches.Count(b => b.Committed);
        text.Append(CultureInfo.InvariantCulture,
            $"Batches: {info.Batches.Count} in the offset log ({Range(info.Batches.Select(b => b.BatchId))}), {committed} committed");
        text.AppendLine(committed == 0 ? "" : $" ({Range(info.Batches.Where(b => b.Committed).Select(b => b.BatchId))})");
        var rows = new List<string[]> { new[] { "batch", "committed", "batchWatermarkMs", "batchTimestampMs", "time (UTC)" } };
        var shown = info.Batches.Skip(Math.Max(0, info.Batches.Count - BatchesShown)).ToList();
        rows.AddRange(shown.Select(b => new[]
        {
            b.BatchId.ToString(CultureInfo.InvariantCulture), b.Committed ? "yes" : "no",
            b.BatchWatermarkMs.ToString(CultureInfo.InvariantCulture), b.BatchTimestampMs.ToString(CultureInfo.InvariantCulture), Time(b.BatchTimestampMs),
        }));
        if (shown.Count < info.Batches.Count) text.AppendLine(CultureInfo.InvariantCulture, $"  ({info.Batches.Count - shown.Count} earlier batches not listed)");
        AppendTable(text, rows, "  ");
        if (info.UncommittedBatchId is { } pending)
            text.AppendLine(CultureInfo.InvariantCulture,
                $"Batch {pending} is not committed: the query stopped while running it; on restart it runs again with the same offsets.");
        else
            text.AppendLine(CultureInfo.InvariantCulture, $"Every batch is committed; the next batch is {info.Batches[^1].BatchId + 1}.");
        text.AppendLine();
    }

    private static void AppendLatestOffsets(StringBuilder text, CheckpointInfo info)
    {
        if (info.LatestOffsets is not { } latest) return;
        text.AppendLine(CultureInfo.InvariantCulture, $"Latest offsets (batch {latest.BatchId}):");
        text.AppendLine(CultureInfo.InvariantCulture, $"  batchWatermarkMs: {latest.BatchWatermarkMs}{(latest.BatchWatermarkMs > 0 ? $" ({Time(latest.BatchWatermarkMs)})" : "")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  batchTimestampMs: {latest.BatchTimestampMs} ({Time(latest.BatchTimestampMs)})");
        if (latest.Conf.Count == 0)
        {
            text.AppendLine("  conf: none");
        }
        else
        {
            text.AppendLine("  conf:");
            foreach (var (key, value) in latest.Conf.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                text.AppendLine(CultureInfo.InvariantCulture, $"    {key} = {value}");
        }
        text.AppendLine();
    }

    private static void AppendSources(StringBuilder text, CheckpointInfo info)
    {
        if (info.Sources.Count == 0) return;
        text.AppendLine("Sources:");
        foreach (var source in info.Sources)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  source {source.Index}: offset {source.Offset ?? "(none yet)"}");
            if (source.Files.Count > 0)
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"    sources/{source.Index}: {source.Files.Count} {Plural(source.Files.Count, "file")} ({Names(source.Files.Select(f => f.Name))}), {Size(source.Files.Sum(f => f.Bytes))}");
        }
        text.AppendLine();
    }

    private static void AppendState(StringBuilder text, CheckpointInfo info)
    {
        if (info.State.Count == 0)
        {
            text.AppendLine("State: none (no stateful operator has written state).");
            return;
        }
        text.AppendLine("State:");
        foreach (var op in info.State)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  operator {op.OperatorId}{(op.OperatorName is null ? "" : $" ({op.OperatorName})")}:");
            text.AppendLine(CultureInfo.InvariantCulture, $"    key schema:   {op.KeySchema ?? "(no _metadata/schema file)"}");
            text.AppendLine(CultureInfo.InvariantCulture, $"    value schema: {op.ValueSchema ?? "(no _metadata/schema file)"}");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"    {op.Partitions.Count} {Plural(op.Partitions.Count, "partition")}, latest version {op.LatestVersion}, {Size(op.Bytes)}, {op.Keys} {Plural(op.Keys, "key")}");
            var rows = new List<string[]> { new[] { "partition", "latest version", "deltas", "snapshots", "size", "keys (at version)" } };
            rows.AddRange(op.Partitions.Select(p => new[]
            {
                p.Partition.ToString(CultureInfo.InvariantCulture), p.LatestVersion.ToString(CultureInfo.InvariantCulture),
                p.Deltas.ToString(CultureInfo.InvariantCulture), p.Snapshots.ToString(CultureInfo.InvariantCulture), Size(p.Bytes),
                $"{p.Keys} ({p.KeysVersion})",
            }));
            AppendTable(text, rows, "    ");
        }
    }

    private static void AppendTable(StringBuilder text, List<string[]> rows, string indent)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
            text.Append(indent).AppendLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
    }

    /// <summary>"0-5" for consecutive ids, else the ids listed ("0, 2, 3").</summary>
    private static string Range(IEnumerable<long> ids)
    {
        var list = ids.ToList();
        return list[^1] - list[0] == list.Count - 1
            ? (list.Count == 1 ? list[0].ToString(CultureInfo.InvariantCulture) : $"{list[0]}-{list[^1]}")
            : string.Join(", ", list);
    }

    private static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count <= 5 ? string.Join(", ", list) : $"{string.Join(", ", list.Take(2))}, ..., {string.Join(", ", list.TakeLast(2))}";
    }

    private static string Plural(long n, string word) => n == 1 ? word : word + "s";

    internal static string Time(long epochMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    internal static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
    };
}
