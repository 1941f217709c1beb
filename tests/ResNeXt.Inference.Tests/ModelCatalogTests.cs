using ResNeXt.Inference.Registry;

namespace ResNeXt.Inference.Tests;

public sealed class ModelCatalogTests
{
    [Fact]
    public void UnknownModelNamesTheKnownOnes()
    {
        var error = Assert.Throws<ModelNotFoundException>(() => ModelCatalog.Get("resnet50"));
        Assert.Contains("resnext50-32x4d", error.Message);
        Assert.Equal("model-not-found", error.Code);
    }

    [Fact]
    public void Sha256PrefixComesFromTheOfficialFileName() =>
        Assert.Equal("56066e27", ModelCatalog.Get("resnext50-32x4d").Sha256Prefix);

    [Fact]
    public void ImageNetCategoriesAreInMmpretrainOrder()
    {
        Assert.Equal(1000, ImageNetCategories.All.Count);
        Assert.Equal("tench, Tinca tinca", ImageNetCategories.All[0]);
    }
}
