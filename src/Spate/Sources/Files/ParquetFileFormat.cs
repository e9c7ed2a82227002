using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Sources;

/// <summary>The parquet file format.</summary>
internal sealed class ParquetFileFormat : IFileFormat
{
    public string Name => "parquet";
    public string Extension => ".parquet";

    public StructType InferSchema(IReadOnlyList<string> files, IReadOnlyDictionary<string, string> options) =>
        throw new AnalysisException("[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for PARQUET. It must be specified manually.");

    public IEnumerable<ColumnBatch> Read(Stream file, string path, StructType schema, IReadOnlyDictionary<string, string> options) =>
        throw new AnalysisException("[DATA_SOURCE_NOT_FOUND] The parquet format is not implemented yet.");

    public void Write(Stream output, IEnumerable<ColumnBatch> batches, StructType schema, IReadOnlyDictionary<string, string> options) =>
        throw new AnalysisException("[DATA_SOURCE_NOT_FOUND] The parquet format is not implemented yet.");
}
