using ResNeXt.Inference.Tests.Reference;

namespace ResNeXt.Cli.Tests;

/// <summary>The ONNX checker is Debian's python3-onnx on /usr/bin/python3: without it an invalid exported graph would pass.</summary>
public static class OnnxCheckerRequirement
{
    private static readonly PythonRequirement Python = new("/usr/bin/python3", "onnx", "python3-onnx");

    public static string Interpreter => Python.Interpreter;

    public static void Require() => Python.Require();
}
