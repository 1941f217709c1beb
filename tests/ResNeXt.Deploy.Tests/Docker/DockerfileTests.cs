using System.Globalization;
using System.Text.RegularExpressions;
using ResNeXt.Deploy.Tests.Compose;
using ResNeXt.Deploy.Tests.Configuration;
using ResNeXt.Deploy.Tests.Repository;

namespace ResNeXt.Deploy.Tests.Docker;

/// <summary>
/// The Dockerfile, checked structurally: hadolint's rules that apply here (DL3000, DL3003, DL3004, DL3006, DL3007,
/// DL3009, DL3014, DL3015, DL3020, DL3025) plus this image's own promises. `docker build` itself cannot run on the test
/// machines (no Docker engine).
/// </summary>
public sealed partial class DockerfileTests
{
    private const string BackendArgument = "TORCH_BACKEND";
    private const string LiveEndpoint = "/healthz/live";
    private const string RootUser = "root";
    private const string RootUid = "0";

    private static readonly Dockerfile Image = Dockerfile.Load(RepositoryPaths.Get("Dockerfile"));

    public static TheoryData<string> Backends => new("cpu", "cuda");

    private static DockerStage Build => Image.Stage("build") ?? throw new InvalidDataException("No build stage.");

    private static IEnumerable<DockerInstruction> Shipped(string backend) =>
        Image.FinalImageChain(new Dictionary<string, string> { [BackendArgument] = backend }).Reverse().SelectMany(s => s.Instructions);

