using Spate.Sql.Types;

namespace Spate.Sources;

/// <summary>What <c>ReadStream()...Load()</c> names: a source format, its options and schema. The stream creates the
/// running source from it when a query starts (each query gets its own source instance).</summary>
internal sealed class SourceDescriptor
{
    public SourceDescriptor(string format, IReadOnlyDictionary<string, string> options, StructType schema, Func<SourceContext, IMicroBatchSource> create)
    {
        Format = format;
        Options = options;
        Schema = schema;
        Create = create;
    }

    public string Format { get; }
    public IReadOnlyDictionary<string, string> Options { get; }
    public StructType Schema { get; }
    public Func<SourceContext, IMicroBatchSource> Create { get; }
}
