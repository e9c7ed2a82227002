using System.Text.Json;
using Spate.Columnar;
using Spate.Expressions.Json;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Sources;

/// <summary>
/// The json file format: JSON Lines (one record per line) or, with <c>multiLine</c>, one JSON document per file
/// (an object, or an array of objects). Reading uses the same UTF-8-to-vector parser as from_json, with Spark's
/// parse modes (PERMISSIVE with <c>columnNameOfCorruptRecord</c>, DROPMALFORMED, FAILFAST) and schema inference
/// (JsonInferSchema's rules). Writing produces JSON Lines as to_json does, null fields omitted.
/// </summary>
internal sealed class JsonFileFormat : IFileFormat
{
    private const int BatchRows = 4096;
    private const int ChunkBytes = JsonLinesReader.ChunkBytes;

    public string Name => "json";
    public string Extension => ".json";

    public StructType InferSchema(IReadOnlyList<string> files, IReadOnlyDictionary<string, string> options)
    {
        var o = new JsonOptions(options);
        var inference = new JsonSchemaInference(o);
        var types = new List<DataType>();
        foreach (var file in files)
        {
            using var stream = FileSystems.For(file).OpenRead(file);
            foreach (var record in Records(stream, o))
            {
                DataType? t;
                try { t = inference.InferRecord(record.Span); }
                catch (JsonException e)
                {
                    switch (o.Mode)
                    {
                        case JsonParseMode.Permissive:
                            t = new StructType(new[] { new StructField(o.ColumnNameOfCorruptRecord, StringType.Instance) });
                            break;
                        case JsonParseMode.DropMalformed:
                            continue;
                        default:
                            throw new SparkException("Malformed records are detected in schema inference. Parse Mode: FAILFAST.", e);
                    }
                }
                if (t != null) types.Add(t);
            }
        }
        return inference.InferRoot(types);
    }

    // Records for inference: lines, or the whole file (multiLine). Inference is not a hot path.
    private static IEnumerable<ReadOnlyMemory<byte>> Records(Stream stream, JsonOptions o)
    {
        if (o.MultiLine)
        {
            yield return ReadAll(stream);
            yield break;
        }
        var lines = new JsonLineReader(stream);
        while (lines.Next(out int start, out int length))
            yield return lines.Buffer.AsMemory(start, length).ToArray();
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return ms.ToArray();
    }

    public IEnumerable<ColumnBatch> Read(Stream file, string path, StructType schema, IReadOnlyDictionary<string, string> options) =>
        Read(file, schema, options, Array.Empty<(int, long, byte[]?)>(), null);

    /// <summary>
    /// <see cref="Read(Stream, string, StructType, IReadOnlyDictionary{string, string})"/> for a scan under a filter:
    /// records that fail one of the filter's <c>column = constant</c> conditions (<paramref name="keepOnly"/>, see
    /// <see cref="JsonFlatRecordParser.KeepOnly"/>) are not appended when the fast parser reads them; the filter above
    /// still decides every row. <paramref name="linesRead"/> counts every record read, dropped ones included.
    /// </summary>
    public IEnumerable<ColumnBatch> Read(Stream file, StructType schema, IReadOnlyDictionary<string, string> options,
        IReadOnlyList<(int Field, long Integral, byte[]? Utf8)> keepOnly, RowCounter? linesRead)
    {
        var reader = new BatchReader(schema, new JsonOptions(options));
        if (keepOnly.Count > 0) reader.Flat?.KeepOnly(keepOnly);
        if (reader.Options.MultiLine)
        {
            var all = ReadAll(file);
            reader.Start(null, BatchRows);
            reader.Add(all);
            linesRead?.Add(reader.Rows);
            yield return reader.Finish();
            yield break;
        }
        // Lines end as in Spark's line reader (\n, \r\n or \r, or lineSep); string fields are views of the chunk
        // the line was read into. With the default line ends, records of the learned shape are parsed in place.
        var sep = reader.Options.LineSep;
        using var lines = new TextLineChunker(file, sep == null ? null : System.Text.Encoding.UTF8.GetBytes(sep), ChunkBytes, handOver: true);
        foreach (var batch in JsonLinesReader.Read(lines, reader, BatchRows, inPlace: sep == null, linesRead))
            yield return batch;
    }

    /// <summary>Accumulates parsed records into the vectors of one batch.</summary>
    private sealed class BatchReader : IJsonRecordBatch
    {
        private readonly StructType _schema;
        private readonly JsonRecordParser _parser;
        private readonly int _corrupt;
        private ColumnVector[] _columns = Array.Empty<ColumnVector>();
        private ColumnVector[] _targets = Array.Empty<ColumnVector>();

