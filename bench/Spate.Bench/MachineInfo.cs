using System.Runtime.InteropServices;

namespace Spate.Bench;

/// <summary>A one-line description of the machine the numbers come from.</summary>
internal static class MachineInfo
{
    public static string Describe()
    {
        string cpu = "unknown CPU";
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line != null) cpu = line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        long memGb = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes >> 30;
        return $"{Environment.ProcessorCount} cores ({cpu}), {memGb} GB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }
}
