using System.Runtime.InteropServices;
using System.Security.Cryptography;
using ResNeXt.Benchmarks.Preprocessing;

namespace ResNeXt.Benchmarks.Tests;

public sealed class ExactnessResultTests
{
    private static readonly float[] Tensor = [-2.1179039f, 0.0f, 1.5f, 2.64f];

    private static string Sha256Of(float[] values) => Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(values.AsSpan())));

    [Fact]
    public void SameFloatsAndDigestAreIdentical()
    {
        var result = ExactnessResult.Compare("a.jpg", Tensor, [.. Tensor], Sha256Of(Tensor));

        Assert.True(result.Identical);
        Assert.Equal(0, result.DifferingValues);
        Assert.Equal(0, result.MaxAbsDifference);
        Assert.Equal(result.PillowSha256, result.Sha256);
    }

    [Fact]
    public void OneUlpOffIsADifferenceWithItsSize()
    {
        float[] theirs = [.. Tensor];
        theirs[2] = MathF.BitIncrement(theirs[2]);

        var result = ExactnessResult.Compare("a.jpg", Tensor, theirs, Sha256Of(theirs));

        Assert.False(result.Identical);
        Assert.Equal(1, result.DifferingValues);
        Assert.Equal(theirs[2] - Tensor[2], result.MaxAbsDifference, precision: 12);
    }

    [Fact]
    public void NegativeZeroIsNotZero()
    {
        float[] theirs = [.. Tensor];
        theirs[1] = -0.0f;

        Assert.False(ExactnessResult.Compare("a.jpg", Tensor, theirs, Sha256Of(theirs)).Identical);
    }

    [Fact]
    public void DigestMismatchAloneFailsTheCheck()
    {
        // The dump and the digest come from the same script run; if they disagree, something in between is broken.
        var result = ExactnessResult.Compare("a.jpg", Tensor, [.. Tensor], new string('0', 64));

        Assert.False(result.Identical);
        Assert.Equal(0, result.DifferingValues);
    }

    [Fact]
    public void TensorsOfDifferentLengthAreABrokenBaseline() =>
        Assert.Throws<InvalidDataException>(() => ExactnessResult.Compare("a.jpg", Tensor, Tensor.AsSpan(1), Sha256Of(Tensor)));

    [Fact]
    public void DumpIsReadAsLittleEndianFloat32()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, MemoryMarshal.AsBytes(Tensor.AsSpan()).ToArray());
            Assert.Equal(Tensor, ExactnessResult.ReadDump(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
