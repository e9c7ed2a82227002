namespace Spate.Recovery.Tests;

/// <summary>
/// The file sink killed inside its first batch, after a data file was renamed into the output directory but before
/// <c>_spark_metadata/0</c> was written. No fault point stops there, so the state is built from two real runs: one
/// killed before the sink wrote anything, and the batch-0 file of another run (killed at <c>afterSink:0</c>) copied
/// into its output. A reader must not see the file: Spark's sink creates <c>_spark_metadata</c> when the query starts
/// (<c>HDFSMetadataLog</c>'s constructor), so the reader lists files through the (empty) log from then on.
/// </summary>
public class FileSinkStrayFileTests
{
    private const int Batches = 4;
    private const int RowsPerBatch = 50;

    [Fact]
    public void FileSink_KilledBetweenFirstFileAndItsLogEntry_ReaderSeesNoRows()
    {
        using var dir = new TempDir("stray-first-file");
        using var donor = new TempDir("stray-donor");
        using (var dying = ChildProcess.Start(dir.Checkpoint, dir.Output, Batches, ChildMode.ParquetRaw, RowsPerBatch, "afterGetBatch:0"))
            Assert.True(dying.WaitForExit() == ChildProcess.KilledExitCode, dying.Describe());
        using (var committed = ChildProcess.Start(donor.Checkpoint, donor.Output, Batches, ChildMode.ParquetRaw, RowsPerBatch, "afterSink:0"))
            Assert.True(committed.WaitForExit() == ChildProcess.KilledExitCode, committed.Describe());
        var file = Assert.Single(Directory.GetFiles(donor.Output, "part-*.parquet"));
        Directory.CreateDirectory(dir.Output);
        File.Copy(file, Path.Combine(dir.Output, Path.GetFileName(file)));

        // The query had started (its sink existed), so the output is a sink's output with no batch committed: nothing to read.
        bool hasLog = Directory.Exists(Path.Combine(dir.Output, "_spark_metadata"));
        Assert.Equal(0, ExactlyOnce.Verify(dir.Output, ChildMode.ParquetRaw, RowsPerBatch,
            context: $"killed between the first file and its log entry (_spark_metadata {(hasLog ? "exists" : "was not created at query start, so the reader lists the directory itself")})"));

        // The restart writes batch 0 again (new file name); the stray file stays outside the log.
        using var recovering = ChildProcess.Start(dir.Checkpoint, dir.Output, Batches, ChildMode.ParquetRaw, RowsPerBatch);
        Assert.True(recovering.WaitForExit() == 0, recovering.Describe());
        ExactlyOnce.Verify(dir.Output, ChildMode.ParquetRaw, RowsPerBatch, Batches, "after the restart");
        HarnessStats.AddKills(2);
    }
}
