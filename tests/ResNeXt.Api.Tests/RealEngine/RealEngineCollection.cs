namespace ResNeXt.Api.Tests.RealEngine;

/// <summary>
/// The real-engine classes run one after another: each starts a host with its own TorchSharp workers, and several
/// at once on a 2-core machine would only make each slower without testing anything more.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RealEngineCollection
{
    public const string Name = "real-engine";
}
