using static TorchSharp.torch;

namespace ResNeXt.Inference.Training;

/// <summary>
/// The forward and backward half of one SGD iteration: mmpretrain's ClsHead loss, <c>CrossEntropyLoss</c> with mean
/// reduction over the batch, on the network in train mode (BatchNorm normalises by batch statistics).
/// </summary>
public static class TrainingStep
{
    /// <returns>The batch loss (detached); the gradients are left in the parameters' <c>grad</c>.</returns>
    public static float Backward(Model.ResNeXt model, Tensor images, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var scope = NewDisposeScope();
        var logits = model.call(images);
        var loss = nn.functional.cross_entropy(logits, labels);
        loss.backward();
        return loss.item<float>();
    }
}
