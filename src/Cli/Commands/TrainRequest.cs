using ResNeXt.Inference.Training;

namespace ResNeXt.Cli.Commands;

/// <summary>A parsed <c>resnext train</c> command line.</summary>
internal sealed record TrainRequest(TrainingOptions Options, bool Json);
