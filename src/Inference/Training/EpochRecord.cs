namespace ResNeXt.Inference.Training;

/// <summary>One line of the training log: the epoch's mean training loss and its validation accuracy.</summary>
/// <param name="LearningRate">The rate the epoch trained with.</param>
/// <param name="Top1">Validation <c>accuracy/top1</c> in percent, as mmpretrain reports it.</param>
/// <param name="Top5">Validation <c>accuracy/top5</c>; null with fewer than five classes.</param>
public sealed record EpochRecord(int Epoch, long Iteration, double LearningRate, double Loss, double Top1, double? Top5, double Seconds);
