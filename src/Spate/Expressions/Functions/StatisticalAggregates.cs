using Spate.Columnar;
using Spate.Sql.Types;

namespace Spate.Expressions;

/// <summary>Which statistic a <see cref="CentralMomentAggregate"/> produces.</summary>
internal enum MomentKind { StddevSamp, StddevPop, VarSamp, VarPop, Skewness, Kurtosis }

/// <summary><c>stddev</c>, <c>variance</c>, <c>skewness</c>, <c>kurtosis</c>: count, mean and central moments per group,
/// updated one value at a time and merged with the pairwise formulas. A division by zero gives null (Spark's default).</summary>
internal sealed class CentralMomentAggregate : AggregateFunction
{
    public CentralMomentAggregate(string name, MomentKind kind, Expression input) : base(new[] { input }, false)
    {
        Name = name;
        Kind = kind;
    }

    public override string Name { get; }
    public MomentKind Kind { get; }
    public override DataType DataType => DoubleType.Instance;
    public override bool Nullable => true;
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => new CentralMomentAggregate(Name, Kind, children[0]);
    protected override bool NodeEquals(Expression other) => base.NodeEquals(other) && ((CentralMomentAggregate)other).Kind == Kind;

    public override IReadOnlyList<DataType?>? ExpectedInputTypes
    {
        get
        {
            TypeChecks.Require(this, Inputs, 0, t => t is NumericType or StringType, "\"DOUBLE\"");
            return new DataType?[] { DoubleType.Instance };
        }
    }

    public override IReadOnlyList<StructField> BufferFields => new[] { "n", "avg", "m2", "m3", "m4" }.Select(n => new StructField(n, DoubleType.Instance, false)).ToArray();
    public override Aggregator CreateAggregator() => new MomentAggregator(Kind);

    private sealed class MomentAggregator : Aggregator
    {
        private readonly MomentKind _kind;
        private double[] _n = new double[16], _avg = new double[16], _m2 = new double[16], _m3 = new double[16], _m4 = new double[16];

        public MomentAggregator(MomentKind kind) { _kind = kind; }

        public override void EnsureGroups(int count)
        {
            if (count <= _n.Length) return;
            int size = Grow(_n.Length, count);
            Array.Resize(ref _n, size); Array.Resize(ref _avg, size); Array.Resize(ref _m2, size); Array.Resize(ref _m3, size); Array.Resize(ref _m4, size);
        }

        public override void Update(ReadOnlySpan<int> groups, ColumnVector[] inputs, int rowCount)
        {
            var v = (PrimitiveVector<double>)inputs[0];
            for (int i = 0; i < rowCount; i++)
            {
                if (v.IsNull(i)) continue;
                int g = groups[i];
                double n1 = _n[g], n = n1 + 1, x = v.Values[i];
                double delta = x - _avg[g], deltaN = delta / n, deltaN2 = deltaN * deltaN, term1 = delta * deltaN * n1;
                _avg[g] += deltaN;
                _m4[g] += term1 * deltaN2 * (n * n - 3 * n + 3) + 6 * deltaN2 * _m2[g] - 4 * deltaN * _m3[g];
                _m3[g] += term1 * deltaN * (n - 2) - 3 * deltaN * _m2[g];
                _m2[g] += term1;
                _n[g] = n;
            }
        }

        public override void Merge(ReadOnlySpan<int> groups, ColumnVector[] buffers, int offset, int rowCount)
        {
            double[] Col(int k) => ((PrimitiveVector<double>)buffers[offset + k]).Values;
            var bn = Col(0); var bavg = Col(1); var bm2 = Col(2); var bm3 = Col(3); var bm4 = Col(4);
            for (int i = 0; i < rowCount; i++)
            {
                int g = groups[i];
                double na = _n[g], nb = bn[i];
                if (nb == 0) continue;
                if (na == 0) { _n[g] = nb; _avg[g] = bavg[i]; _m2[g] = bm2[i]; _m3[g] = bm3[i]; _m4[g] = bm4[i]; continue; }
                double n = na + nb, delta = bavg[i] - _avg[g], deltaN = delta / n;
                double m2a = _m2[g], m3a = _m3[g];
                _m4[g] = _m4[g] + bm4[i] + delta * deltaN * deltaN * deltaN * na * nb * (na * na - na * nb + nb * nb)
                    + 6 * deltaN * deltaN * (na * na * bm2[i] + nb * nb * m2a) + 4 * deltaN * (na * bm3[i] - nb * m3a);
                _m3[g] = m3a + bm3[i] + deltaN * deltaN * delta * na * nb * (na - nb) + 3 * deltaN * (na * bm2[i] - nb * m2a);
                _m2[g] = m2a + bm2[i] + delta * deltaN * na * nb;
                _avg[g] += deltaN * nb;
                _n[g] = n;
            }
        }

        public override void WriteBuffer(int group, ColumnVector[] outputs, int offset)
        {
            ((PrimitiveVector<double>)outputs[offset]).Append(_n[group]);
            ((PrimitiveVector<double>)outputs[offset + 1]).Append(_avg[group]);
            ((PrimitiveVector<double>)outputs[offset + 2]).Append(_m2[group]);
            ((PrimitiveVector<double>)outputs[offset + 3]).Append(_m3[group]);
            ((PrimitiveVector<double>)outputs[offset + 4]).Append(_m4[group]);
        }

