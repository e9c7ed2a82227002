using System.Text;
using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Sources;

/// <summary>The csv file format: Spark's CSV options, schema inference, parse modes with
/// <c>_corrupt_record</c>, and Spark's value formatting when writing. Records are parsed straight into column vectors.</summary>
internal sealed class CsvFileFormat : IFileFormat
{
    private const int BatchRows = 4096;

    public string Name => "csv";
    public string Extension => ".csv";

    /// <summary>The bytes of a whole file as UTF-8 (other encodings are transcoded once).</summary>
    private static byte[] ReadAll(Stream file, CsvOptions o, out int length)
    {
        var ms = new MemoryStream();
        file.CopyTo(ms);
        if (o.Encoding.CodePage == Encoding.UTF8.CodePage)
        {
            length = (int)ms.Length;
            return ms.GetBuffer();
        }
        var bytes = Encoding.UTF8.GetBytes(o.Encoding.GetString(ms.GetBuffer(), 0, (int)ms.Length));
        length = bytes.Length;
        return bytes;
    }

    private static void CheckTypes(StructType schema, string? corruptColumn)
    {
        foreach (var f in schema.Fields)
        {
            if (f.Name == corruptColumn) continue;
            if (f.DataType is BinaryType or StructType or ArrayType or MapType)
                throw new AnalysisException($"[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The CSV datasource doesn't support the column `{f.Name}` of the type \"{f.DataType.Sql}\".");
        }
    }

    public StructType InferSchema(IReadOnlyList<string> files, IReadOnlyDictionary<string, string> options)
    {
        var o = new CsvOptions(options);
        string[]? names = null;
        DataType[]? types = null;
        long seen = 0, taken = 0;
        foreach (var path in files)
        {
            using var stream = FileSystems.For(path).OpenRead(path);
            var data = ReadAll(stream, o, out int length);
            var t = new CsvTokenizer(data, length, o);
            if (!t.Next()) continue;
            if (names == null)
            {
                names = o.Header ? CsvSchemaInference.HeaderNames(t, o) : Enumerable.Range(0, t.FieldCount).Select(i => $"_c{i}").ToArray();
                types = names.Select(_ => (DataType)NullType.Instance).ToArray();
                if (!o.InferSchema) break;
                if (o.Header && !t.Next()) continue;
            }
            else if (o.Header && !t.Next()) continue;
            do
            {
                seen++;
                // samplingRatio keeps an evenly spread share of the records.
                if (o.SamplingRatio < 1.0 && Math.Floor(seen * o.SamplingRatio) == Math.Floor((seen - 1) * o.SamplingRatio)) continue;
                taken++;
                int n = Math.Min(t.FieldCount, types!.Length);
                for (int i = 0; i < n; i++)
                {
                    var text = t.Field(i);
                    if (IsNull(text, o)) continue;
                    types[i] = CsvSchemaInference.InferField(types[i], text, o);
                }
            } while (t.Next());
        }
        if (names == null) return new StructType();
        return new StructType(names.Select((n, i) => new StructField(n,
            !o.InferSchema || types![i] is NullType ? new StringType() : types[i], true)).ToArray());
    }

    private static bool IsNull(ReadOnlySpan<byte> text, CsvOptions o)
    {
        if (o.NullValue.Length == 0) return text.Length == 0;
        return Encoding.UTF8.GetByteCount(o.NullValue) == text.Length && text.SequenceEqual(Encoding.UTF8.GetBytes(o.NullValue));
    }

    public IEnumerable<ColumnBatch> Read(Stream file, string path, StructType schema, IReadOnlyDictionary<string, string> options)
    {
        var o = new CsvOptions(options);
        int corrupt = schema.Fields.FindIndex(f => f.Name == o.ColumnNameOfCorruptRecord);
        if (corrupt >= 0 && (schema.Fields[corrupt].DataType is not StringType || !schema.Fields[corrupt].IsNullable))
            throw new AnalysisException("[INVALID_CORRUPT_RECORD_TYPE] The column `" + o.ColumnNameOfCorruptRecord + "` for corrupt records must have the nullable STRING type, but got " + schema.Fields[corrupt].DataType.Sql + ".");
        CheckTypes(schema, corrupt >= 0 ? o.ColumnNameOfCorruptRecord : null);
        var dataColumns = Enumerable.Range(0, schema.Fields.Count).Where(i => i != corrupt).ToArray();
        var nullBytes = Encoding.UTF8.GetBytes(o.NullValue);
        var datePatterns = CsvValues.Patterns(o.DateFormat);
        var tsPatterns = CsvValues.Patterns(o.TimestampFormat);

        var data = ReadAll(file, o, out int length);
        var t = new CsvTokenizer(data, length, o);
        if (o.Header && t.Next() && !o.EnforceSchema) CheckHeader(t, schema, dataColumns, path);

        ColumnVector[] NewVectors() => schema.Fields.Select(f => ColumnVector.Create(f.DataType, BatchRows)).ToArray();
        var vectors = NewVectors();
        int rows = 0;
        List<int>? keep = null;
        while (t.Next())
        {
            bool malformed = t.FieldCount != dataColumns.Length;
            for (int j = 0; j < dataColumns.Length; j++)
            {
                var v = vectors[dataColumns[j]];
                if (j >= t.FieldCount) { v.AppendNull(); continue; }
                var text = t.Field(j);
                if (text.SequenceEqual(nullBytes)) { v.AppendNull(); continue; }
                if (!CsvValues.TryAppend(v, text, o, datePatterns, tsPatterns))
                {
                    v.AppendNull();
                    malformed = true;
                }
            }
            if (malformed && o.Mode == ParseMode.FailFast)
                throw new SparkException("[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing: "
                    + PartialRow(vectors, dataColumns, rows) + ".\nParse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'.");
            if (corrupt >= 0)
            {
                var cv = (StringVector)vectors[corrupt];
                if (malformed) cv.Append(t.Record); else cv.AppendNull();
            }
            if (o.Mode == ParseMode.DropMalformed)
            {
                if (malformed) keep ??= Enumerable.Range(0, rows).ToList();
                else keep?.Add(rows);
            }
            rows++;
            if (rows == BatchRows)
            {
                yield return Finish(vectors, rows, keep);
                vectors = NewVectors();
                rows = 0;
                keep = null;
            }
        }
        if (rows > 0) yield return Finish(vectors, rows, keep);
    }

