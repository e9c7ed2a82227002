using Spate.Sql;

namespace Spate.Databases.Tests;

/// <summary>The shared local session of the database sink tests.</summary>
public static class TestSession
{
    private static readonly object Lock = new();

    public static SparkSession Spark
    {
        get
        {
            lock (Lock)
            {
                return SparkSession.Builder().Master("local[2]").AppName("database-tests")
                    .Config("spark.sql.shuffle.partitions", "4").Config("spark.ui.enabled", "false").GetOrCreate();
            }
        }
    }
}
