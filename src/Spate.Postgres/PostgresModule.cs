using System.Runtime.CompilerServices;
using Spate.Sql;
using Spate.Streaming;

namespace Spate.Postgres;

/// <summary>Registers the PostgreSQL sink when the package loads (the core loads it on <c>Format("postgres")</c>).</summary>
internal static class PostgresModule
{
#pragma warning disable CA2255 // A connector package registers itself on load by design.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        StreamingSinks.Factory factory = (options, mode, partitionBy, session, schema) =>
        {
            if (partitionBy.Length > 0)
                throw new AnalysisException("[UNSUPPORTED_FEATURE] The postgres sink does not support partitionBy: remove .PartitionBy(...), or add the columns to the table and its keys.");
            return new PostgresSink(options, mode, schema);
        };
        // Database writes carry their own batch-id record, so no checkpoint is needed for exactly-once within a run.
        StreamingSinks.Register("postgres", factory, requiresCheckpoint: false);
        StreamingSinks.Register("postgresql", factory, requiresCheckpoint: false);
        StreamingSinks.Register("jdbc", factory, requiresCheckpoint: false);
    }
}
