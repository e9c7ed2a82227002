using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Sql.Functions;
using static Spate.Tests.Core.CoreTestUtil;

namespace Spate.Tests.Core;

/// <summary>Show, PrintSchema and Explain as printed to the console.</summary>
[Collection("Console")]
public class ConsoleOutputTests
{
    private static readonly StructType Nested = new(new[]
    {
        new StructField("s", new StructType(new[] { new StructField("a", new IntegerType()), new StructField("b", new StringType(), false) })),
        new StructField("arr", new ArrayType(new StringType(), true)),
    });

    private static DataFrame People() => Df("name STRING, dept STRING, salary INT", new object?[] { "Ann", "eng", 100 });

    [Fact]
    public void Explain_PrintsToConsole()
    {
        var output = TestSession.CaptureConsole(() => People().Explain());
        Assert.StartsWith("== Physical Plan ==", output);
    }

    [Fact]
    public void PrintSchema_PrintsTreeStringWithPrintln()
    {
        var df = Df("name STRING, amount DOUBLE");
        var output = TestSession.CaptureConsole(() => df.PrintSchema());
        // Spark's printSchema is println(schema.treeString): the tree plus an empty line.
        Assert.Equal("root\n |-- name: string (nullable = true)\n |-- amount: double (nullable = true)\n\n", output);
    }

    [Fact]
    public void PrintSchema_Level_LimitsDepth()
    {
        var df = Spark.CreateDataFrame(System.Array.Empty<Row>(), Nested);
        var output = TestSession.CaptureConsole(() => df.PrintSchema(1));
        Assert.Equal(Nested.TreeString(1) + "\n", output);
    }

    [Fact]
    public void Show_TruncateFalse_PrintsLeftAligned()
    {
        var df = Spark.CreateDataFrame(new[] { "abcdefghijklmnopqrstuvwxyz" });
        var output = TestSession.CaptureConsole(() => df.Show(5, false));
        Assert.Equal(Lines(
            "+--------------------------+",
            "|value                     |",
            "+--------------------------+",
            "|abcdefghijklmnopqrstuvwxyz|",
            "+--------------------------+") + "\n", output); // println(showString): a blank line follows, as in Spark
    }
}
