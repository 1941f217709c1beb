using System.Security.Cryptography;

namespace ResNeXt.Inference.Tests.Download;

/// <summary>
/// Random bytes named like an official checkpoint (<c>..._YYYYMMDD-xxxxxxxx.pth</c>), where the 8 hex digits are the
/// real start of the content's sha256, so the downloader verifies it exactly as it verifies OpenMMLab's files.
/// </summary>
public sealed record FakeCheckpoint(string FileName, byte[] Content, string Sha256Prefix)
{
    private const int PrefixLength = 8;

    /// <summary>Big enough that the body arrives in many reads, small enough to keep the tests instant.</summary>
    public const int DefaultLength = 300_000;

    public static FakeCheckpoint Create(int seed, int length = DefaultLength)
    {
        var content = new byte[length];
        new Random(seed).NextBytes(content);
        var prefix = Convert.ToHexStringLower(SHA256.HashData(content))[..PrefixLength];
        return new FakeCheckpoint($"fake_20210101-{prefix}.pth", content, prefix);
    }

    /// <summary>The same content under a name whose checksum it does not match.</summary>
    public FakeCheckpoint Misnamed()
    {
        var wrong = Sha256Prefix == "00000000" ? "11111111" : "00000000";
        return this with { FileName = $"fake_20210101-{wrong}.pth", Sha256Prefix = wrong };
    }
}
