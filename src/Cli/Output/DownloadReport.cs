namespace ResNeXt.Cli.Output;

/// <summary>What <c>resnext download --json</c> prints once the checkpoint is in place and verified.</summary>
internal sealed record DownloadReport(string Model, string Path, long Bytes, bool AlreadyPresent, string Sha256Prefix);
