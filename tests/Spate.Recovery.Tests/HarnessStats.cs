namespace Spate.Recovery.Tests;

/// <summary>Totals over the test run (kills performed, input rows whose exactly-once processing was checked), for the logs.</summary>
internal static class HarnessStats
{
    private static long _kills, _rows;

    public static long Kills => Interlocked.Read(ref _kills);
    public static long RowsChecked => Interlocked.Read(ref _rows);

    public static void AddKills(long n) => Interlocked.Add(ref _kills, n);
    public static void AddRowsChecked(long n) => Interlocked.Add(ref _rows, n);

    public static string Summary => $"harness totals so far: {Kills} kills, {RowsChecked} input rows checked";
}
