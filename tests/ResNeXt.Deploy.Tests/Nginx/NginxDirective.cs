namespace ResNeXt.Deploy.Tests.Nginx;

/// <summary>One nginx directive: its name, arguments and, for block directives, the directives inside.</summary>
public sealed record NginxDirective(string Name, IReadOnlyList<string> Arguments, IReadOnlyList<NginxDirective> Children)
{
    /// <summary>This directive's descendants, depth first, named <paramref name="name"/>.</summary>
    public IEnumerable<NginxDirective> Descendants(string name) =>
        Children.SelectMany(c => c.Name == name ? [c, .. c.Descendants(name)] : c.Descendants(name));

    public NginxDirective Single(string name) => Assert.Single(Descendants(name));
}
