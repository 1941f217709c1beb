namespace ResNeXt.Cli.Benchmarking.Startup;

/// <summary>How to start the service: an assembly runs under the <c>dotnet</c> host, anything else is executed as is.</summary>
internal sealed record ServiceCommand(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>The Release build in the checkout, what <c>dotnet build src/Api -c Release</c> writes.</summary>
    public const string BuiltAssembly = "src/Api/bin/Release/net10.0/ResNeXt.Api.dll";

    private const string DotnetHost = "dotnet";
    private const string AssemblyExtension = ".dll";

    public static ServiceCommand For(string path) =>
        path.EndsWith(AssemblyExtension, StringComparison.OrdinalIgnoreCase)
            ? new ServiceCommand(DotnetHost, [path])
            : new ServiceCommand(path, []);

    /// <summary>The built service of the checkout that contains the current directory.</summary>
    /// <exception cref="FileNotFoundException">It has not been built, or this is not a checkout.</exception>
    public static ServiceCommand Locate() =>
        RepositoryFile.Find(BuiltAssembly) is { } path
            ? For(path)
            : throw new FileNotFoundException(
                $"{BuiltAssembly} was not found above {Environment.CurrentDirectory}: build it with 'dotnet build src/Api -c Release' in a clone, or pass --service.");

    public override string ToString() => string.Join(' ', [FileName, .. Arguments]);
}
