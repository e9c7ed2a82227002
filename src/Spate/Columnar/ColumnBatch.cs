using Spate.Sql.Types;

namespace Spate.Columnar;

/// <summary>
/// A batch of rows held column by column. The receiver of a batch owns it: operators never mutate a batch
/// they were given, they build new vectors (or reuse the input's vectors unchanged).
/// </summary>
internal sealed class ColumnBatch
{
    public ColumnBatch(ColumnVector[] columns, int rowCount)
    {
        Columns = columns;
        RowCount = rowCount;
    }

    public ColumnVector[] Columns { get; }
    public int RowCount { get; }

    public static ColumnBatch Empty(IReadOnlyList<DataType> types) =>
        new(types.Select(t => ColumnVector.Create(t, 0)).ToArray(), 0);

    public ColumnBatch Take(ReadOnlySpan<int> rows)
    {
        var cols = new ColumnVector[Columns.Length];
        for (int i = 0; i < cols.Length; i++) cols[i] = Columns[i].Take(rows);
        return new ColumnBatch(cols, rows.Length);
    }

    public ColumnBatch Slice(int start, int count)
    {
        if (start == 0 && count == RowCount) return this;
        var cols = new ColumnVector[Columns.Length];
        for (int i = 0; i < cols.Length; i++) cols[i] = Columns[i].Slice(start, count);
        return new ColumnBatch(cols, count);
    }

    /// <summary>Concatenates batches of the same layout into one.</summary>
    public static ColumnBatch Concat(IReadOnlyList<ColumnBatch> batches, IReadOnlyList<DataType> types)
    {
        if (batches.Count == 1) return batches[0];
        int rows = batches.Sum(b => b.RowCount);
        var cols = new ColumnVector[types.Count];
        for (int c = 0; c < cols.Length; c++)
        {
            cols[c] = ColumnVector.Create(types[c], rows);
            foreach (var b in batches) cols[c].AppendAll(b.Columns[c]);
        }
        return new ColumnBatch(cols, rows);
    }

    public object?[] GetRowValues(int row)
    {
        var values = new object?[Columns.Length];
        for (int c = 0; c < values.Length; c++) values[c] = Columns[c].GetValue(row);
        return values;
    }
}
