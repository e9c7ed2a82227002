using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Sources;

/// <summary>The text file format.</summary>
internal sealed class TextFileFormat : IFileFormat
{
    public string Name => "text";
    public string Extension => ".text";

    public StructType InferSchema(IReadOnlyList<string> files, IReadOnlyDictionary<string, string> options) =>
        throw new AnalysisException("[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for TEXT. It must be specified manually.");

    public IEnumerable<ColumnBatch> Read(Stream file, string path, StructType schema, IReadOnlyDictionary<string, string> options) =>
        throw new AnalysisException("[DATA_SOURCE_NOT_FOUND] The text format is not implemented yet.");

    public void Write(Stream output, IEnumerable<ColumnBatch> batches, StructType schema, IReadOnlyDictionary<string, string> options) =>
        throw new AnalysisException("[DATA_SOURCE_NOT_FOUND] The text format is not implemented yet.");
}
