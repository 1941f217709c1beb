using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace ResNeXt.Benchmarks.Preprocessing;

/// <summary>
/// Whether both sides produced the same tensor for one image, bit for bit, so that a speed-up can never quietly trade
/// away parity with Pillow. <see cref="MaxAbsDifference"/> and <see cref="DifferingValues"/> say how far apart they are.
/// </summary>
/// <param name="Sha256">Of this side's tensor as little-endian float32 bytes, CHW: the digest the Python side prints.</param>
internal sealed record ExactnessResult(string Image, bool Identical, double MaxAbsDifference, int DifferingValues, string Sha256, string PillowSha256)
{
    public static ExactnessResult Compare(string image, ReadOnlySpan<float> ours, ReadOnlySpan<float> theirs, string theirSha256)
    {
        if (ours.Length != theirs.Length)
            throw new InvalidDataException($"The baseline's tensor for {image} has {theirs.Length} floats, not {ours.Length}.");
        double max = 0;
        var differing = 0;
        for (var i = 0; i < ours.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(ours[i]) == BitConverter.SingleToInt32Bits(theirs[i]))
                continue;
            differing++;
            max = Math.Max(max, Math.Abs((double)ours[i] - theirs[i]));
        }
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(ours)));
        return new ExactnessResult(image, differing == 0 && sha256 == theirSha256, max, differing, sha256, theirSha256);
    }

    /// <summary>A raw little-endian float32 file as the Python side's <c>--dump</c> writes it.</summary>
    public static float[] ReadDump(string path) => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray();
}
