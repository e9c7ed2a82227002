#:project ../src/Spate/Spate.csproj
#:property PublishAot=false
// Lecture 3, step 2: develop the parsing on static test data first; the same code then runs on the stream.
//
//   dotnet run examples/02-static-parse.cs
using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Sql.Functions;

// The lecture's session: local[*] stands in for spark://spark-master:7077.
var spark = SparkSession.Builder()
    .Master("local[*]")
    .AppName("My streaming spark application")
    .Config("spark.executor.memory", "512m")
    .Config("spark.sql.execution.arrow.pyspark.enabled", "true")
    .Config("spark.sql.execution.arrow.pyspark.fallback.enabled", "false")
    .Config("spark.sql.streaming.forceDeleteTempCheckpointLocation", "true")
    .Config("spark.sql.adaptive.enabled", "false")
    .GetOrCreate();

// Dummy data for testing purposes: lines as the producer sends them.
string[] testData =
[
    """{"name": "Jill", "surname": "Millers", "amount": 736.56, "delta_t": 7.78, "flag": 0}""",
    """{"name": "John", "surname": "Johnson", "amount": 986.47, "delta_t": 3.9, "flag": 0}""",
    """{"name": "John", "surname": "Jones", "amount": 249.9, "delta_t": 0.62, "flag": 1}""",
    """{"name": "Andy", "surname": "Jones", "amount": 950.95, "delta_t": 6.02, "flag": 0}""",
    """{"name": "Jill", "surname": "Millers", "amount": 724.32, "delta_t": 9.19, "flag": 0}""",
    """{"name": "John", "surname": "Johnson", "amount": 850.07, "delta_t": 7.33, "flag": 1}""",
    """{"name": "Andy", "surname": "Smith", "amount": 557.48, "delta_t": 9.64, "flag": 0}""",
    """{"name": "Alice", "surname": "Darby", "amount": 424.75, "delta_t": 7.76, "flag": 0}""",
];

// Create a DataFrame from the test data: one string column, "value", like the socket source's.
var testDf = spark.CreateDataFrame(testData, new StringType());
testDf.Show(5, truncate: 0);

// The lecture's schema of a transaction.
var schema = new StructType(new[]
{
    new StructField("name", new StringType()),
    new StructField("surname", new StringType()),
    new StructField("amount", new DoubleType()),
    new StructField("delta_t", new DoubleType()),
    new StructField("flag", new IntegerType()),
});

// from_json parses each line with the schema into one nested struct column...
var nestedTestDf = testDf.Select(FromJson(Col("value"), schema).Alias("data"));
nestedTestDf.PrintSchema();
nestedTestDf.Show(5, truncate: 0);

// ...which is flattened by selecting its fields (Col("data.*") would select all of them, as in SQL).
var parsedTestDf = testDf
    .Select(FromJson(Col("value"), schema).Alias("data"))
    .Select(Col("data.name"), Col("data.surname"));
parsedTestDf.PrintSchema();
parsedTestDf.Show(5);

spark.Stop();
