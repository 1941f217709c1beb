namespace ResNeXt.Cli.Tests.LoadTesting;

internal enum PredictAnswerKind
{
    Status,
    Truncated,
}
