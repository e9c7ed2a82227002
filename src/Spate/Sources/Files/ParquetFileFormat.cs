using Parquet;
using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Sources;

/// <summary>The parquet file format: schema from the footer, column-at-a-time reads of only the requested
/// columns, writes compressed with snappy unless the <c>compression</c> option says otherwise.</summary>
internal sealed class ParquetFileFormat : IFileFormat
{
    /// <summary>Rows buffered before a row group is written.</summary>
    private const int RowGroupRows = 128 * 1024;

    public string Name => "parquet";
    public string Extension => ".parquet";

    private static ParquetOptions ReadOptions() => new()
    {
        TreatByteArrayAsString = false,
        TreatBigIntegersAsDates = true,
        UseDateOnlyTypeForDates = true,
    };

    /// <summary>The first file's schema, or with <c>mergeSchema</c> the union of every file's fields (first seen first).</summary>
    public StructType InferSchema(IReadOnlyList<string> files, IReadOnlyDictionary<string, string> options)
    {
        bool merge = options.TryGetValue("mergeSchema", out var m) && m.Equals("true", StringComparison.OrdinalIgnoreCase);
        StructType? result = null;
        foreach (var file in merge ? files : files.Take(1))
        {
            var schema = ReadSchema(file);
            result = result == null ? schema : Merge(result, schema, file);
        }
        return result ?? throw new AnalysisException("[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for Parquet. It must be specified manually.");
    }

    private static StructType ReadSchema(string path)
    {
        using var raw = FileSystems.For(path).OpenRead(path);
        using var stream = Seekable(raw);
        try
        {
            var reader = ParquetReader.CreateAsync(stream, ReadOptions(), leaveStreamOpen: true).GetAwaiter().GetResult();
            try { return ParquetTypeMapping.ToSpark(reader.Schema); }
            finally { reader.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
        }
        catch (Exception e) when (e is ParquetException or IOException or InvalidDataException or ArgumentException)
        {
            throw new SparkException($"[CANNOT_READ_FILE_FOOTER] Could not read footer for file: {path}. Please ensure that the file is in either ORC or Parquet format. If not, please convert it to a valid format. If the file is in the valid format, please check if it is corrupt. If it is, you can choose to either ignore it or fix the corruption.", e);
        }
    }

    private static StructType Merge(StructType a, StructType b, string file)
    {
        var fields = a.Fields.ToList();
        foreach (var f in b.Fields)
        {
            int i = fields.FindIndex(x => x.Name.Equals(f.Name, StringComparison.OrdinalIgnoreCase));
            if (i < 0) { fields.Add(f); continue; }
            var existing = fields[i];
            if (existing.DataType is StructType sa && f.DataType is StructType sb)
                fields[i] = new StructField(existing.Name, Merge(sa, sb, file), true);
            else if (!existing.DataType.Equals(f.DataType))
                throw new SparkException($"[CANNOT_MERGE_SCHEMAS] Failed merging schemas: Initial schema: {a.SimpleString} Schema that cannot be merged with the initial schema: {b.SimpleString}. (field {f.Name} of type {existing.DataType.SimpleString} and {f.DataType.SimpleString}, file {file})");
        }
        return new StructType(fields.ToArray());
    }

    public IEnumerable<ColumnBatch> Read(Stream file, string path, StructType schema, IReadOnlyDictionary<string, string> options)
    {
        var stream = Seekable(file);
        try
        {
            ParquetReader reader;
            try
            {
                reader = ParquetReader.CreateAsync(stream, ReadOptions(), leaveStreamOpen: true).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is ParquetException or IOException or InvalidDataException or ArgumentException)
            {
                throw new SparkException($"[FAILED_READ_FILE.NO_HINT] Encountered error while reading file {path}. {e.Message}", e);
            }
            try
            {
                // Columns the file lacks read as nulls, as Spark does for a user schema wider than the file.
                var fileFields = schema.Fields.Select(f => ParquetColumnReader.FindChild(reader.Schema.Fields, f.Name)).ToArray();
                for (int g = 0; g < reader.RowGroupCount; g++)
                {
                    var rg = reader.OpenRowGroupReader(g);
                    int rows = checked((int)rg.RowCount);
                    var columns = new ColumnVector[schema.Fields.Count];
                    var columnReader = new ParquetColumnReader(rg, path);
                    for (int c = 0; c < columns.Length; c++)
                    {
                        var type = schema.Fields[c].DataType;
                        columns[c] = fileFields[c] == null ? ColumnVector.Constant(type, null, rows) : columnReader.Read(fileFields[c]!, type);
                    }
                    yield return new ColumnBatch(columns, rows);
                }
            }
            finally
            {
                reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        finally
        {
            if (!ReferenceEquals(stream, file)) stream.Dispose();
        }
    }

    public void Write(Stream output, IEnumerable<ColumnBatch> batches, StructType schema, IReadOnlyDictionary<string, string> options)
    {
        var pschema = ParquetTypeMapping.ToParquet(schema);
        var popts = new ParquetOptions { CompressionMethod = Compression(options) };
        // Parquet.Net seeks while writing; a non-seekable target (an object store upload) gets a buffer first.
        var target = output.CanSeek ? output : new MemoryStream();
        var shredder = new ParquetColumnWriter(pschema, schema);
        var writer = ParquetWriter.CreateAsync(pschema, target, popts, false).GetAwaiter().GetResult();
        try
        {
            foreach (var batch in batches)
            {
                shredder.Add(batch);
                if (shredder.BufferedRows >= RowGroupRows) shredder.Flush(writer);
            }
            shredder.Flush(writer);
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        if (!ReferenceEquals(target, output))
        {
            target.Position = 0;
            target.CopyTo(output);
        }
    }

    /// <summary>Spark's <c>compression</c> (or <c>parquet.compression</c>) option; snappy by default.</summary>
    private static CompressionMethod Compression(IReadOnlyDictionary<string, string> options)
    {
        if (!options.TryGetValue("compression", out var codec) && !options.TryGetValue("parquet.compression", out codec)) return CompressionMethod.Snappy;
        return codec.ToLowerInvariant() switch
        {
            "none" or "uncompressed" => CompressionMethod.None,
            "snappy" => CompressionMethod.Snappy,
            "gzip" => CompressionMethod.Gzip,
            "zstd" => CompressionMethod.Zstd,
            "lz4" => CompressionMethod.Lz4Raw,
            "brotli" => CompressionMethod.Brotli,
            "lzo" => CompressionMethod.Lzo,
            _ => throw new ArgumentException($"[CODEC_NOT_AVAILABLE] The codec {codec} is not available. Available codecs are brotli, uncompressed, lz4, gzip, lzo, snappy, none, zstd."),
        };
    }

    private static Stream Seekable(Stream s)
    {
        if (s.CanSeek) return s;
        var ms = new MemoryStream();
        s.CopyTo(ms);
        ms.Position = 0;
        return ms;
    }
}
