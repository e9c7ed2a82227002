using Spate.Examples.Tests.Infrastructure;

namespace Spate.Examples.Tests;

/// <summary>examples/02-static-parse.cs: the lecture's testData, shown raw, parsed (nested) and flattened.</summary>
public sealed class StaticParseExampleTests
{
    // Spark's show() and printSchema() text for the lecture's testData. Spark's println adds an empty line after
    // each, which the comparison ignores (it compares non-empty lines).
    private const string Expected = """
        +------------------------------------------------------------------------------------+
        |value                                                                               |
        +------------------------------------------------------------------------------------+
        |{"name": "Jill", "surname": "Millers", "amount": 736.56, "delta_t": 7.78, "flag": 0}|
        |{"name": "John", "surname": "Johnson", "amount": 986.47, "delta_t": 3.9, "flag": 0} |
        |{"name": "John", "surname": "Jones", "amount": 249.9, "delta_t": 0.62, "flag": 1}   |
        |{"name": "Andy", "surname": "Jones", "amount": 950.95, "delta_t": 6.02, "flag": 0}  |
        |{"name": "Jill", "surname": "Millers", "amount": 724.32, "delta_t": 9.19, "flag": 0}|
        +------------------------------------------------------------------------------------+
        only showing top 5 rows
        root
         |-- data: struct (nullable = true)
         |    |-- name: string (nullable = true)
         |    |-- surname: string (nullable = true)
         |    |-- amount: double (nullable = true)
         |    |-- delta_t: double (nullable = true)
         |    |-- flag: integer (nullable = true)
        +--------------------------------+
        |data                            |
        +--------------------------------+
        |{Jill, Millers, 736.56, 7.78, 0}|
        |{John, Johnson, 986.47, 3.9, 0} |
        |{John, Jones, 249.9, 0.62, 1}   |
        |{Andy, Jones, 950.95, 6.02, 0}  |
        |{Jill, Millers, 724.32, 9.19, 0}|
        +--------------------------------+
        only showing top 5 rows
        root
         |-- name: string (nullable = true)
         |-- surname: string (nullable = true)
        +----+-------+
        |name|surname|
        +----+-------+
        |Jill|Millers|
        |John|Johnson|
        |John|  Jones|
        |Andy|  Jones|
        |Jill|Millers|
        +----+-------+
        only showing top 5 rows
        """;

    [Fact]
    public async Task StaticParse_TestData_PrintsSparksShowAndSchemaText()
    {
        var run = await ExampleProgram.RunAsync("02-static-parse", TimeSpan.FromMinutes(2));

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.True(NonEmptyLines(run.Output).SequenceEqual(NonEmptyLines(Expected)),
            $"The output differs from Spark's.\n--- expected ---\n{Expected}\n{run.Describe()}");
    }

    private static string[] NonEmptyLines(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Where(l => l.Length > 0).ToArray();
}
