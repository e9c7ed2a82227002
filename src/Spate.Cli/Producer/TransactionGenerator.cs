namespace Spate.Cli.Producer;

/// <summary>
/// Generates the lecture's fake credit-card transactions as JSON lines, byte-for-byte in Python's
/// <c>json.dumps</c> shape: <c>{"name": "Alice", "surname": "Johnson", "amount": 975.38, "delta_t": 0.12, "flag": 0}</c>.
/// Writes UTF-8 straight into a caller's buffer: no allocation per record.
/// </summary>
internal sealed class TransactionGenerator
{
    /// <summary>Upper bound of one record's size in bytes, newline included.</summary>
    public const int MaxRecordBytes = 192;

    /// <summary>Users that have the lecture's names: every first name × last name combination.</summary>
    public const int LectureUsers = 25;

    private static readonly byte[][] FirstNames = ["John"u8.ToArray(), "Andy"u8.ToArray(), "Joe"u8.ToArray(), "Alice"u8.ToArray(), "Jill"u8.ToArray()];
    private static readonly byte[][] LastNames = ["Johnson"u8.ToArray(), "Smith"u8.ToArray(), "Jones"u8.ToArray(), "Millers"u8.ToArray(), "Darby"u8.ToArray()];

    // The lecture users' record starts, up to the amount: one copy instead of five appends per record.
    private static readonly byte[][] LecturePrefixes = BuildLecturePrefixes();

    // Numbered surnames cycle so synthetic users share families, like the lecture's names do.
    private const int SyntheticSurnames = 100;

    private Xoshiro256 _random;
    private readonly int _users;
    private readonly double _fraudRatio;
    private readonly double _malformedRatio;

    /// <summary>Creates a generator; the same arguments always give the same stream.</summary>
    /// <param name="seed">PRNG seed.</param>
    /// <param name="users">Distinct (name, surname) pairs; the first 25 use the lecture's names.</param>
    /// <param name="fraudRatio">Probability that <c>flag</c> is 1 (the lecture uses 0.2).</param>
    /// <param name="malformedRatio">Probability that a line is truncated, i.e. not valid JSON.</param>
    public TransactionGenerator(long seed, int users = LectureUsers, double fraudRatio = 0.2, double malformedRatio = 0.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(users, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(fraudRatio);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraudRatio, 1.0);
        ArgumentOutOfRangeException.ThrowIfNegative(malformedRatio);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(malformedRatio, 1.0);
        _random = new Xoshiro256(seed);
        _users = users;
        _fraudRatio = fraudRatio;
        _malformedRatio = malformedRatio;
    }

    /// <summary>
    /// Writes the next record and its trailing <c>\n</c> into <paramref name="destination"/> (at least
    /// <see cref="MaxRecordBytes"/> long) and returns the byte count.
    /// </summary>
    public int Write(Span<byte> destination)
    {
        // Draw everything up front, in a fixed order, so the ratios never shift the rest of the stream.
        var user = _random.NextInt(_users);
        var amountCents = PythonFloat.RoundCents(_random.NextDouble() * 1000);
        var deltaCents = PythonFloat.RoundCents(_random.NextDouble() * 10);
        var flag = _random.NextDouble() < _fraudRatio ? 1 : 0;
        var malformed = _random.NextDouble() < _malformedRatio;

        var n = user < LectureUsers ? Append(destination, 0, LecturePrefixes[user]) : AppendPrefix(destination, user);
        n += PythonFloat.WriteCents(amountCents, destination[n..]);
        n = Append(destination, n, ", \"delta_t\": "u8);
        n += PythonFloat.WriteCents(deltaCents, destination[n..]);
        n = Append(destination, n, ", \"flag\": "u8);
        destination[n++] = (byte)('0' + flag);
        destination[n++] = (byte)'}';

        if (malformed)
        {
            // Keep 1..n-1 bytes: a strict prefix of an object lacks its closing brace, so it is never valid JSON.
            n = 1 + _random.NextInt(n - 1);
        }
        destination[n++] = (byte)'\n';
        return n;
    }

    /// <summary>Writes <c>{"name": "…", "surname": "…", "amount": </c> for <paramref name="user"/>.</summary>
    private static int AppendPrefix(Span<byte> destination, int user)
    {
        var n = Append(destination, 0, "{\"name\": \""u8);
        n = AppendFirstName(destination, n, user);
        n = Append(destination, n, "\", \"surname\": \""u8);
        n = AppendLastName(destination, n, user);
        return Append(destination, n, "\", \"amount\": "u8);
    }

    private static byte[][] BuildLecturePrefixes()
    {
        var prefixes = new byte[LectureUsers][];
        var buffer = new byte[MaxRecordBytes];
        for (var user = 0; user < LectureUsers; user++)
        {
            prefixes[user] = buffer.AsSpan(0, AppendPrefix(buffer, user)).ToArray();
        }
        return prefixes;
    }

    private static int Append(Span<byte> destination, int offset, ReadOnlySpan<byte> text)
    {
        text.CopyTo(destination[offset..]);
        return offset + text.Length;
    }

    private static int AppendFirstName(Span<byte> destination, int offset, int user)
    {
        if (user < LectureUsers)
        {
            return Append(destination, offset, FirstNames[user % FirstNames.Length]);
        }
        offset = Append(destination, offset, "User"u8);
        return AppendNumber(destination, offset, user);
    }

    private static int AppendLastName(Span<byte> destination, int offset, int user)
    {
        if (user < LectureUsers)
        {
            return Append(destination, offset, LastNames[user / FirstNames.Length]);
        }
        offset = Append(destination, offset, "Surname"u8);
        return AppendNumber(destination, offset, user % SyntheticSurnames);
    }

    private static int AppendNumber(Span<byte> destination, int offset, int value)
    {
        value.TryFormat(destination[offset..], out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        return offset + written;
    }
}
