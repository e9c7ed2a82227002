using System.Reflection;

namespace Spate.Sql;

/// <summary>
/// Loads connector packages on first use: <c>Format("kafka")</c> loads <c>Spate.Kafka</c>, whose module initializer
/// registers its source and sink. A program only has to reference the package; no registration call is needed.
/// </summary>
internal static class ConnectorLoader
{
    private static readonly Dictionary<string, string> AssemblyByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["kafka"] = "Spate.Kafka",
        ["postgres"] = "Spate.Postgres",
        ["postgresql"] = "Spate.Postgres",
        ["jdbc"] = "Spate.Postgres",
        ["sqlite"] = "Spate.Sqlite",
        ["s3"] = "Spate.S3",
        ["s3a"] = "Spate.S3",
        ["ui"] = "Spate.Ui",
        ["rocksdb"] = "Spate.RocksDb",
    };

    private static readonly HashSet<string> Tried = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Loads the package for a format or URI scheme, if there is one and it is deployed; true when it loaded now or before.</summary>
    public static bool TryLoad(string formatOrScheme)
    {
        if (!AssemblyByName.TryGetValue(formatOrScheme, out var assemblyName)) return false;
        lock (Tried)
        {
            if (!Tried.Add(assemblyName)) return AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == assemblyName);
        }
        try
        {
            var asm = Assembly.Load(new AssemblyName(assemblyName));
            // Run the module initializer, which registers the connector.
            System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(asm.ManifestModule.ModuleHandle);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            return false;
        }
    }

    /// <summary>The package that provides a format, for error messages.</summary>
    public static string? PackageFor(string formatOrScheme) => AssemblyByName.GetValueOrDefault(formatOrScheme);
}
