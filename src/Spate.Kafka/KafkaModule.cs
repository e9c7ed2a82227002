using System.Runtime.CompilerServices;
using Spate.Sources;
using Spate.Streaming;

namespace Spate.Kafka;

/// <summary>Registers the <c>kafka</c> source and sink when the core loads this package on <c>Format("kafka")</c>.</summary>
internal static class KafkaModule
{
    // The core loads connector packages by name and runs their module initializer (ConnectorLoader): intended use.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        StreamingSources.Register("kafka", (format, options, userSchema, session) =>
        {
            if (userSchema != null) throw new AnalysisException("Kafka source has a fixed schema and cannot be set with a custom one");
            var parsed = KafkaSourceOptions.Parse(options, streaming: true);
            return new SourceDescriptor(format, options, KafkaRecordSchema.For(parsed.IncludeHeaders), ctx => new KafkaMicroBatchSource(parsed, ctx));
        });
        StreamingSinks.Register("kafka", (options, mode, partitionBy, session, schema) => new KafkaSink(options, schema), requiresCheckpoint: true);
    }
}
