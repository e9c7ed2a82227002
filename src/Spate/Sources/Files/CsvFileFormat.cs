using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Sources;

/// <summary>The csv file format.</summary>
internal sealed class CsvFileFormat : IFileFormat
{
    public string Name => "csv";
    public string Extension => ".csv";

    public StructType InferSchema(IReadOnlyList<string> files, IReadOnlyDictionary<string, string> options) =>
        throw new AnalysisException("[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for CSV. It must be specified manually.");

    public IEnumerable<ColumnBatch> Read(Stream file, string path, StructType schema, IReadOnlyDictionary<string, string> options) =>
        throw new AnalysisException("[DATA_SOURCE_NOT_FOUND] The csv format is not implemented yet.");

    public void Write(Stream output, IEnumerable<ColumnBatch> batches, StructType schema, IReadOnlyDictionary<string, string> options) =>
        throw new AnalysisException("[DATA_SOURCE_NOT_FOUND] The csv format is not implemented yet.");
}
