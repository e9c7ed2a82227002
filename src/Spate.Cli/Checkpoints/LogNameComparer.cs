using System.Globalization;

namespace Spate.Cli.Checkpoints;

/// <summary>Orders log file names numerically when they are batch ids (2 before 10), otherwise ordinally.</summary>
internal sealed class LogNameComparer : IComparer<string>
{
    public static readonly LogNameComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        var xNumber = long.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var a);
        var yNumber = long.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var b);
        if (xNumber && yNumber) return a.CompareTo(b);
        if (xNumber != yNumber) return xNumber ? -1 : 1;
        return string.CompareOrdinal(x, y);
    }
}
