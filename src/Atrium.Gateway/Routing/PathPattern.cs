using System.Text.RegularExpressions;
using Atrium.Gateway.Configuration;

namespace Atrium.Gateway.Routing;

/// <summary>
/// A compiled path condition. Matching walks the path once without allocating; parameter values are returned as
/// ranges into the path so that only routes that rewrite the path pay for strings.
/// </summary>
internal sealed class PathPattern
{
    /// <summary>Most parameters a template may have; keeps capture buffers on the stack.</summary>
    public const int MaxParameters = 8;

    private readonly string _text;
    private readonly PathSegment[] _segments;
    private readonly Regex? _regex;

    private PathPattern(PathPatternKind kind, string text, PathSegment[] segments, Regex? regex)
    {
        Kind = kind;
        _text = text;
        _segments = segments;
        _regex = regex;
        ParameterNames = segments.Where(s => s.Parameter is not null).Select(s => s.Parameter!).ToArray();
        LiteralSegments = kind switch
        {
            PathPatternKind.Exact or PathPatternKind.Prefix => text.Count(c => c == '/') - (text == "/" ? 1 : 0),
            _ => segments.Count(s => s.Literal is not null),
        };
    }

    public PathPatternKind Kind { get; }

    /// <summary>Parameter names in template order; capture i belongs to name i.</summary>
    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>How many literal segments the pattern pins down; more is more specific.</summary>
    public int LiteralSegments { get; }

    public override string ToString() => _regex?.ToString() ?? _text;

    /// <summary>Compiles the path condition of <paramref name="match"/>.</summary>
    public static bool TryCreate(RouteMatchConfig match, out PathPattern? pattern, out string? error)
    {
        ArgumentNullException.ThrowIfNull(match);
        pattern = null;
        error = null;
        if (match.PathRegex.Length > 0)
        {
            try
            {
                var regex = new Regex(match.PathRegex, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(100));
                pattern = new PathPattern(PathPatternKind.Regex, match.PathRegex, [], regex);
                return true;
            }
            catch (ArgumentException ex)
            {
                error = $"invalid regular expression: {ex.Message}";
                return false;
            }
        }

        if (match.PathPrefix.Length > 0)
        {
            if (match.PathPrefix[0] != '/' || match.PathPrefix.Contains('{', StringComparison.Ordinal))
            {
                error = "must start with '/' and contain no parameters";
                return false;
            }

            pattern = new PathPattern(PathPatternKind.Prefix, Normalize(match.PathPrefix), [], null);
            return true;
        }

        if (match.Path.Length == 0)
        {
            pattern = new PathPattern(PathPatternKind.Any, "/{**}", [new PathSegment(null, null, true)], null);
            return true;
        }

        return TryParseTemplate(match.Path, out pattern, out error);
    }

    private static bool TryParseTemplate(string template, out PathPattern? pattern, out string? error)
    {
        pattern = null;
        if (template[0] != '/')
        {
            error = "must start with '/'";
            return false;
        }

        var parts = Normalize(template).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var segments = new List<PathSegment>(parts.Length);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.StartsWith('{') && part.EndsWith('}'))
            {
                var name = part[1..^1];
                var catchAll = name.StartsWith('*');
                name = name.TrimStart('*');
                if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                {
                    error = $"'{part}' is not a parameter: use {{name}} or {{**name}}";
                    return false;
                }

                if (catchAll && i != parts.Length - 1)
                {
                    error = $"catch-all '{part}' must be the last segment";
                    return false;
                }

                if (!names.Add(name))
                {
                    error = $"parameter '{name}' appears twice";
                    return false;
                }

                segments.Add(new PathSegment(null, name, catchAll));
            }
            else if (part.Contains('{', StringComparison.Ordinal) || part.Contains('}', StringComparison.Ordinal))
            {
                error = $"segment '{part}' mixes text and a parameter; a parameter must be a whole segment";
                return false;
            }
            else
            {
                segments.Add(new PathSegment(part, null, false));
            }
        }

        if (names.Count > MaxParameters)
        {
            error = $"at most {MaxParameters} parameters";
            return false;
        }

        var kind = names.Count == 0 ? PathPatternKind.Exact : segments[^1].CatchAll ? PathPatternKind.CatchAll : PathPatternKind.Template;
        error = null;
        pattern = new PathPattern(kind, kind == PathPatternKind.Exact ? Normalize(template) : template, segments.ToArray(), null);
        return true;
    }

    private static string Normalize(string path) => path.Length > 1 ? path.TrimEnd('/') : path;

    /// <summary>
    /// Whether <paramref name="path"/> matches. For templates, <paramref name="captures"/> receives one range per
    /// parameter (it must hold <see cref="ParameterNames"/>.Count entries). A trailing slash is ignored.
    /// </summary>
    public bool IsMatch(string path, Span<Range> captures)
    {
        switch (Kind)
        {
            case PathPatternKind.Exact:
                return EqualsIgnoringTrailingSlash(path, _text);
            case PathPatternKind.Prefix:
                return _text == "/" || path.StartsWith(_text, StringComparison.OrdinalIgnoreCase)
                    && (path.Length == _text.Length || path[_text.Length] == '/');
            case PathPatternKind.Regex:
                return _regex!.IsMatch(path);
            default:
                return MatchTemplate(path, captures);
        }
    }

    private bool MatchTemplate(string path, Span<Range> captures)
    {
        var position = path.Length > 0 && path[0] == '/' ? 1 : 0;
        var capture = 0;
        foreach (var segment in _segments)
        {
            if (segment.CatchAll)
            {
                var start = Math.Min(position, path.Length);
                if (segment.Parameter is not null)
                {
                    captures[capture] = new Range(start, path.Length);
                }

                return true;
            }

            if (position >= path.Length)
            {
                return false;
            }

            var slash = path.IndexOf('/', position);
            var end = slash < 0 ? path.Length : slash;
            var value = path.AsSpan(position, end - position);
            if (segment.Literal is not null)
            {
                if (!value.Equals(segment.Literal, StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }
            else
            {
                if (value.IsEmpty)
                {
                    return false;
                }

                captures[capture++] = new Range(position, end);
            }

            position = end + 1;
        }

        return position >= path.Length;
    }

    private static bool EqualsIgnoringTrailingSlash(string path, string text)
    {
        var span = path.AsSpan();
        if (span.Length > 1 && span[^1] == '/')
        {
            span = span[..^1];
        }

        return span.Equals(text, StringComparison.OrdinalIgnoreCase);
    }
}
