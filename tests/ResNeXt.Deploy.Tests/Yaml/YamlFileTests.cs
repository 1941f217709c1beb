using ResNeXt.Deploy.Tests.Repository;

namespace ResNeXt.Deploy.Tests.Yaml;

public sealed class YamlFileTests
{
    public static TheoryData<string> DeploymentFiles =>
        new(YamlFile.DeploymentFiles(RepositoryPaths.Root).Select(p => Path.GetRelativePath(RepositoryPaths.Root, p)));

    [Theory]
    [MemberData(nameof(DeploymentFiles))]
    public void EveryDeploymentYamlFileParses(string relativePath)
    {
        var documents = YamlFile.LoadDocuments(RepositoryPaths.Get(relativePath));

        Assert.NotEmpty(documents);
    }
}
