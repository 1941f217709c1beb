using ResNeXt.Cli.Benchmarking;
using ResNeXt.Inference.Tests.Reference;

namespace ResNeXt.Benchmarks.Tests;

/// <summary>The preprocessing baseline needs Debian's /usr/bin/python3 with Pillow and numpy.</summary>
public static class PillowRequirement
{
    private static readonly PythonRequirement Python = new(PythonScript.DefaultInterpreter, "PIL, numpy", "python3-pil and python3-numpy");

    public static void Require() => Python.Require();
}
