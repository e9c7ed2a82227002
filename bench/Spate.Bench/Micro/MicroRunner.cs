namespace Spate.Bench.Micro;
internal static class MicroRunner { public static int Run(string[] a) => 0; }
