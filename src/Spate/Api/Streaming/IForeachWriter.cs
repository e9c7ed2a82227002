namespace Spate.Sql.Streaming;

/// <summary>Receives a streaming query's rows one by one: <c>WriteStream().Foreach(writer)</c>.</summary>
public interface IForeachWriter
{
    /// <summary>Called before a partition of a batch; return false to skip it (e.g. when <paramref name="epochId"/> was written already).</summary>
    bool Open(long partitionId, long epochId);

    /// <summary>Called for each row of an opened partition.</summary>
    void Process(Row value);

    /// <summary>Called after a partition, with the error that stopped it, if any.</summary>
    void Close(Exception? errorOrNull);
}
