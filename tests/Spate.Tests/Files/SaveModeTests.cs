using Spate.Sql;

namespace Spate.Tests.Files;

public class SaveModeTests
{
    private static SparkSession Spark => TestSession.Spark;

    [Fact]
    public void Write_DefaultModeWhenPathExists_ThrowsPathAlreadyExists()
    {
        using var dir = new TempDir();
        var df = Spark.CreateDataFrame(new[] { 1, 2 });
        df.Write().Parquet(dir.Sub("out"));
        var e = Assert.Throws<AnalysisException>(() => df.Write().Parquet(dir.Sub("out")));
        Assert.StartsWith("[PATH_ALREADY_EXISTS]", e.Message);
    }

    [Fact]
    public void Write_Overwrite_ReplacesData()
    {
        using var dir = new TempDir();
        Spark.CreateDataFrame(new[] { 1, 2 }).Write().Parquet(dir.Sub("out"));
        Spark.CreateDataFrame(new[] { 7 }).Write().Mode("overwrite").Parquet(dir.Sub("out"));
        Assert.Equal(new[] { "7" }, Rows.Text(Spark.Read().Parquet(dir.Sub("out"))));
    }

    [Fact]
    public void Write_Append_AddsFiles()
    {
        using var dir = new TempDir();
        Spark.CreateDataFrame(new[] { 1 }).Write().Csv(dir.Sub("out"));
        Spark.CreateDataFrame(new[] { 2 }).Write().Mode("append").Csv(dir.Sub("out"));
        var rows = Rows.Text(Spark.Read().Schema("v INT").Csv(dir.Sub("out"))).OrderBy(s => s).ToArray();
        Assert.Equal(new[] { "1", "2" }, rows);
    }

    [Fact]
    public void Write_Ignore_LeavesExistingData()
    {
        using var dir = new TempDir();
        Spark.CreateDataFrame(new[] { "a" }).Write().Text(dir.Sub("out"));
        Spark.CreateDataFrame(new[] { "b" }).Write().Mode("ignore").Text(dir.Sub("out"));
        Assert.Equal(new[] { "a" }, Rows.Text(Spark.Read().Text(dir.Sub("out"))));
    }
}
