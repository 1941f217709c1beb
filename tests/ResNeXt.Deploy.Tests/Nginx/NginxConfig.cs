using System.Text;

namespace ResNeXt.Deploy.Tests.Nginx;

/// <summary>
/// Just enough of nginx's configuration syntax (words, quotes, comments, <c>;</c>, blocks) to ask which directives sit
/// where. Whether nginx accepts the file is for <c>nginx -t</c> to say (see <see cref="NginxBinary"/>).
/// </summary>
public static class NginxConfig
{
    public static NginxDirective Load(string path) => Parse(File.ReadAllText(path));

    public static NginxDirective Parse(string text)
    {
        var tokens = new Queue<string>(Tokenize(text));
        var root = new NginxDirective("main", [], ParseBlock(tokens));
        return tokens.Count == 0 ? root : throw new FormatException("Unbalanced '}' in nginx configuration.");
    }

    private static List<NginxDirective> ParseBlock(Queue<string> tokens)
    {
        var directives = new List<NginxDirective>();
        while (tokens.TryDequeue(out var name) && name != "}")
        {
            var arguments = new List<string>();
            while (tokens.TryDequeue(out var token))
            {
                if (token == ";")
                {
                    directives.Add(new NginxDirective(name, arguments, []));
                    break;
                }
                if (token == "{")
                {
                    directives.Add(new NginxDirective(name, arguments, ParseBlock(tokens)));
                    break;
                }
                arguments.Add(token);
            }
        }
        return directives;
    }

    private static IEnumerable<string> Tokenize(string text)
    {
        var word = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '#')
            {
                while (i < text.Length && text[i] != '\n')
                    i++;
            }
            else if (c is '"' or '\'')
            {
                var end = text.IndexOf(c, i + 1);
                word.Append(text, i + 1, end - i - 1);
                i = end;
            }
            else if (char.IsWhiteSpace(c) || c is ';' or '{' or '}')
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }
                if (!char.IsWhiteSpace(c))
                    yield return c.ToString();
            }
            else
            {
                word.Append(c);
            }
        }
        if (word.Length > 0)
            yield return word.ToString();
    }
}
