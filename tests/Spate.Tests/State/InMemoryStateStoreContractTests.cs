using Spate.State;

namespace Spate.Tests.State;

/// <summary>The contract, run against the default provider.</summary>
public sealed class InMemoryStateStoreContractTests : StateStoreContractTests
{
    protected override string ProviderClass => StateStoreProviders.HdfsBacked;
}
