using Spate.Execution;
using Spate.Expressions;
using Spate.Plans;

namespace Spate.Streaming
{
    internal sealed class IncrementalState
    {
        public PhysicalPlan PlanWatermark(EventTimeWatermark w, PhysicalPlan child) => child;
        public PhysicalPlan PlanDeduplicate(Deduplicate d, PhysicalPlan child, int partitions) => throw new NotImplementedException();
        public PhysicalPlan PlanStatefulAggregate(Expression[] grouping, AttributeReference[] groupingAttrs, List<AggregateFunction> functions,
            AttributeReference[] resultAttrs, PhysicalPlan child, int partitions) => throw new NotImplementedException();
    }
}

namespace Spate.Sql.Streaming
{
    public sealed class DataStreamReader { internal DataStreamReader(SparkSession s) { } }
    public sealed class DataStreamWriter { internal DataStreamWriter(DataFrame df) { } }
    public sealed class StreamingQueryManager
    {
        internal StreamingQueryManager(SparkSession s) { }
        public IReadOnlyList<StreamingQuery> Active => Array.Empty<StreamingQuery>();
    }
    public sealed class StreamingQuery { public void Stop() { } }
}
