using ResNeXt.Inference.Registry;
using ResNeXt.Inference.Training;
using static TorchSharp.torch;

namespace ResNeXt.Inference.Tests.Training;

/// <summary>
/// One SGD step of each published architecture at full size and 224 x 224: it runs, and it learns. oneDNN is off
/// (its backward convolution crashes on this project's CI VMs, see <see cref="OneDnn"/>), and because that switch is
/// process-wide these tests run alone, after the parallel ones, and restore it.
/// </summary>
[Collection(TorchGlobalStateCollection.Name)]
public sealed class FullSizeTrainingStepTests
{
    private const int BatchSize = 2;
    private const double LearningRate = 0.01;

    public static TheoryData<string> CatalogueModels => [.. ModelCatalog.Entries.Select(m => m.Name)];

    [Theory]
    [MemberData(nameof(CatalogueModels))]
    public void OneStepLowersTheLossOnAFixedBatch(string name)
    {
        using var nativeConvolutions = OneDnn.Disable();
        manual_seed(0);
        using var model = new Inference.Model.ResNeXt(ModelCatalog.Get(name).Spec, ImageNetCategories.All.Count);
        TrainingInitialisation.Apply(model);
        model.train();
        using var images = randn(BatchSize, 3, 224, 224);
        using var labels = tensor(new long[] { 1, 2 });
        using var optimizer = optim.SGD(model.parameters(), LearningRate, TrainingOptions.Momentum, weight_decay: TrainingOptions.WeightDecay);

        var before = TrainingStep.Backward(model, images, labels);
        optimizer.step();
        optimizer.zero_grad();
        var after = TrainingStep.Backward(model, images, labels);

        Assert.True(after < before, $"{name}: loss {before} -> {after}");
    }
}
