using ResNeXt.Resilience.Tests.Infrastructure;

namespace ResNeXt.Resilience.Tests;

/// <summary>All scenarios share one cluster and run one after another: they measure the same two processes.</summary>
[CollectionDefinition(Name)]
public sealed class ResilienceCollection : ICollectionFixture<ServiceCluster>
{
    public const string Name = "Resilience";
}
