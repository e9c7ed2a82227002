using System.Runtime.CompilerServices;
using Spate.Sources;
using Spate.Sql;

namespace Spate.S3;

/// <summary>Registers the S3 file system for <c>s3://</c> and <c>s3a://</c> paths when the package loads (the core loads
/// it on the first such path), and follows sessions for their <c>spark.hadoop.fs.s3a.*</c> settings.</summary>
internal static class S3Registration
{
#pragma warning disable CA2255 // A connector package registers itself on load: that is the intended use here.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        lock (FileSystems.ByScheme)
        {
            FileSystems.ByScheme["s3"] = S3FileSystem.Default;
            FileSystems.ByScheme["s3a"] = S3FileSystem.Default;
        }
        SparkSession.SessionStarted += S3SessionConf.OnSessionStarted;
    }
}
