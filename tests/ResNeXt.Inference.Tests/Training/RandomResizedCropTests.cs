using ResNeXt.Inference.Training;

namespace ResNeXt.Inference.Tests.Training;

public sealed class RandomResizedCropTests
{
    private const int Draws = 2000;
    private const double RoundingSlack = 0.05;

    [Theory]
    [InlineData(64, 64)]
    [InlineData(500, 375)]
    [InlineData(37, 211)]
    public void CropsLieInsideTheImageWithinTheScaleAndRatioRanges(int width, int height)
    {
        var random = new Random(1);
        for (var i = 0; i < Draws; i++)
        {
            var (left, top, cropWidth, cropHeight) = RandomResizedCrop.Sample(width, height, random);
            Assert.InRange(left, 0, width - cropWidth);
            Assert.InRange(top, 0, height - cropHeight);
            Assert.InRange(cropWidth, 1, width);
            Assert.InRange(cropHeight, 1, height);
        }
    }

    [Fact]
    public void AFarTooWideImageFallsBackToTheCentralCropAtTheWidestRatio()
    {
        const int width = 1000, height = 10;
        var (left, top, cropWidth, cropHeight) = RandomResizedCrop.Sample(width, height, new Random(2));

        Assert.Equal((int)Math.Round(height * RandomResizedCrop.MaxRatio), cropWidth);
        Assert.Equal(height, cropHeight);
        Assert.Equal((width - cropWidth) / 2, left);
        Assert.Equal(0, top);
    }

    [Fact]
    public void SquareImageCropsCoverTheAreaRangeMmpretrainSamples()
    {
        const int side = 400;
        var random = new Random(3);
        var fractions = Enumerable.Range(0, Draws)
            .Select(_ => RandomResizedCrop.Sample(side, side, random))
            .Select(c => (double)c.Width * c.Height / (side * side))
            .ToList();

        Assert.InRange(fractions.Min(), RandomResizedCrop.MinScale - RoundingSlack, RandomResizedCrop.MinScale + RoundingSlack);
        Assert.InRange(fractions.Max(), RandomResizedCrop.MaxScale - RoundingSlack * 2, RandomResizedCrop.MaxScale);
    }
}
