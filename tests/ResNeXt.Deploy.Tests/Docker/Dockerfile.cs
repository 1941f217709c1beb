using System.Text;
using System.Text.RegularExpressions;

namespace ResNeXt.Deploy.Tests.Docker;

/// <summary>
/// The parts of Dockerfile syntax the checks need: comments, line continuations, global ARG defaults and stages.
/// hadolint is the real linter but is neither packaged for Debian nor downloadable here, so its rules that matter for
/// this image are spelled out in <see cref="DockerfileTests"/>.
/// </summary>
public sealed partial class Dockerfile
{
    private Dockerfile(IReadOnlyDictionary<string, string> globalArguments, IReadOnlyList<DockerStage> stages)
    {
        GlobalArguments = globalArguments;
        Stages = stages;
    }

    /// <summary>ARGs declared before the first FROM, with their defaults: the only variables FROM lines may use.</summary>
    public IReadOnlyDictionary<string, string> GlobalArguments { get; }

    public IReadOnlyList<DockerStage> Stages { get; }

    public static Dockerfile Load(string path) => Parse(File.ReadAllText(path));

    public static Dockerfile Parse(string text)
    {
        var globals = new Dictionary<string, string>(StringComparer.Ordinal);
        var stages = new List<DockerStage>();
        List<DockerInstruction>? current = null;
        string? baseImage = null, name = null;
        foreach (var instruction in Instructions(text))
        {
            if (instruction.Keyword == "FROM")
            {
                if (current is not null)
                    stages.Add(new DockerStage(baseImage!, name, current));
                var from = FromPattern().Match(instruction.Arguments);
                (baseImage, name, current) = (from.Groups["image"].Value, from.Groups["name"].Success ? from.Groups["name"].Value : null, []);
            }
            else if (current is null)
            {
                var (key, value) = SplitArgument(instruction.Arguments);
                globals[key] = value;
            }
            else
            {
                current.Add(instruction);
            }
        }
        if (current is not null)
            stages.Add(new DockerStage(baseImage!, name, current));
        return new Dockerfile(globals, stages);
    }

    public DockerStage? Stage(string name) => Stages.FirstOrDefault(s => s.Name == name);

    /// <summary>The image FROM names once global ARGs are substituted, with <paramref name="overrides"/> as --build-arg.</summary>
    public string ResolveBaseImage(DockerStage stage, IReadOnlyDictionary<string, string>? overrides = null) =>
        VariablePattern().Replace(stage.BaseImage, m =>
            overrides?.GetValueOrDefault(m.Groups[1].Value) ?? GlobalArguments.GetValueOrDefault(m.Groups[1].Value, string.Empty));

    /// <summary>The final stage and the stages it builds on, nearest first: what the shipped image inherits.</summary>
    public IReadOnlyList<DockerStage> FinalImageChain(IReadOnlyDictionary<string, string>? buildArguments = null)
    {
        var chain = new List<DockerStage>();
        for (var stage = Stages[^1]; stage is not null; stage = Stage(ResolveBaseImage(stage, buildArguments)))
            chain.Add(stage);
        return chain;
    }

    private static IEnumerable<DockerInstruction> Instructions(string text)
    {
        var lines = text.Split('\n');
        var joined = new StringBuilder();
        var startLine = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.TrimStart().StartsWith('#') || (joined.Length == 0 && string.IsNullOrWhiteSpace(line)))
                continue;
            if (joined.Length == 0)
                startLine = i + 1;
            if (line.EndsWith('\\'))
            {
                joined.Append(line[..^1]).Append(' ');
                continue;
            }
            joined.Append(line);
            var instruction = joined.ToString().Trim();
            joined.Clear();
            if (instruction.Length == 0)
                continue;
            var space = instruction.IndexOf(' ');
            yield return new DockerInstruction(instruction[..space].ToUpperInvariant(), instruction[(space + 1)..].Trim(), startLine);
        }
    }

    private static (string Key, string Value) SplitArgument(string argument)
    {
        var equals = argument.IndexOf('=');
        return equals < 0 ? (argument, string.Empty) : (argument[..equals], argument[(equals + 1)..]);
    }

    [GeneratedRegex(@"^(?:--platform=\S+\s+)?(?<image>\S+)(?:\s+AS\s+(?<name>\S+))?$", RegexOptions.IgnoreCase)]
    private static partial Regex FromPattern();

    [GeneratedRegex(@"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?")]
    private static partial Regex VariablePattern();
}
