using System.Text.Json;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Registry;
using ResNeXt.Inference.Tests.Model;
using static TorchSharp.torch;

namespace ResNeXt.Inference.Tests.Checkpoints;

public sealed class CheckpointReaderTests
{
    private const string Tiny = ReferenceModels.Tiny;

    public static TheoryData<string> EquivalentVariants =>
        ["tiny_bare.pth", "tiny_module.pth", "tiny_torchvision.pth", "tiny.safetensors"];

    [Theory]
    [MemberData(nameof(EquivalentVariants))]
    public void EveryVariantYieldsTheOfficialTensorsUnderOfficialKeys(string file)
    {
        using var official = CheckpointReader.Read(ReferenceModels.Checkpoint(Tiny));
        using var variant = CheckpointReader.Read(ReferenceModels.File(Tiny, file));

        Assert.Equal(official.StateDict.Keys.Order(StringComparer.Ordinal), variant.StateDict.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, tensor) in official.StateDict)
        {
            using var expected = tensor.flatten().to(float64);
            using var actual = variant.StateDict[key].flatten().to(float64);
            Assert.True(expected.allclose(actual, rtol: 0, atol: 0), $"{file}: {key} differs");
        }
    }

    [Fact]
    public void NumpyScalarsInMetaDoNotStopLoadingAndClassesComeFromDatasetMeta()
    {
        using var loaded = CheckpointLoader.Load(ReferenceModels.Checkpoint(Tiny));
        Assert.Equal(["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"], loaded.Classes);
    }

    [Fact]
    public void ClassesComeFromMmcls0xClassesTuple()
    {
        using var loaded = CheckpointLoader.Load(ReferenceModels.File(Tiny, "tiny_module.pth"));
        Assert.Equal("truck", loaded.Classes[^1]);
    }

    [Fact]
    public void ABareStateDictGetsNeutralClassNames()
    {
        using var loaded = CheckpointLoader.Load(ReferenceModels.File(Tiny, "tiny_bare.pth"));
        Assert.Equal(["class_0", "class_9"], [loaded.Classes[0], loaded.Classes[^1]]);
    }

    [Fact]
    public void LegacyPickleIsRejectedWithConversionAdvice()
    {
        var error = Assert.Throws<CheckpointFormatException>(() => CheckpointReader.Read(ReferenceModels.File(Tiny, "tiny_legacy.pth")));
        Assert.Equal("checkpoint-format", error.Code);
        Assert.Contains("legacy", error.Message);
        Assert.Contains("torch.save", error.Message);
    }

    [Theory]
    [InlineData("tiny_shape_mismatch.pth", "backbone.layer2.0.conv2.weight expects [32, 8, 3, 3] but the checkpoint has [32, 4, 3, 3]")]
    [InlineData("tiny_missing_key.pth", "missing backbone.layer3.0.bn2.running_var")]
    [InlineData("tiny_unexpected_key.pth", "unexpected backbone.layer4.0.extra.weight")]
    public void MismatchedCheckpointsNameTheOffendingKeys(string file, string expected)
    {
        var error = Assert.Throws<CheckpointMismatchException>(() => CheckpointLoader.Load(ReferenceModels.File(Tiny, file)));
        Assert.Equal("checkpoint-mismatch", error.Code);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void AnotherArchitectureThanExpectedIsAMismatch()
    {
        var expected = ModelCatalog.Get(ModelCatalog.DefaultModel).Spec;
        var error = Assert.Throws<CheckpointMismatchException>(() => CheckpointLoader.Load(ReferenceModels.Checkpoint(Tiny), expected));
        Assert.Contains(expected.ToString(), error.Message);
    }

    [Fact]
    public void OfficialNameWithTheWrongHashPrefixIsRejectedUnlessVerificationIsOff()
    {
        var wrong = new[] { "deadbeef", "0badf00d" }.Select(OfficiallyNamedCopy).First(p => !Sha256Matches(p));

        var error = Assert.Throws<ChecksumMismatchException>(() => CheckpointReader.Read(wrong));
        Assert.Equal("checksum-mismatch", error.Code);
        using var unchecked_ = CheckpointReader.Read(wrong, verifyChecksum: false);
        Assert.NotEmpty(unchecked_.StateDict);
    }

    [Fact]
    public void OfficialNameWithTheRightHashPrefixLoads()
    {
        string sha256;
        using (var official = CheckpointReader.Read(ReferenceModels.Checkpoint(Tiny)))
            sha256 = official.Sha256;
        var right = OfficiallyNamedCopy(sha256[..8]);
        using var contents = CheckpointReader.Read(right);
        Assert.StartsWith(CheckpointReader.OfficialSha256Prefix(right)!, contents.Sha256);
    }

    [Fact]
    public void MissingFileIsCheckpointMissing()
    {
        var error = Assert.Throws<CheckpointMissingException>(() => CheckpointReader.Read("/nonexistent/resnext.pth"));
        Assert.Equal("checkpoint-missing", error.Code);
        Assert.Contains("/nonexistent/resnext.pth", error.Message);
    }

    [Fact]
    public void SafetensorsDTypesDecodeToTheWrittenValues()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(ReferenceModels.File(Tiny, "dtypes.json")));
        using var contents = CheckpointReader.Read(ReferenceModels.File(Tiny, "dtypes.safetensors"));
        foreach (var entry in json.RootElement.EnumerateObject())
        {
            // Safetensors files have no backbone/head prefixes, so the reader treats them as torchvision names.
            using var values = contents.StateDict["backbone." + entry.Name].to(float64);
            Assert.Equal(entry.Value.EnumerateArray().Select(v => v.GetDouble()), values.data<double>().ToArray());
        }
    }

    /// <summary>make_models.py copies tiny.pth under official-looking names with right and wrong hash prefixes.</summary>
    private static string OfficiallyNamedCopy(string prefix) => Path.Combine(
        Path.GetDirectoryName(ReferenceModels.Checkpoint(Tiny))!, $"tiny_20240601-{prefix}.pth");

    private static bool Sha256Matches(string path)
    {
        using var contents = CheckpointReader.Read(path, verifyChecksum: false);
        return contents.Sha256.StartsWith(CheckpointReader.OfficialSha256Prefix(path)!, StringComparison.Ordinal);
    }
}
