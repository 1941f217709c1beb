using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ResNeXt.Inference.Training;

/// <summary>
/// mmpretrain's initialisation of a ResNeXt trained from scratch, which differs from PyTorch's module defaults:
/// ResNet <c>init_cfg</c> = Kaiming normal (fan_out, relu) for convolutions and constant 1 / 0 for BatchNorm,
/// <c>zero_init_residual=True</c> (each Bottleneck's last BN starts at 0, so every block starts as the identity),
/// and LinearClsHead <c>init_cfg=Normal(std=0.01)</c> with a zero bias.
/// </summary>
internal static class TrainingInitialisation
{
    private const double HeadStd = 0.01;
    private const string LastBottleneckNorm = ".bn3";

    public static void Apply(Model.ResNeXt model)
    {
        using var guard = no_grad();
        foreach (var (name, module) in model.named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(conv.weight!, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
                    break;
                case BatchNorm2d norm:
                    var residual = name.EndsWith(LastBottleneckNorm, StringComparison.Ordinal);
                    norm.weight!.fill_(residual ? 0 : 1);
                    norm.bias!.zero_();
                    break;
                case Linear linear:
                    nn.init.normal_(linear.weight!, 0, HeadStd);
                    linear.bias!.zero_();
                    break;
            }
        }
    }
}
