namespace ResNeXt.Cli;

/// <summary>The dotnet CLI's verbosity scale, so <c>-v q</c> and <c>-v diag</c> mean what .NET users expect.</summary>
internal enum VerbosityLevel
{
    Quiet,
    Minimal,
    Normal,
    Detailed,
    Diagnostic,
}
