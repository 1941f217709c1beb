using ResNeXt.Cli.Benchmarking;

namespace ResNeXt.Benchmarks.Tests;

public sealed class PythonScriptTests : IDisposable
{
    private readonly string script = Path.Combine(Directory.CreateTempSubdirectory("resnext-cli-python-").FullName, "echo.py");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(script)!, recursive: true);

    [Fact]
    public void ArgumentsAndExtraEnvironmentReachTheScript()
    {
        PillowRequirement.Require();
        File.WriteAllText(script, "import json, os, sys\njson.dump({'args': sys.argv[1:], 'tunables': os.environ.get('GLIBC_TUNABLES')}, sys.stdout)\n");

        var result = new PythonScript(PythonScript.DefaultInterpreter, script).Run(["a b", "--x"], new Dictionary<string, string> { ["GLIBC_TUNABLES"] = "t=1" });

        Assert.Equal(["a b", "--x"], result.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("t=1", result.GetProperty("tunables").GetString());
    }

    [Fact]
    public void AFailingScriptReportsItsExitCodeAndError()
    {
        PillowRequirement.Require();
        File.WriteAllText(script, "import sys\nsys.exit('no Pillow here')\n");

        var error = Assert.Throws<InvalidOperationException>(() => new PythonScript(PythonScript.DefaultInterpreter, script).Run([]));

        Assert.Contains("echo.py exited with 1: no Pillow here", error.Message, StringComparison.Ordinal);
    }
}
