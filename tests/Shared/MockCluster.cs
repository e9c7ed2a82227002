using System.Runtime.InteropServices;
using System.Text;

namespace Spate.TestSupport;

/// <summary>
/// librdkafka's in-process mock cluster (shipped in librdkafka.redist): a real Kafka protocol peer on 127.0.0.1 ports.
/// Each test starts its own and disposes it.
/// </summary>
public sealed class MockCluster : IDisposable
{
    private IntPtr _handle, _cluster;

    public MockCluster(int brokers = 1)
    {
        var err = new StringBuilder(512);
        var conf = Native.rd_kafka_conf_new();
        Native.rd_kafka_conf_set(conf, "log_level", "3", err, (UIntPtr)err.Capacity);
        // The handle owns conf from here on.
        _handle = Native.rd_kafka_new(0, conf, err, (UIntPtr)err.Capacity);
        if (_handle == IntPtr.Zero) throw new InvalidOperationException("Cannot start the Kafka mock cluster: rd_kafka_new failed: " + err);
        _cluster = Native.rd_kafka_mock_cluster_new(_handle, brokers);
        if (_cluster == IntPtr.Zero) throw new InvalidOperationException("Cannot start the Kafka mock cluster: rd_kafka_mock_cluster_new failed");
        BootstrapServers = Marshal.PtrToStringAnsi(Native.rd_kafka_mock_cluster_bootstraps(_cluster))!;
        Native.rd_kafka_mock_group_initial_rebalance_delay_ms(_cluster, 0);
    }

    public string BootstrapServers { get; }

    /// <summary>Creates a topic (the mock has no CreateTopics request).</summary>
    public void CreateTopic(string name, int partitions)
    {
        int rc = Native.rd_kafka_mock_topic_create(_cluster, name, partitions, 1);
        if (rc != 0) throw new InvalidOperationException($"mock topic {name}: {Marshal.PtrToStringAnsi(Native.rd_kafka_err2str(rc))}");
    }

    public void Dispose()
    {
        if (_cluster != IntPtr.Zero) { Native.rd_kafka_mock_cluster_destroy(_cluster); _cluster = IntPtr.Zero; }
        if (_handle != IntPtr.Zero) { Native.rd_kafka_destroy(_handle); _handle = IntPtr.Zero; }
    }

    private static class Native
    {
        private const string Lib = "rdkafka-mock";

        static Native()
        {
            // Bind to the library Confluent.Kafka loads: on Debian the glibc build needs libsasl2.so.3, which is
            // missing, so the centos8 build is the one that loads.
            NativeLibrary.SetDllImportResolver(typeof(Native).Assembly, (name, asm, _) =>
            {
                if (name != Lib) return IntPtr.Zero;
                foreach (var candidate in new[] { "librdkafka", "centos8-librdkafka" })
                    if (NativeLibrary.TryLoad(candidate, asm, DllImportSearchPath.AssemblyDirectory, out var h)) return h;
                foreach (var dir in new[] { Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native") })
                    foreach (var file in new[] { "librdkafka.so", "centos8-librdkafka.so" })
                        if (NativeLibrary.TryLoad(Path.Combine(dir, file), out var h)) return h;
                throw new DllNotFoundException("librdkafka (from the librdkafka.redist package) could not be loaded for the Kafka mock cluster.");
            });
        }

        [DllImport(Lib)] public static extern IntPtr rd_kafka_conf_new();
        [DllImport(Lib)] public static extern int rd_kafka_conf_set(IntPtr conf, string name, string value, StringBuilder errstr, UIntPtr errstrSize);
        [DllImport(Lib)] public static extern IntPtr rd_kafka_new(int type, IntPtr conf, StringBuilder errstr, UIntPtr errstrSize);
        [DllImport(Lib)] public static extern void rd_kafka_destroy(IntPtr rk);
        [DllImport(Lib)] public static extern IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokerCnt);
        [DllImport(Lib)] public static extern IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr mcluster);
        [DllImport(Lib)] public static extern int rd_kafka_mock_topic_create(IntPtr mcluster, string topic, int partitionCnt, int replicationFactor);
        [DllImport(Lib)] public static extern void rd_kafka_mock_group_initial_rebalance_delay_ms(IntPtr mcluster, int delayMs);
        [DllImport(Lib)] public static extern void rd_kafka_mock_cluster_destroy(IntPtr mcluster);
        [DllImport(Lib)] public static extern IntPtr rd_kafka_err2str(int err);
    }
}
