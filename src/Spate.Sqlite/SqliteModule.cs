using System.Runtime.CompilerServices;
using Spate.Sql;
using Spate.Streaming;

namespace Spate.Sqlite;

/// <summary>Registers the SQLite sink when the package loads (the core loads it on <c>Format("sqlite")</c>).</summary>
internal static class SqliteModule
{
#pragma warning disable CA2255 // A connector package registers itself on load by design.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        StreamingSinks.Register("sqlite", (options, mode, partitionBy, session, schema) =>
        {
            if (partitionBy.Length > 0)
                throw new AnalysisException("[UNSUPPORTED_FEATURE] The sqlite sink does not support partitionBy: remove .PartitionBy(...), or add the columns to the table and its keys.");
            return new SqliteSink(options, mode, schema);
        }, requiresCheckpoint: false);
    }
}
