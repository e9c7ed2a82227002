using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Spate.Cli.Producer;

namespace Spate.Cli.Tests.Producer;

public partial class TransactionGeneratorTests
{
    [GeneratedRegex("""^\{"name": "(John|Andy|Joe|Alice|Jill)", "surname": "(Johnson|Smith|Jones|Millers|Darby)", "amount": (0|[1-9]\d*)\.\d{1,2}, "delta_t": (0|[1-9]\d*)\.\d{1,2}, "flag": [01]\}\n$""")]
    private static partial Regex LectureLine();

    [Fact]
    public void Write_DefaultUsers_EveryLineHasLectureShape()
    {
        var generator = new TransactionGenerator(seed: 1);
        var buffer = new byte[TransactionGenerator.MaxRecordBytes];
        var pairs = new HashSet<(string, string)>();
        for (var i = 0; i < 5_000; i++)
        {
            var line = Encoding.UTF8.GetString(buffer, 0, generator.Write(buffer));
            Assert.Matches(LectureLine(), line);
            var root = JsonDocument.Parse(line).RootElement;
            var amount = root.GetProperty("amount").GetDouble();
            var deltaT = root.GetProperty("delta_t").GetDouble();
            Assert.InRange(amount, 0.0, 1000.0);
            Assert.InRange(deltaT, 0.0, 10.0);
            // Python would print the value with at most two decimals, and never a trailing zero after the first.
            Assert.DoesNotMatch(@"\.\d0,", line);
            pairs.Add((root.GetProperty("name").GetString()!, root.GetProperty("surname").GetString()!));
        }
        Assert.Equal(25, pairs.Count);
    }

    [Fact]
    public void Write_ManyUsers_SyntheticNamesAreNumbered()
    {
        var generator = new TransactionGenerator(seed: 2, users: 1_000);
        var buffer = new byte[TransactionGenerator.MaxRecordBytes];
        var synthetic = 0;
        for (var i = 0; i < 2_000; i++)
        {
            var root = JsonDocument.Parse(buffer.AsMemory(0, generator.Write(buffer))).RootElement;
            var name = root.GetProperty("name").GetString()!;
            var surname = root.GetProperty("surname").GetString()!;
            if (name.StartsWith("User", StringComparison.Ordinal))
            {
                synthetic++;
                var user = int.Parse(name["User".Length..], System.Globalization.CultureInfo.InvariantCulture);
                Assert.InRange(user, 25, 999);
                Assert.Equal($"Surname{user % 100}", surname);
            }
        }
        // 975 of 1000 users are synthetic.
        Assert.InRange(synthetic, 1_850, 2_000);
    }

    [Fact]
    public void Write_LargestUserId_FitsMaxRecordBytes()
    {
        var generator = new TransactionGenerator(seed: 3, users: int.MaxValue);
        var buffer = new byte[TransactionGenerator.MaxRecordBytes];
        for (var i = 0; i < 1_000; i++)
        {
            Assert.InRange(generator.Write(buffer), 60, TransactionGenerator.MaxRecordBytes);
        }
    }

    [Fact]
    public void Write_SteadyState_AllocatesNothing()
    {
        var generator = new TransactionGenerator(seed: 4, users: 100_000, malformedRatio: 0.1);
        var buffer = new byte[TransactionGenerator.MaxRecordBytes];
        generator.Write(buffer);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            generator.Write(buffer);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Write_MalformedRatioOne_EveryLineIsInvalidJsonEndingInNewline()
    {
        var generator = new TransactionGenerator(seed: 5, malformedRatio: 1.0);
        var buffer = new byte[TransactionGenerator.MaxRecordBytes];
        for (var i = 0; i < 1_000; i++)
        {
            var length = generator.Write(buffer);
            Assert.Equal((byte)'\n', buffer[length - 1]);
            Assert.True(length >= 2);
            Assert.DoesNotContain((byte)'\n', buffer.AsSpan(0, length - 1).ToArray());
            Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(buffer.AsMemory(0, length)));
        }
    }

    [Fact]
    public void Write_FraudRatioZeroAndOne_FlagIsConstant()
    {
        var buffer = new byte[TransactionGenerator.MaxRecordBytes];
        var never = new TransactionGenerator(seed: 6, fraudRatio: 0.0);
        var always = new TransactionGenerator(seed: 6, fraudRatio: 1.0);
        for (var i = 0; i < 1_000; i++)
        {
            Assert.EndsWith("\"flag\": 0}\n", Encoding.UTF8.GetString(buffer, 0, never.Write(buffer)), StringComparison.Ordinal);
            Assert.EndsWith("\"flag\": 1}\n", Encoding.UTF8.GetString(buffer, 0, always.Write(buffer)), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(0, 0.2, 0.0)]
    [InlineData(25, -0.1, 0.0)]
    [InlineData(25, 0.2, 1.5)]
    public void Constructor_OutOfRangeArgument_Throws(int users, double fraudRatio, double malformedRatio)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransactionGenerator(1, users, fraudRatio, malformedRatio));
    }
}
