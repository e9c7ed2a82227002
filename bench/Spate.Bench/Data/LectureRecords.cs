namespace Spate.Bench.Data;

/// <summary>
/// Writes the lecture's transactions as NDJSON, byte for byte in Python's <c>json.dumps</c> shape:
/// <c>{"name": "Alice", "surname": "Johnson", "amount": 975.38, "delta_t": 0.12, "flag": 0}</c>.
/// Seeded, so a (seed, users, fraud ratio) triple always gives the same stream. Users below 25 carry the lecture's
/// name pairs; the rest are <c>User{n}</c> / <c>Surname{n % 100}</c>, as <c>spate produce --users</c> names them.
/// </summary>
internal sealed class LectureRecords
{
    /// <summary>Upper bound of one record in bytes, newline included.</summary>
    public const int MaxRecordBytes = 160;

    private static readonly byte[][] FirstNames = ["John"u8.ToArray(), "Andy"u8.ToArray(), "Joe"u8.ToArray(), "Alice"u8.ToArray(), "Jill"u8.ToArray()];
    private static readonly byte[][] LastNames = ["Johnson"u8.ToArray(), "Smith"u8.ToArray(), "Jones"u8.ToArray(), "Millers"u8.ToArray(), "Darby"u8.ToArray()];

    private ulong _state;
    private readonly int _users;
    private readonly double _fraudRatio;

    public LectureRecords(long seed, int users, double fraudRatio)
    {
        _state = (ulong)seed * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL;
        _users = users;
        _fraudRatio = fraudRatio;
    }

    /// <summary>The user index of the last record written.</summary>
    public int LastUser { get; private set; }

    /// <summary>The flag of the last record written.</summary>
    public bool LastFlagged { get; private set; }

    // splitmix64: fast, seedable, good enough for synthetic data.
    private ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private int NextInt(int bound) => (int)((Next() >> 33) % (ulong)bound);
    private double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Writes one record and its newline; returns the byte count.</summary>
    public int Write(Span<byte> d)
    {
        int user = NextInt(_users);
        int amountCents = NextInt(100_000);
        int deltaCents = NextInt(1_000);
        bool flag = NextDouble() < _fraudRatio;
        LastUser = user;
        LastFlagged = flag;
        int n = Put(d, 0, "{\"name\": \""u8);
        if (user < 25) n = Put(d, n, FirstNames[user % 5]);
        else { n = Put(d, n, "User"u8); n = Num(d, n, user); }
        n = Put(d, n, "\", \"surname\": \""u8);
        if (user < 25) n = Put(d, n, LastNames[user / 5]);
        else { n = Put(d, n, "Surname"u8); n = Num(d, n, user % 100); }
        n = Put(d, n, "\", \"amount\": "u8);
        n = Cents(d, n, amountCents);
        n = Put(d, n, ", \"delta_t\": "u8);
        n = Cents(d, n, deltaCents);
        n = Put(d, n, ", \"flag\": "u8);
        d[n++] = flag ? (byte)'1' : (byte)'0';
        d[n++] = (byte)'}';
        d[n++] = (byte)'\n';
        return n;
    }

    private static int Put(Span<byte> d, int n, ReadOnlySpan<byte> s)
    {
        s.CopyTo(d[n..]);
        return n + s.Length;
    }

    private static int Num(Span<byte> d, int n, int v)
    {
        v.TryFormat(d[n..], out int w, default, System.Globalization.CultureInfo.InvariantCulture);
        return n + w;
    }

    // Python's repr of a float rounded to cents: 975.38, 5.1, 10.0.
    private static int Cents(Span<byte> d, int n, int cents)
    {
        n = Num(d, n, cents / 100);
        d[n++] = (byte)'.';
        int frac = cents % 100;
        d[n++] = (byte)('0' + frac / 10);
        if (frac % 10 != 0) d[n++] = (byte)('0' + frac % 10);
        return n;
    }
}
