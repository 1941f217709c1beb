using ResNeXt.Api.Tests.Infrastructure;

namespace ResNeXt.Api.Tests;

/// <summary>
/// The OpenAPI document is committed as src/Api/ResNeXt.Api.json so a contract change shows up as a diff in review.
/// It is snapshotted here rather than generated at build time because build-time generation runs the host, which
/// would start the engine's hosted services inside every build. Set RESNEXT_UPDATE_OPENAPI=1 to rewrite it.
/// </summary>
public sealed class OpenApiContractTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string UpdateVariable = "RESNEXT_UPDATE_OPENAPI";

    [Fact]
    public async Task OpenApiDocumentMatchesTheCommittedContract()
    {
        using var client = factory.CreateClient();
        var served = (await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).ReplaceLineEndings("\n");
        var committedPath = Path.Combine(RepositoryRoot(), "src", "Api", "ResNeXt.Api.json");

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(committedPath, served, TestContext.Current.CancellationToken);
        }

        Assert.True(File.Exists(committedPath), $"{committedPath} is missing; run the tests once with {UpdateVariable}=1.");
        var committed = (await File.ReadAllTextAsync(committedPath, TestContext.Current.CancellationToken)).ReplaceLineEndings("\n");
        Assert.True(committed == served, $"The API contract changed; review it and rerun with {UpdateVariable}=1 to update {committedPath}.");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ResNeXt.Service.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"No ResNeXt.Service.sln above {AppContext.BaseDirectory}.");
    }
}
