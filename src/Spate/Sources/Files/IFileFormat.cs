using Spate.Columnar;
using Spate.Sql.Types;

namespace Spate.Sources;

/// <summary>
/// A file format (json, csv, text, parquet): infers a schema, reads one file into batches, writes batches to one
/// file. Batch reads (<c>spark.Read()</c>), the streaming file source and the file sink all go through it, so a
/// format is implemented once. Paths may be local or <c>s3://</c> (opened through <see cref="FileSystems"/>).
/// </summary>
internal interface IFileFormat
{
    /// <summary>The short name: <c>json</c>, <c>csv</c>, <c>text</c>, <c>parquet</c>.</summary>
    string Name { get; }

    /// <summary>The file extension written by <see cref="Write"/>, e.g. <c>.json</c>.</summary>
    string Extension { get; }

    /// <summary>Infers the schema of <paramref name="files"/> (Spark's rules for the format), or throws Spark's error when it cannot.</summary>
    StructType InferSchema(IReadOnlyList<string> files, IReadOnlyDictionary<string, string> options);

    /// <summary>Reads one whole file as batches of <paramref name="schema"/> (the required columns only, where the format can skip others).</summary>
    IEnumerable<ColumnBatch> Read(Stream file, string path, StructType schema, IReadOnlyDictionary<string, string> options);

    /// <summary>Writes batches of <paramref name="schema"/> as one file.</summary>
    void Write(Stream output, IEnumerable<ColumnBatch> batches, StructType schema, IReadOnlyDictionary<string, string> options);
}