        public BatchReader(StructType schema, JsonOptions options)
        {
            _schema = schema;
            Options = options;
            _corrupt = JsonToStructs.CorruptFieldIndex(schema, options);
            var parseSchema = _corrupt < 0 ? schema : new StructType(schema.Fields.Where((_, i) => i != _corrupt));
            _parser = new JsonRecordParser(parseSchema, options, allowArrayAsStructs: true);
        }

        public JsonOptions Options { get; }
        public int Rows { get; private set; }

        /// <summary>The one-pass parser for flat records, or null.</summary>
        public JsonFlatRecordParser? Flat => _parser.Flat;

        /// <summary>The vectors a flat parse appends to.</summary>
        public ColumnVector[] Targets => _targets;

        /// <summary>Counts a record the caller parsed with <see cref="Flat"/> into <see cref="Targets"/>.</summary>
        public void AddedByFlatParser()
        {
            if (_corrupt >= 0) ((StringVector)_columns[_corrupt]).AppendNull();
            Rows++;
        }

        /// <summary>The buffer the current batch's string fields are views of (null: they are copies).</summary>
        public byte[]? ViewSource { get; private set; }

        /// <summary>Starts a batch whose top-level string fields are views of <paramref name="buffer"/> (copies when null).</summary>
        public void Start(byte[]? buffer, int rows)
        {
            _columns = new ColumnVector[_schema.Fields.Count];
            for (int i = 0; i < _columns.Length; i++)
                _columns[i] = buffer != null && _schema.Fields[i].DataType is StringType && i != _corrupt
                    ? StringVector.ViewOver(_schema.Fields[i].DataType, buffer, rows)
                    : ColumnVector.Create(_schema.Fields[i].DataType, rows);
            _targets = _corrupt < 0 ? _columns : _columns.Where((_, i) => i != _corrupt).ToArray();
            Rows = 0;
            ViewSource = buffer;
        }

        public ColumnBatch Finish()
        {
            var batch = new ColumnBatch(_columns, Rows);
            // The next batch's vectors come from Start, sized to what it will be.
            _columns = _targets = Array.Empty<ColumnVector>();
            Rows = 0;
            ViewSource = null;
            return batch;
        }

        /// <summary>Parses one record; <paramref name="viewBase"/> is where it starts in <see cref="ViewSource"/>.</summary>
        public void Add(ReadOnlySpan<byte> record, int viewBase = -1)
        {
            var mode = Options.Mode;
            var status = _parser.ParseStruct(record, _targets, validateFirst: mode == JsonParseMode.DropMalformed, out int rows,
                ViewSource == null ? -1 : viewBase);
            var corruptColumn = _corrupt < 0 ? null : (StringVector)_columns[_corrupt];
            switch (status)
            {
                case JsonRecordStatus.Empty:
                    return;
                case JsonRecordStatus.Ok:
                    if (corruptColumn != null) for (int r = 0; r < rows; r++) corruptColumn.AppendNull();
                    Rows += rows;
                    return;
                case JsonRecordStatus.Partial:
                    corruptColumn?.Append(record);
                    Rows++;
                    if (mode == JsonParseMode.FailFast) throw JsonToStructs.MalformedRecord(JsonToStructs.DescribeRow(_columns, Rows - 1));
                    return;
                default:
                    if (mode == JsonParseMode.DropMalformed) return;
                    foreach (var t in _targets) t.AppendNull();
                    corruptColumn?.Append(record);
                    Rows++;
                    if (mode == JsonParseMode.FailFast) throw JsonToStructs.MalformedRecord(JsonToStructs.DescribeRow(_columns, Rows - 1));
                    return;
            }
        }
    }

    public void Write(Stream output, IEnumerable<ColumnBatch> batches, StructType schema, IReadOnlyDictionary<string, string> options)
    {
        var o = new JsonOptions(options);
        var writer = new JsonWriter.StructWriter(schema, o, JsonWriter.Formats(o));
        var buffer = new Utf8Buffer(1 << 16);
        var lineSep = System.Text.Encoding.UTF8.GetBytes(o.LineSep ?? "\n");
        foreach (var batch in batches)
        {
            for (int row = 0; row < batch.RowCount; row++)
            {
                writer.WriteFields(batch.Columns, row, buffer);
                buffer.Append(lineSep);
                if (buffer.Length >= 1 << 16)
                {
                    output.Write(buffer.Span);
                    buffer.Clear();
                }
            }
        }
        output.Write(buffer.Span);
    }
}
