namespace Spate.Cli.Producer;

/// <summary>
/// Python's <c>float('{:.2f}'.format(x))</c> followed by <c>json.dumps</c>/<c>repr</c>, without strings: the value is
/// carried as an integer number of hundredths ("cents") and written straight as UTF-8.
/// </summary>
internal static class PythonFloat
{
    /// <summary>Longest output of <see cref="WriteCents"/>: sign, 19 digits, point, two decimals.</summary>
    public const int MaxBytes = 24;

    // Beyond this, v * 100 may exceed 2^52, where x.5 midpoints stop being representable (and repr goes exponential).
    private const double MaxMagnitude = 1e13;

    /// <summary>
    /// Rounds <paramref name="value"/> to hundredths exactly as Python's <c>'{:.2f}'</c> does: on the exact binary
    /// value, ties to even. So 0.125 → 12 (a true tie), 2.675 → 267 (2.675 is really 2.67499999…), 0.005 → 1.
    /// </summary>
    public static long RoundCents(double value)
    {
        if (!double.IsFinite(value) || Math.Abs(value) > MaxMagnitude)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Only finite values up to 1e13 in magnitude are supported.");
        }

        var product = value * 100.0;
        var floor = Math.Floor(product);
        if (product - floor != 0.5)
        {
            // The rounded product is not a midpoint, so the exact product rounds to the same integer:
            // a midpoint lying between them would be nearer to the exact product than the rounded one is.
            return (long)Math.Round(product, MidpointRounding.ToEven);
        }

        // The rounded product is a midpoint: the sign of the multiplication's rounding error decides the side.
        var error = Math.FusedMultiplyAdd(value, 100.0, -product);
        var low = (long)floor;
        if (error > 0)
        {
            return low + 1;
        }
        if (error < 0)
        {
            return low;
        }
        return (low & 1) == 0 ? low : low + 1;
    }

    /// <summary>
    /// Writes <paramref name="cents"/>/100 as Python's repr of the nearest double: shortest digits, always with a
    /// decimal point (97538 → <c>975.38</c>, 6290 → <c>62.9</c>, 10000 → <c>100.0</c>, 0 → <c>0.0</c>).
    /// Returns the number of bytes written.
    /// </summary>
    public static int WriteCents(long cents, Span<byte> destination)
    {
        var n = 0;
        ulong magnitude;
        if (cents < 0)
        {
            destination[n++] = (byte)'-';
            magnitude = (ulong)(-(cents + 1)) + 1; // long.MinValue safe
        }
        else
        {
            magnitude = (ulong)cents;
        }

        var whole = magnitude / 100;
        var fraction = (int)(magnitude % 100);
        if (whole < 1000)
        {
            // The producer's amounts and delta_t: up to three digits, written directly (the general path is slower).
            var w = (int)whole;
            if (w >= 100) destination[n++] = (byte)('0' + w / 100);
            if (w >= 10) destination[n++] = (byte)('0' + w / 10 % 10);
            destination[n++] = (byte)('0' + w % 10);
        }
        else if (whole.TryFormat(destination[n..], out var written, default, System.Globalization.CultureInfo.InvariantCulture))
        {
            n += written;
        }
        else
        {
            throw new ArgumentException("Destination too small.", nameof(destination));
        }
        destination[n++] = (byte)'.';
        if (fraction % 10 == 0)
        {
            destination[n++] = (byte)('0' + fraction / 10);
        }
        else
        {
            destination[n++] = (byte)('0' + fraction / 10);
            destination[n++] = (byte)('0' + fraction % 10);
        }
        return n;
    }
}
