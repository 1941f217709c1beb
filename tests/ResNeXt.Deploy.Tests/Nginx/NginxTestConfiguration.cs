using System.Globalization;
using ResNeXt.Deploy.Tests.Repository;

namespace ResNeXt.Deploy.Tests.Nginx;

/// <summary>
/// A private nginx prefix that runs the repository's deploy/nginx/nginx.conf unchanged against replicas on
/// 127.0.0.1: nginx.conf is a symbolic link to the real file (nginx resolves its relative includes against the link's
/// folder), and the two per-environment includes are written next to it. The server parameters (passive health
/// checks) are copied from the compose upstream file, so tests exercise the same settings compose deploys.
/// For the resilience tests: start nginx with <see cref="Arguments"/> plus <c>-g "daemon off;"</c>.
/// </summary>
public sealed class NginxTestConfiguration : IDisposable
{
    public const string IncludeDirectory = "resnext.d";
    public const string UpstreamServersFile = "upstream-servers.conf";
    public const string ListenFile = "listen.conf";

    private const string LoopbackAddress = "127.0.0.1";

    private NginxTestConfiguration(string directory) => Directory = directory;

    public string Directory { get; }

    public string ConfigPath => Path.Combine(Directory, "nginx.conf");

    public string ErrorLogPath => Path.Combine(Directory, "error.log");

    public string PidPath => Path.Combine(Directory, "nginx.pid");

    /// <summary>Command-line arguments that keep pid and error log inside this prefix, so instances can run side by side.</summary>
    public IReadOnlyList<string> Arguments => ["-c", ConfigPath, "-e", ErrorLogPath, "-g", $"pid {PidPath};"];

    public static string RepositoryConfigPath => RepositoryPaths.Get("deploy", "nginx", "nginx.conf");

    public static string ComposeIncludeDirectory => RepositoryPaths.Get("deploy", "nginx", "compose");

    /// <summary>Lays out the prefix: nginx listens on <paramref name="listenPort"/> and balances over <paramref name="replicaPorts"/>.</summary>
    public static NginxTestConfiguration Create(int listenPort, IEnumerable<int> replicaPorts)
    {
        var parameters = string.Join(' ', ComposeServerParameters());
        var servers = replicaPorts.Select(port => $"server {LoopbackAddress}:{port.ToString(CultureInfo.InvariantCulture)} {parameters};");
        return CreateWithIncludes($"listen {LoopbackAddress}:{listenPort.ToString(CultureInfo.InvariantCulture)};", string.Join('\n', servers));
    }

    /// <summary>Lays out the prefix with the given contents of the two include files.</summary>
    public static NginxTestConfiguration CreateWithIncludes(string listen, string upstreamServers)
    {
        var configuration = new NginxTestConfiguration(System.IO.Directory.CreateTempSubdirectory("resnext-nginx-").FullName);
        var includes = System.IO.Directory.CreateDirectory(Path.Combine(configuration.Directory, IncludeDirectory)).FullName;
        File.CreateSymbolicLink(configuration.ConfigPath, RepositoryConfigPath);
        File.WriteAllText(Path.Combine(includes, ListenFile), listen + "\n");
        File.WriteAllText(Path.Combine(includes, UpstreamServersFile), upstreamServers + "\n");
        return configuration;
    }

    /// <summary>The <c>name=value</c> parameters of the compose upstream's server line, e.g. max_fails and fail_timeout.</summary>
    public static IReadOnlyList<string> ComposeServerParameters()
    {
        var server = NginxConfig.Load(Path.Combine(ComposeIncludeDirectory, UpstreamServersFile)).Children.Single(d => d.Name == "server");
        return [.. server.Arguments.Where(a => a.Contains('=', StringComparison.Ordinal))];
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
