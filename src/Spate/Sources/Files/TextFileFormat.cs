using System.Text;
using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Sources;

/// <summary>The text file format: one string column <c>value</c>, a row per line (<c>\n</c>, <c>\r\n</c> or
/// <c>\r</c>, or the <c>lineSep</c> option), or the whole file as one row with <c>wholetext</c>.</summary>
internal sealed class TextFileFormat : IFileFormat
{
    private const int BatchRows = 4096;

    public string Name => "text";
    public string Extension => ".txt";

    public StructType InferSchema(IReadOnlyList<string> files, IReadOnlyDictionary<string, string> options) =>
        new(new[] { new StructField("value", new StringType(), true) });

    private static void CheckSchema(StructType schema)
    {
        if (schema.Fields.Count != 1)
            throw new AnalysisException($"[_LEGACY_ERROR_TEMP_1134] Text data source supports only a single column, and you have {schema.Fields.Count} columns.");
        var f = schema.Fields[0];
        if (f.DataType is not StringType)
            throw new AnalysisException($"[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The Text datasource doesn't support the column `{f.Name}` of the type \"{f.DataType.Sql}\".");
    }

    private static string? LineSep(IReadOnlyDictionary<string, string> options)
    {
        if (!options.TryGetValue("lineSep", out var sep)) return null;
        if (sep.Length == 0) throw new ArgumentException("[INVALID_PARAMETER_VALUE] 'lineSep' cannot be an empty string.");
        return sep;
    }

    public IEnumerable<ColumnBatch> Read(Stream file, string path, StructType schema, IReadOnlyDictionary<string, string> options)
    {
        CheckSchema(schema);
        var type = schema.Fields[0].DataType;
        var ms = new MemoryStream();
        file.CopyTo(ms);
        var data = ms.GetBuffer().AsSpan(0, (int)ms.Length).ToArray();
        bool whole = options.TryGetValue("wholetext", out var w) && w.Equals("true", StringComparison.OrdinalIgnoreCase);
        if (whole)
        {
            var v = new StringVector(type, 1, data.Length);
            v.Append(data);
            yield return new ColumnBatch(new ColumnVector[] { v }, 1);
            yield break;
        }
        var sep = LineSep(options);
        var sepBytes = sep == null ? null : Encoding.UTF8.GetBytes(sep);
        int pos = 0;
        var vector = new StringVector(type, BatchRows);
        while (pos < data.Length)
        {
            int end, next;
            var rest = data.AsSpan(pos);
            if (sepBytes == null)
            {
                int i = rest.IndexOfAny((byte)'\n', (byte)'\r');
                if (i < 0) { end = data.Length; next = data.Length; }
                else
                {
                    end = pos + i;
                    next = end + 1;
                    if (data[end] == '\r' && next < data.Length && data[next] == '\n') next++;
                }
            }
            else
            {
                int i = rest.IndexOf(sepBytes);
                if (i < 0) { end = data.Length; next = data.Length; }
                else { end = pos + i; next = end + sepBytes.Length; }
            }
            vector.Append(data.AsSpan(pos, end - pos));
            pos = next;
            if (vector.Length == BatchRows)
            {
                yield return new ColumnBatch(new ColumnVector[] { vector }, vector.Length);
                vector = new StringVector(type, BatchRows);
            }
        }
        if (vector.Length > 0) yield return new ColumnBatch(new ColumnVector[] { vector }, vector.Length);
    }

    public void Write(Stream output, IEnumerable<ColumnBatch> batches, StructType schema, IReadOnlyDictionary<string, string> options)
    {
        CheckSchema(schema);
        var sep = Encoding.UTF8.GetBytes(LineSep(options) ?? "\n");
        // Not disposed: the caller owns the output stream.
        var buffered = new BufferedStream(output, 1 << 16);
        foreach (var batch in batches)
        {
            var v = (StringVector)batch.Columns[0];
            for (int r = 0; r < batch.RowCount; r++)
            {
                // A null row is written as an empty line.
                if (!v.IsNull(r)) buffered.Write(v.GetSpan(r));
                buffered.Write(sep);
            }
        }
        buffered.Flush();
    }
}
