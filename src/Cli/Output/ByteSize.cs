using System.Globalization;

namespace ResNeXt.Cli.Output;

internal static class ByteSize
{
    private const double BytesPerMebibyte = 1024 * 1024;

    /// <summary>Mebibytes with one decimal: checkpoints are 100-350 MiB, so finer units would only add noise.</summary>
    public static string Format(double bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"{Mebibytes(bytes):0.0} MiB");

    public static double Mebibytes(double bytes) => bytes / BytesPerMebibyte;
}
