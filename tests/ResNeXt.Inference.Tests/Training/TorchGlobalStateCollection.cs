namespace ResNeXt.Inference.Tests.Training;

/// <summary>
/// Tests that seed libtorch's process-wide random generator or flip process-wide libtorch switches run alone, after
/// the parallel ones: another test's random initialisation on a parallel thread draws from the same generator, which
/// made two identical training runs differ in CI.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchGlobalStateCollection
{
    public const string Name = "torch-global-state";
}
