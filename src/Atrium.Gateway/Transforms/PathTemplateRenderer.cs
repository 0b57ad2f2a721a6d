using System.Text;

namespace Atrium.Gateway.Transforms;

/// <summary>Renders a rewrite template such as <c>/orders/{**rest}</c> from the values a route's path captured.</summary>
internal sealed class PathTemplateRenderer
{
    private readonly (string? Literal, int Capture)[] _parts;

    private PathTemplateRenderer((string? Literal, int Capture)[] parts) => _parts = parts;

    public static bool IsValid(string template, out string? error)
    {
        error = Tokenize(template).FirstOrDefault(t => t.Error is not null).Error;
        return error is null;
    }

    /// <summary>Compiles <paramref name="template"/> against the route's parameter names.</summary>
    public static bool TryCreate(string template, IReadOnlyList<string> parameters, out PathTemplateRenderer? renderer, out string? error)
    {
        var parts = new List<(string?, int)>();
        foreach (var (literal, name, tokenError) in Tokenize(template))
        {
            if (tokenError is not null)
            {
                renderer = null;
                error = tokenError;
                return false;
            }

            if (name is null)
            {
                parts.Add((literal, -1));
                continue;
            }

            var index = parameters.ToList().FindIndex(p => p.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                renderer = null;
                error = $"parameter '{name}' is not in the route's path (it has: {(parameters.Count == 0 ? "none" : string.Join(", ", parameters))})";
                return false;
            }

            parts.Add((null, index));
        }

        renderer = new PathTemplateRenderer(parts.ToArray());
        error = null;
        return true;
    }

    public string Render(string path, ReadOnlySpan<Range> captures)
    {
        var builder = new StringBuilder(path.Length + 16);
        foreach (var (literal, capture) in _parts)
        {
            if (literal is not null)
            {
                builder.Append(literal);
            }
            else
            {
                builder.Append(path.AsSpan()[captures[capture]]);
            }
        }

        // "/orders/{**rest}" with an empty rest would leave "/orders/": the route matched "/api/orders", so send "/orders".
        if (builder.Length > 1 && builder[^1] == '/' && !path.EndsWith('/'))
        {
            builder.Length--;
        }

        return builder.Length == 0 ? "/" : builder.ToString();
    }

    private static IEnumerable<(string? Literal, string? Name, string? Error)> Tokenize(string template)
    {
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf('{', position);
            if (open < 0)
            {
                yield return (template[position..], null, null);
                yield break;
            }

            if (open > position)
            {
                yield return (template[position..open], null, null);
            }

            var close = template.IndexOf('}', open);
            if (close < 0)
            {
                yield return (null, null, $"'{{' at {open} is not closed");
                yield break;
            }

            var name = template[(open + 1)..close].TrimStart('*');
            if (name.Length == 0)
            {
                yield return (null, null, "empty parameter name");
                yield break;
            }

            yield return (null, name, null);
            position = close + 1;
        }
    }
}