    private static ColumnBatch Finish(ColumnVector[] vectors, int rows, List<int>? keep)
    {
        var batch = new ColumnBatch(vectors, rows);
        return keep == null ? batch : batch.Take(keep.ToArray());
    }

    /// <summary>The row as parsed so far, as Spark prints it in the FAILFAST error: <c>[1,null]</c>.</summary>
    private static string PartialRow(ColumnVector[] vectors, int[] dataColumns, int row) =>
        "[" + string.Join(",", dataColumns.Select(c => ValueConverter.ToDisplayString(vectors[c].GetValue(row)))) + "]";

    private static void CheckHeader(CsvTokenizer t, StructType schema, int[] dataColumns, string path)
    {
        var header = Enumerable.Range(0, t.FieldCount).Select(i => Encoding.UTF8.GetString(t.Field(i))).ToArray();
        var names = dataColumns.Select(c => schema.Fields[c].Name).ToArray();
        if (header.Length != names.Length)
            throw new ArgumentException($"Number of column in CSV header is not equal to number of fields in the schema:\n Header length: {header.Length}, schema size: {names.Length}\nCSV file: {path}");
        for (int i = 0; i < names.Length; i++)
        {
            if (!header[i].Equals(names[i], StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"CSV header does not conform to the schema.\n Header: {string.Join(", ", header)}\n Schema: {string.Join(", ", names)}\nExpected: {names[i]} but found: {header[i]}\nCSV file: {path}");
        }
    }

    public void Write(Stream output, IEnumerable<ColumnBatch> batches, StructType schema, IReadOnlyDictionary<string, string> options)
    {
        var o = new CsvOptions(options);
        CheckTypes(schema, null);
        var writer = new StreamWriter(output, o.Encoding.CodePage == Encoding.UTF8.CodePage ? new UTF8Encoding(false) : o.Encoding, 1 << 16, leaveOpen: true);
        string newline = o.LineSep ?? "\n";
        string sep = o.SeparatorString;
        var sb = new StringBuilder();
        if (o.Header)
        {
            for (int c = 0; c < schema.Fields.Count; c++)
            {
                if (c > 0) sb.Append(sep);
                AppendField(sb, schema.Fields[c].Name, o, sep);
            }
            writer.Write(sb.Append(newline));
            sb.Clear();
        }
        foreach (var batch in batches)
        {
            for (int r = 0; r < batch.RowCount; r++)
            {
                for (int c = 0; c < batch.Columns.Length; c++)
                {
                    if (c > 0) sb.Append(sep);
                    var v = batch.Columns[c];
                    if (v.IsNull(r)) { sb.Append(o.NullValue); continue; }
                    AppendField(sb, CsvValues.Format(v, r, o), o, sep);
                }
                sb.Append(newline);
                if (sb.Length > 1 << 15) { writer.Write(sb); sb.Clear(); }
            }
        }
        writer.Write(sb);
        writer.Flush();
    }

    /// <summary>Writes one value: trimmed (Spark trims on write by default), an empty string as <c>emptyValue</c>,
    /// quoted when it holds the separator, a quote or a line break, with quotes escaped.</summary>
    private static void AppendField(StringBuilder sb, string value, CsvOptions o, string sep)
    {
        if (o.IgnoreLeadingWhiteSpaceInWrite) value = value.TrimStart(' ', '\t');
        if (o.IgnoreTrailingWhiteSpaceInWrite) value = value.TrimEnd(' ', '\t');
        if (value.Length == 0) { sb.Append(o.EmptyValueInWrite); return; }
        char quote = (char)o.Quote;
        bool hasQuote = o.Quote != 0 && value.Contains(quote);
        bool needs = o.QuoteAll || value.Contains(sep, StringComparison.Ordinal) || value.Contains('\n') || value.Contains('\r')
                     || (hasQuote && o.EscapeQuotes) || (o.Comment != 0 && value[0] == (char)o.Comment);
        if (!needs || o.Quote == 0) { sb.Append(value); return; }
        sb.Append(quote);
        if (hasQuote)
        {
            string escape = o.Escape == 0 ? quote.ToString() : ((char)o.Escape).ToString();
            sb.Append(value.Replace(quote.ToString(), escape + quote));
        }
        else sb.Append(value);
        sb.Append(quote);
    }
}
