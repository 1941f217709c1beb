namespace ResNeXt.Benchmarks.Startup;

/// <summary>How to start the service: an assembly runs under the <c>dotnet</c> host, anything else is executed as is.</summary>
internal sealed record ServiceCommand(string FileName, IReadOnlyList<string> Arguments)
{
    private const string DotnetHost = "dotnet";
    private const string AssemblyExtension = ".dll";

    public static ServiceCommand For(string path) =>
        path.EndsWith(AssemblyExtension, StringComparison.OrdinalIgnoreCase)
            ? new ServiceCommand(DotnetHost, [path])
            : new ServiceCommand(path, []);

    /// <summary>The service built beside this project (same configuration); building this project builds it too.</summary>
    /// <exception cref="FileNotFoundException">It has not been built.</exception>
    public static ServiceCommand Locate() =>
        File.Exists(BuildOutputs.Service)
            ? For(BuildOutputs.Service)
            : throw new FileNotFoundException($"{BuildOutputs.Service} was not found: build it with 'dotnet build src/Api -c Release', or pass --service.");

    public override string ToString() => string.Join(' ', [FileName, .. Arguments]);
}