    private static IReadOnlyDictionary<string, string> Environment(string backend)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in Shipped(backend).Where(i => i.Keyword == "ENV").SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            var equals = variable.IndexOf('=');
            environment[variable[..equals]] = variable[(equals + 1)..];
        }
        return environment;
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void EveryStageBuildsOnAVersionedImageOrAnEarlierStage(string backend)
    {
        var overrides = new Dictionary<string, string> { [BackendArgument] = backend };
        var earlier = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in Image.Stages)
        {
            var baseImage = Image.ResolveBaseImage(stage, overrides);
            if (!earlier.Contains(baseImage))
            {
                var tag = PinnedImage().Match(baseImage);
                Assert.True(tag.Success, $"FROM {baseImage}: not an earlier stage and not registry/image:tag");
                Assert.NotEqual("latest", tag.Groups["tag"].Value);
            }
            if (stage.Name is not null)
                earlier.Add(stage.Name);
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void EveryTorchBackendSelectsTheRuntimeImage(string backend)
    {
        var chain = Image.FinalImageChain(new Dictionary<string, string> { [BackendArgument] = backend });

        Assert.Contains(chain, s => s.Name == $"runtime-{backend}");
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", Image.ResolveBaseImage(chain[^1]), StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", Image.ResolveBaseImage(Build), StringComparison.Ordinal);
    }

    [Fact]
    public void BuildPassesTheBackendToEveryPublish()
    {
        var publishes = Build.All("RUN").Where(r => r.Arguments.Contains("dotnet publish", StringComparison.Ordinal)).SelectMany(r => PublishCommand().Matches(r.Arguments)).ToList();

        Assert.Equal(2, publishes.Count);
        Assert.All(publishes, p => Assert.Contains($"-p:TorchBackend=\"${{{BackendArgument}}}\"", p.Value, StringComparison.Ordinal));
        Assert.Contains(Build.Instructions, i => i.Keyword == "ARG" && i.Arguments == BackendArgument);
    }

    [Fact]
    public void ImageShipsTheCliBesideTheService()
    {
        var outputs = Build.All("RUN").SelectMany(r => PublishCommand().Matches(r.Arguments)).ToDictionary(
            p => p.Groups["project"].Value, p => p.Groups["output"].Value, StringComparer.Ordinal);

        Assert.Equal(outputs["src/Api/ResNeXt.Api.csproj"], outputs["src/Cli/ResNeXt.Cli.csproj"]);
        Assert.Contains(Shipped("cpu"), i => i.Keyword == "RUN" && i.Arguments.Contains("/usr/local/bin/resnext", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void ShippedImageRunsAsANonRootUser(string backend)
    {
        var user = Shipped(backend).Last(i => i.Keyword == "USER").Arguments;

        Assert.NotEqual(RootUser, user);
        Assert.NotEqual(RootUid, user.Split(':')[0]);
    }

    [Fact]
    public void HealthcheckAsksTheLivenessEndpointOverHttpInExecForm()
    {
        var healthcheck = Shipped("cpu").Single(i => i.Keyword == "HEALTHCHECK");
        var command = healthcheck.Arguments[(healthcheck.Arguments.IndexOf("CMD", StringComparison.Ordinal) + "CMD".Length)..].Trim();
        var url = HealthcheckUrl().Match(command);
        var executable = command.Split('"')[1];

        Assert.StartsWith("[", command, StringComparison.Ordinal);
        Assert.True(url.Success, command);
        Assert.Equal(LiveEndpoint, url.Groups["path"].Value);
        Assert.Equal(SettingValues.UrlPort(Environment("cpu")[ConfigurationKeys.Urls]), int.Parse(url.Groups["port"].Value, CultureInfo.InvariantCulture));
        Assert.Contains(Shipped("cpu"), i => i.Keyword == "RUN" && Regex.IsMatch(i.Arguments, $@"apt-get install .*\b{executable}\b"));
    }

    [Fact]
    public void EntrypointStartsTheServiceInExecForm()
    {
        var entrypoint = Shipped("cpu").Last(i => i.Keyword == "ENTRYPOINT");

        Assert.True(entrypoint.IsExecForm, "shell form would put /bin/sh between Docker's SIGTERM and the service's drain");
        Assert.Contains("ResNeXt.Api.dll", entrypoint.Arguments, StringComparison.Ordinal);
        Assert.DoesNotContain(Shipped("cpu"), i => i.Keyword == "CMD");
    }

    [Fact]
    public void ExposedPortsAreTheOnesTheServiceListensOn()
    {
        var exposed = Shipped("cpu").Single(i => i.Keyword == "EXPOSE").Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(
            [Environment("cpu")[ConfigurationKeys.Urls], Environment("cpu")[ConfigurationKeys.GrpcUrl]],
            exposed.Select(port => $"http://+:{port}"));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void EnvironmentSetsOnlyKnownConfigurationKeys(string backend)
    {
        Assert.All(Environment(backend).Keys, key => Assert.True(ConfigurationKeys.IsKnown(key), $"unknown setting {key}"));
    }

    [Fact]
    public void ModelsDirectoryIsTheOneComposeMounts()
    {
        Assert.Equal(ComposeFile.ApiEnvironment[ConfigurationKeys.ModelsDirectory], Environment("cpu")[ConfigurationKeys.ModelsDirectory]);
        Assert.Equal("false", Environment("cpu")["Models__AutoDownload"]);
    }

    [Fact]
    public void OnlyTheCudaImageAsksForGpus()
    {
        Assert.DoesNotContain(Environment("cpu").Keys, k => k.StartsWith("NVIDIA_", StringComparison.Ordinal));
        Assert.Equal("all", Environment("cuda")["NVIDIA_VISIBLE_DEVICES"]);
    }

    [Fact]
    public void AptInstallsAreNonInteractiveLeanAndLeaveNoPackageLists()
    {
        var installs = Image.Stages.SelectMany(s => s.All("RUN")).Where(r => r.Arguments.Contains("apt-get install", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(installs);
        Assert.All(installs, run =>
        {
            Assert.Contains("-y", run.Arguments, StringComparison.Ordinal);
            Assert.Contains("--no-install-recommends", run.Arguments, StringComparison.Ordinal);
            Assert.Contains("rm -rf /var/lib/apt/lists/*", run.Arguments, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void InstructionsAvoidWhatHadolintRejects()
    {
        var instructions = Image.Stages.SelectMany(s => s.Instructions).ToList();

        Assert.DoesNotContain(instructions, i => i.Keyword == "ADD");
        Assert.DoesNotContain(instructions, i => i.Keyword == "RUN" && Regex.IsMatch(i.Arguments, @"\bsudo\b|(^|&&|;)\s*cd\s"));
        Assert.All(instructions.Where(i => i.Keyword == "WORKDIR"), i => Assert.StartsWith("/", i.Arguments, StringComparison.Ordinal));
        Assert.All(Image.Stages.Where(s => s.Name is not null).GroupBy(s => s.Name), g => Assert.Single(g));
    }

    [Fact]
    public void CopiedPathsExistAndAreNotExcludedFromTheContext()
    {
        var ignored = DockerIgnoreEntries();
        var sources = Image.Stages.SelectMany(s => s.All("COPY")).Where(c => !c.Arguments.StartsWith("--from", StringComparison.Ordinal))
            .SelectMany(c => c.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1]);

        Assert.All(sources, source =>
        {
            Assert.True(Path.Exists(RepositoryPaths.Get(source.TrimEnd('/'))), $"COPY {source}: missing");
            Assert.DoesNotContain(source.TrimEnd('/'), ignored.Select(e => e.TrimEnd('/')));
        });
    }

    [Fact]
    public void DockerignoreKeepsBuildOutputsCheckpointsAndHistoryOutOfTheContext()
    {
        Assert.Superset(new HashSet<string>(["**/bin/", "**/obj/", "models/", ".git/"], StringComparer.Ordinal),
            new HashSet<string>(DockerIgnoreEntries(), StringComparer.Ordinal));
    }

    private static IReadOnlyList<string> DockerIgnoreEntries() =>
    [
        .. File.ReadAllLines(RepositoryPaths.Get(".dockerignore"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#')),
    ];

    [GeneratedRegex(@"^[a-z0-9.\-]+(?:/[a-z0-9._\-]+)+:(?<tag>[A-Za-z0-9._\-]+)(?:@sha256:[0-9a-f]{64})?$|^[a-z0-9._\-]+:(?<tag>[A-Za-z0-9._\-]+)$")]
    private static partial Regex PinnedImage();

    [GeneratedRegex(@"dotnet publish (?<project>\S+)[^&]*?-o (?<output>\S+)")]
    private static partial Regex PublishCommand();

    [GeneratedRegex(@"https?://127\.0\.0\.1:(?<port>\d+)(?<path>/[^""\s]*)")]
    private static partial Regex HealthcheckUrl();
}