        public override void WriteResult(int group, ColumnVector output)
        {
            var o = (PrimitiveVector<double>)output;
            double n = _n[group], m2 = _m2[group];
            double? r = n == 0 ? null : _kind switch
            {
                MomentKind.VarPop => m2 / n,
                MomentKind.StddevPop => Math.Sqrt(m2 / n),
                MomentKind.VarSamp => n == 1 ? null : m2 / (n - 1),
                MomentKind.StddevSamp => n == 1 ? null : Math.Sqrt(m2 / (n - 1)),
                MomentKind.Skewness => m2 == 0 ? null : Math.Sqrt(n) * _m3[group] / Math.Sqrt(m2 * m2 * m2),
                _ => m2 == 0 ? null : n * _m4[group] / (m2 * m2) - 3.0,
            };
            if (r == null) o.AppendNull(); else o.Append(r.Value);
        }
    }
}

/// <summary>Which statistic a <see cref="CovarianceAggregate"/> produces.</summary>
internal enum CovarianceKind { CovarPop, CovarSamp, Corr }

/// <summary><c>covar_pop</c>, <c>covar_samp</c>, <c>corr</c> over pairs where both values are non-null.</summary>
internal sealed class CovarianceAggregate : AggregateFunction
{
    public CovarianceAggregate(string name, CovarianceKind kind, Expression x, Expression y) : base(new[] { x, y }, false)
    {
        Name = name;
        Kind = kind;
    }

    public override string Name { get; }
    public CovarianceKind Kind { get; }
    public override DataType DataType => DoubleType.Instance;
    public override bool Nullable => true;
    public override Expression WithNewChildren(IReadOnlyList<Expression> children) => new CovarianceAggregate(Name, Kind, children[0], children[1]);
    protected override bool NodeEquals(Expression other) => base.NodeEquals(other) && ((CovarianceAggregate)other).Kind == Kind;

    public override IReadOnlyList<DataType?>? ExpectedInputTypes
    {
        get
        {
            for (int i = 0; i < 2; i++) TypeChecks.Require(this, Inputs, i, t => t is NumericType or StringType, "\"DOUBLE\"");
            return new DataType?[] { DoubleType.Instance, DoubleType.Instance };
        }
    }

    public override IReadOnlyList<StructField> BufferFields => new[] { "n", "xAvg", "yAvg", "ck", "xMk", "yMk" }.Select(n => new StructField(n, DoubleType.Instance, false)).ToArray();
    public override Aggregator CreateAggregator() => new CovarianceAggregator(Kind);

    private sealed class CovarianceAggregator : Aggregator
    {
        private readonly CovarianceKind _kind;
        private double[][] _s = Enumerable.Range(0, 6).Select(_ => new double[16]).ToArray(); // n, xAvg, yAvg, ck, xMk, yMk

        public CovarianceAggregator(CovarianceKind kind) { _kind = kind; }

        public override void EnsureGroups(int count)
        {
            if (count <= _s[0].Length) return;
            int size = Grow(_s[0].Length, count);
            for (int k = 0; k < _s.Length; k++) Array.Resize(ref _s[k], size);
        }

        private void Add(int g, double nb, double xb, double yb, double ckb, double xmb, double ymb)
        {
            double na = _s[0][g];
            if (nb == 0) return;
            if (na == 0) { _s[0][g] = nb; _s[1][g] = xb; _s[2][g] = yb; _s[3][g] = ckb; _s[4][g] = xmb; _s[5][g] = ymb; return; }
            double n = na + nb, dx = xb - _s[1][g], dy = yb - _s[2][g];
            _s[3][g] += ckb + dx * dy * na * nb / n;
            _s[4][g] += xmb + dx * dx * na * nb / n;
            _s[5][g] += ymb + dy * dy * na * nb / n;
            _s[1][g] += dx * nb / n;
            _s[2][g] += dy * nb / n;
            _s[0][g] = n;
        }

        public override void Update(ReadOnlySpan<int> groups, ColumnVector[] inputs, int rowCount)
        {
            var x = (PrimitiveVector<double>)inputs[0];
            var y = (PrimitiveVector<double>)inputs[1];
            for (int i = 0; i < rowCount; i++)
                if (!x.IsNull(i) && !y.IsNull(i)) Add(groups[i], 1, x.Values[i], y.Values[i], 0, 0, 0);
        }

        public override void Merge(ReadOnlySpan<int> groups, ColumnVector[] buffers, int offset, int rowCount)
        {
            var b = Enumerable.Range(0, 6).Select(k => ((PrimitiveVector<double>)buffers[offset + k]).Values).ToArray();
            for (int i = 0; i < rowCount; i++) Add(groups[i], b[0][i], b[1][i], b[2][i], b[3][i], b[4][i], b[5][i]);
        }

        public override void WriteBuffer(int group, ColumnVector[] outputs, int offset)
        {
            for (int k = 0; k < 6; k++) ((PrimitiveVector<double>)outputs[offset + k]).Append(_s[k][group]);
        }

        public override void WriteResult(int group, ColumnVector output)
        {
            var o = (PrimitiveVector<double>)output;
            double n = _s[0][group], ck = _s[3][group];
            double? r = n == 0 ? null : _kind switch
            {
                CovarianceKind.CovarPop => ck / n,
                CovarianceKind.CovarSamp => n == 1 ? null : ck / (n - 1),
                _ => _s[4][group] * _s[5][group] == 0 ? null : ck / Math.Sqrt(_s[4][group] * _s[5][group]),
            };
            if (r == null) o.AppendNull(); else o.Append(r.Value);
        }
    }
}
