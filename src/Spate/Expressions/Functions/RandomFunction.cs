using Spate.Columnar;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary><c>rand(seed)</c> (uniform in [0, 1)) and <c>randn(seed)</c> (standard normal). Non-deterministic: one
/// generator per call site, seeded once, so successive batches continue the same sequence.</summary>
internal sealed class RandomFunction : LeafExpression
{
    private readonly object _lock = new();
    private Random? _random;

    public RandomFunction(string name, bool gaussian, long seed)
    {
        Name = name;
        Gaussian = gaussian;
        Seed = seed;
    }

    public string Name { get; }
    public bool Gaussian { get; }
    public long Seed { get; }
    public override DataType DataType => DoubleType.Instance;
    public override bool Nullable => false;
    public override bool Foldable => false;
    public override bool Deterministic => false;
    public override string Sql => $"{Name}({Seed})";
    protected override bool NodeEquals(Expression other) => other is RandomFunction r && r.Seed == Seed && r.Gaussian == Gaussian;

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        int n = batch.RowCount;
        var r = new PrimitiveVector<double>(DoubleType.Instance, n);
        lock (_lock)
        {
            _random ??= new Random(unchecked((int)(Seed ^ (Seed >> 32))));
            for (int i = 0; i < n; i++) r.Values[i] = Gaussian ? NextGaussian(_random) : _random.NextDouble();
        }
        r.SetLength(n);
        return r;
    }

    private static double NextGaussian(Random random)
    {
        // Box-Muller transform.
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
