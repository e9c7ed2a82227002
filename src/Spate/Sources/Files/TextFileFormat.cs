using System.Text;
using Spate.Columnar;
using Spate.Expressions.Json;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Sources;

/// <summary>The text file format: one string column <c>value</c>, a row per line (<c>\n</c>, <c>\r\n</c> or
/// <c>\r</c>, or the <c>lineSep</c> option), or the whole file as one row with <c>wholetext</c>.</summary>
internal sealed class TextFileFormat : IFileFormat
{
    private const int BatchRows = 8192;
    private const int ChunkBytes = JsonLinesReader.ChunkBytes;

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
        bool whole = options.TryGetValue("wholetext", out var w) && w.Equals("true", StringComparison.OrdinalIgnoreCase);
        if (whole)
        {
            yield return ReadWhole(file, type);
            yield break;
        }
        var sep = LineSep(options);
        // Lines are not copied: each batch is a view over the chunk its lines were read into, and a batch ends where
        // its chunk does (or at BatchRows), so the chunker hands every chunk over instead of reusing it.
        using var lines = new TextLineChunker(file, sep == null ? null : Encoding.UTF8.GetBytes(sep), chunkSize: ChunkBytes, handOver: true);
        StringVector? vector = null;
        int rowsGuess = 1024; // sized from the previous batch, so offsets are neither regrown nor zeroed for nothing
        while (lines.Next(out int start, out int length))
        {
            if (vector != null && (vector.Length == BatchRows || !ReferenceEquals(vector.Data, lines.Buffer)))
            {
                rowsGuess = Math.Min(BatchRows, vector.Length + (vector.Length >> 3) + 16);
                yield return new ColumnBatch(new ColumnVector[] { vector }, vector.Length);
                vector = null;
            }
            vector ??= StringVector.ViewOver(type, lines.Buffer, rowsGuess);
            vector.AppendView(start, length);
        }
        if (vector is { Length: > 0 }) yield return new ColumnBatch(new ColumnVector[] { vector }, vector.Length);
    }

    /// <summary>
    /// Reads a file of JSON lines straight into <c>from_json</c>'s struct column, for a text scan whose only use is
    /// that: each line that has the learned record shape is parsed where it was read, and the parse itself finds
    /// where the line ends, so lines are neither copied nor searched for twice. Other lines are cut as
    /// <see cref="Read"/> cuts them and parsed the usual way: the rows are exactly those of text + from_json.
    /// </summary>
    /// <param name="file">The file (or split) to read.</param>
    /// <param name="builder">Builds from_json's column; its flat parser may drop lines a filter above would drop.</param>
    /// <param name="linesRead">Counts every line read, dropped ones included (a micro-batch's input rows).</param>
    public static IEnumerable<ColumnBatch> ReadJsonLines(Stream file, JsonStructColumnBuilder builder, RowCounter? linesRead = null)
    {
        Interlocked.Increment(ref _jsonLinesReads);
        using var lines = new TextLineChunker(file, null, ChunkBytes, handOver: true);
        foreach (var batch in JsonLinesReader.Read(lines, new StructColumnBatch(builder), BatchRows, inPlace: true, linesRead))
            yield return batch;
    }

    // from_json's struct column as the one column of a batch.
    private sealed class StructColumnBatch : IJsonRecordBatch
    {
        private readonly JsonStructColumnBuilder _builder;
        public StructColumnBatch(JsonStructColumnBuilder builder) { _builder = builder; }
        public byte[]? ViewSource => _builder.ViewSource;
        public int Rows => _builder.Rows;
        public JsonFlatRecordParser? Flat => _builder.Flat;
        public ColumnVector[] Targets => _builder.Targets;
        public void Start(byte[] buffer, int rows) => _builder.Start(buffer, rows);
        public void AddedByFlatParser() => _builder.AddedByFlatParser();
        public void Add(ReadOnlySpan<byte> record, int viewBase) => _builder.Add(record, viewBase);

        public ColumnBatch Finish()
        {
            var column = _builder.Finish();
            return new ColumnBatch(new ColumnVector[] { column }, column.Length);
        }
    }

    private static long _jsonLinesReads;

    /// <summary>How many files (or splits) <see cref="ReadJsonLines"/> has read in this process: lets tests see that
    /// a query took the in-place path.</summary>
    internal static long JsonLinesReads => Interlocked.Read(ref _jsonLinesReads);

    // wholetext: the file is one row, sized up front when the stream knows its length.
    private static ColumnBatch ReadWhole(Stream file, DataType type)
    {
        int guess = file.CanSeek ? (int)Math.Min(Math.Max(file.Length - file.Position, 0), Array.MaxLength) : 0;
        var v = new StringVector(type, 1, guess);
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            int read;
            while ((read = file.Read(chunk, 0, chunk.Length)) > 0) v.AppendPart(chunk.AsSpan(0, read));
        }
        finally { System.Buffers.ArrayPool<byte>.Shared.Return(chunk); }
        v.EndValue();
        return new ColumnBatch(new ColumnVector[] { v }, 1);
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
