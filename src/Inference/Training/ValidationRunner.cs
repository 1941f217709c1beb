using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Preprocessing;
using static TorchSharp.torch;

namespace ResNeXt.Inference.Training;

/// <summary>
/// Lets <see cref="Evaluation.DatasetEvaluator"/> score the network being trained, unfolded and in eval mode
/// (running BN statistics), as mmpretrain's ValLoop does. It borrows the network: disposing it frees nothing.
/// </summary>
internal sealed class ValidationRunner(Model.ResNeXt model, Device device) : IBatchRunner
{
    public int NumClasses => model.NumClasses;

    public int FeatureDim => model.Spec.FeatureDim;

    public BatchOutputs Run(ReadOnlySpan<float> input, int batchSize, OutputKinds kinds)
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var images = TrainingBatch.ToTensor(input, batchSize, device);
        var scores = model.call(images).softmax(-1).cpu().contiguous();
        var managed = scores.data<float>().ToArray();
        return new BatchOutputs(batchSize, NumClasses, FeatureDim, 0, null, managed, null, null);
    }

    public void Dispose()
    {
    }
}
