using ResNeXt.Inference.Checkpoints;

namespace ResNeXt.Inference.Tests.Download;

public sealed class CheckpointDownloadOptionsTests
{
    [Fact]
    public void DefaultsAreValid() =>
        Assert.True(new CheckpointDownloadOptionsValidator().Validate(name: null, new CheckpointDownloadOptions()).Succeeded);

    [Fact]
    public void ZeroAttemptsAndANonUrlMirrorAreRejectedByName()
    {
        var result = new CheckpointDownloadOptionsValidator().Validate(
            name: null, new CheckpointDownloadOptions { MaxAttempts = 0, BaseUrl = "not a url" });

        Assert.True(result.Failed);
        Assert.Contains(nameof(CheckpointDownloadOptions.MaxAttempts), result.FailureMessage);
        Assert.Contains(nameof(CheckpointDownloadOptions.BaseUrl), result.FailureMessage);
    }
}
