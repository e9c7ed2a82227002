using System.Numerics;
using System.Text;
using Spate.Cli.Producer;

namespace Spate.Cli.Tests.Producer;

public class PythonFloatTests
{
    [Theory]
    [InlineData(97538L, "975.38")]
    [InlineData(6290L, "62.9")]
    [InlineData(10000L, "100.0")]
    [InlineData(100000L, "1000.0")]
    [InlineData(0L, "0.0")]
    [InlineData(50L, "0.5")]
    [InlineData(5L, "0.05")]
    [InlineData(12L, "0.12")]
    [InlineData(101L, "1.01")]
    [InlineData(-250L, "-2.5")]
    [InlineData(-7L, "-0.07")]
    public void WriteCents_Value_MatchesPythonRepr(long cents, string expected)
    {
        var buffer = new byte[PythonFloat.MaxBytes];
        var length = PythonFloat.WriteCents(cents, buffer);
        Assert.Equal(expected, Encoding.UTF8.GetString(buffer, 0, length));
    }

    [Fact]
    public void WriteCents_LongMinValue_DoesNotOverflow()
    {
        var buffer = new byte[PythonFloat.MaxBytes];
        var length = PythonFloat.WriteCents(long.MinValue, buffer);
        Assert.Equal("-92233720368547758.08", Encoding.UTF8.GetString(buffer, 0, length));
    }

    // Expected values printed by CPython 3: json.dumps(float('{:.2f}'.format(x))).
    [Theory]
    [InlineData(0.125, 12L)]     // exact binary tie: to even
    [InlineData(0.375, 38L)]     // exact binary tie: to even
    [InlineData(2.675, 267L)]    // really 2.67499999...
    [InlineData(1.005, 100L)]    // really 1.00499999...
    [InlineData(0.005, 1L)]      // really 0.00500000000000000010...
    [InlineData(0.015, 1L)]      // really 0.01499999...
    [InlineData(999.999, 100000L)]
    [InlineData(62.9, 6290L)]
    [InlineData(0.0, 0L)]
    [InlineData(-0.125, -12L)]
    public void RoundCents_Value_MatchesPythonFormat(double value, long expected)
    {
        Assert.Equal(expected, PythonFloat.RoundCents(value));
    }

    [Fact]
    public void RoundCents_RandomAndTieValues_MatchExactRationalRounding()
    {
        var random = new Random(1234);
        for (var i = 0; i < 200_000; i++)
        {
            // Half random doubles like the generator's, half exact multiples of 1/2^k, many of them exact ties.
            var value = i % 2 == 0
                ? random.NextDouble() * Math.Pow(10, random.Next(-3, 7))
                : random.Next(0, 1 << 20) / (double)(1 << random.Next(0, 12));
            Assert.True(ExactCents(value) == PythonFloat.RoundCents(value), $"value {value:R}");
        }
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e14)]
    public void RoundCents_UnsupportedValue_Throws(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PythonFloat.RoundCents(value));
    }

    // Oracle: round value * 100 half to even using exact big-integer arithmetic on the double's binary value.
    private static long ExactCents(double value)
    {
        var bits = BitConverter.DoubleToInt64Bits(value);
        var negative = bits < 0;
        var exponentBits = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xF_FFFF_FFFF_FFFFL;
        if (exponentBits == 0)
        {
            exponentBits = 1;
        }
        else
        {
            mantissa |= 1L << 52;
        }
        var exponent = exponentBits - 1075;
        BigInteger numerator = new BigInteger(mantissa) * 100;
        BigInteger result;
        if (exponent >= 0)
        {
            result = numerator << exponent;
        }
        else
        {
            var denominator = BigInteger.One << -exponent;
            var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
            var twice = remainder * 2;
            result = twice > denominator || (twice == denominator && !quotient.IsEven) ? quotient + 1 : quotient;
        }
        return (long)(negative ? -result : result);
    }
}
