using ResNeXt.Inference.Registry;

namespace ResNeXt.Inference.Tests.Model;

public sealed class ResNeXtArchitectureTests
{
    public static TheoryData<string> CatalogueModels => [.. ModelCatalog.Entries.Select(e => e.Name)];

    public static TheoryData<string> AllModels => [.. ModelCatalog.Entries.Select(e => e.Name), ReferenceModels.Tiny];

    [Theory]
    [MemberData(nameof(CatalogueModels))]
    public void ParameterCountEqualsThePublishedFigure(string name)
    {
        var entry = ModelCatalog.Get(name);
        using var model = new Inference.Model.ResNeXt(entry.Spec, ImageNetCategories.All.Count);
        Assert.Equal(entry.PublishedParameters, model.ParameterCount);
    }

    [Theory]
    [MemberData(nameof(AllModels))]
    public void StateDictKeysAndShapesEqualPyTorch(string name)
    {
        var expected = ReferenceModels.Keys(name);
        var (spec, numClasses) = ReferenceModels.Spec(name);
        if (ModelCatalog.TryGet(name, out var entry)) Assert.Equal(entry.Spec, spec);

        using var model = new Inference.Model.ResNeXt(spec, numClasses);
        // TorchSharp lists a module's buffers after all parameters while PyTorch interleaves them per module;
        // loading is by name, so the comparison is of the sorted key -> shape listing.
        var actual = model.state_dict().Select(p => $"{p.Key} {string.Join('x', p.Value.shape)}").Order(StringComparer.Ordinal);

        Assert.Equal(expected.Select(k => $"{k.Key} {string.Join('x', k.Shape)}").Order(StringComparer.Ordinal), actual);
    }
}
