using ResNeXt.Inference.Evaluation;

namespace ResNeXt.Inference.Tests.Evaluation;

public sealed class DatasetReaderTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("resnext-dataset-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void ClassFoldersAreSortedAndEmptyFoldersKeepTheirIndex()
    {
        Touch("zebra/b.jpg");
        Touch("zebra/a.JPEG");
        Directory.CreateDirectory(Path.Combine(_root.FullName, "empty"));
        Touch("ant/deep/x.png");
        Touch("ant/readme.txt");

        var dataset = DatasetReader.Open(_root.FullName);

        Assert.Equal(DatasetLayout.ClassFolders, dataset.Layout);
        Assert.Equal(["ant", "empty", "zebra"], dataset.ClassNames);
        Assert.Equal([("x.png", 0), ("a.JPEG", 2), ("b.jpg", 2)], dataset.Images.Select(i => (Path.GetFileName(i.Path), i.Label)));
    }

    [Fact]
    public void AnnotationPathsAreRelativeToTheValFolderAndMayHoldSpaces()
    {
        Directory.CreateDirectory(Path.Combine(_root.FullName, "val"));
        Write("meta/val.txt", "n01/a b.JPEG 7\n\nc.png 0\n");

        var dataset = DatasetReader.Open(_root.FullName);

        Assert.Equal(DatasetLayout.Annotated, dataset.Layout);
        Assert.Equal(
            [(Path.Combine(_root.FullName, "val", "n01", "a b.JPEG"), 7), (Path.Combine(_root.FullName, "val", "c.png"), 0)],
            dataset.Images.Select(i => (i.Path, i.Label)));
        Assert.Equal(8, dataset.MinimumClassCount);
    }

    [Fact]
    public void ExplicitAnnotationFileWinsOverClassFolders()
    {
        Touch("cls/a.png");
        Write("labels.txt", "cls/a.png 3\n");

        var dataset = DatasetReader.Open(_root.FullName, "labels.txt");

        Assert.Equal(3, Assert.Single(dataset.Images).Label);
    }

    [Theory]
    [InlineData("a.png")]
    [InlineData("a.png x")]
    [InlineData("a.png -1")]
    public void MalformedAnnotationLineIsInvalidDataset(string line)
    {
        Write("meta/val.txt", line + "\n");

        var error = Assert.Throws<InvalidDatasetException>(() => DatasetReader.Open(_root.FullName));

        Assert.Equal("invalid-dataset", error.Code);
        Assert.Contains("val.txt:1", error.Message);
    }

    [Fact]
    public void MissingFolderOrAnnotationOrImagesIsInvalidDataset()
    {
        Assert.Throws<InvalidDatasetException>(() => DatasetReader.Open(Path.Combine(_root.FullName, "missing")));
        Assert.Throws<InvalidDatasetException>(() => DatasetReader.Open(_root.FullName, "missing.txt"));
        Assert.Throws<InvalidDatasetException>(() => DatasetReader.Open(_root.FullName));
    }

    private void Touch(string relative) => Write(relative, "");

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
