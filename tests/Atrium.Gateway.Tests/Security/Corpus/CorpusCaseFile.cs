using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Atrium.Gateway.Tests.Security.Corpus;

/// <summary>
/// Reads a case file (format in <c>Corpus/README.md</c>): <c>#</c> lines first (directives <c># name: value</c> and
/// comments), then the raw request, one file line per wire line, up to the line that ends in <c>\c</c>.
/// </summary>
internal static partial class CorpusCaseFile
{
    public static CorpusCase Load(string path) =>
        Parse(Path.GetFileNameWithoutExtension(path), File.ReadAllText(path, Encoding.UTF8));

    public static CorpusCase Parse(string name, string text)
    {
        try
        {
            var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
            var next = 0;
            CorpusExpectation? expectation = null;
            var halfClose = false;
            var checks = new List<(string Name, string Value)>();
            for (; next < lines.Length && lines[next].StartsWith('#'); next++)
            {
                var directive = Directive().Match(lines[next]);
                if (!directive.Success)
                {
                    continue;
                }

                var (key, value) = (directive.Groups[1].Value, directive.Groups[2].Value);
                switch (key)
                {
                    case "expect" when expectation is null: expectation = ParseExpect(value); break;
                    case "expect": throw new FormatException("more than one '# expect:' line");
                    case "half-close": halfClose = bool.Parse(value); break;
                    case "upstream-header" or "upstream-header-contains" or "upstream-absent" or "upstream-never": checks.Add((key, value)); break;
                    default: throw new FormatException($"unknown directive '# {key}:' (a comment must not start with 'word:')");
                }
            }

            if (expectation is null)
            {
                throw new FormatException("no '# expect:' line");
            }
            foreach (var (key, value) in checks)
            {
                AddCheck(expectation, key, value);
            }

            return new CorpusCase(name, ReadRequest(lines, next), halfClose, expectation);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"corpus case '{name}': {ex.Message}", ex);
        }
    }

    private static byte[] ReadRequest(string[] lines, int first)
    {
        var request = new MemoryStream();
        for (var i = first; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length > 0 && line[^1] is ' ' or '\t')
            {
                throw new FormatException($"line {i + 1} ends in a space or tab; write it as \\x20 or \\t");
            }

            request.Write(CorpusEscapes.Decode(line, out var end));
            if (end == LineEnd.Crlf)
            {
                request.Write("\r\n"u8);
            }
            else if (end == LineEnd.EndOfRequest)
            {
                return lines.Skip(i + 1).All(l => l.Length == 0)
                    ? request.ToArray()
                    : throw new FormatException($"text after the request's end (\\c on line {i + 1})");
            }
        }

        throw new FormatException("the request has no end: its last line must end in \\c");
    }

    private static CorpusExpectation ParseExpect(string value)
    {
        var tokens = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var forward = tokens is ["forward", ..];
        var options = tokens.Skip(forward ? 1 : 0).Select(t => t.Split('=', 2)).ToList();
        if (options.Any(o => o.Length != 2))
        {
            throw new FormatException($"expect options are key=value: {value}");
        }

        var given = options.ToDictionary(o => o[0], o => o[1]);
        string[] allowed = forward ? ["method", "target", "body", "route"] : ["status", "code", "close", "route"];
        if (given.Keys.FirstOrDefault(k => !allowed.Contains(k)) is { } unknown)
        {
            throw new FormatException($"unknown expect option '{unknown}' (allowed here: {string.Join(", ", allowed)})");
        }

        if (forward)
        {
            return new CorpusExpectation
            {
                Forward = true,
                Status = 200,
                Method = given.TryGetValue("method", out var method) ? method : throw new FormatException("forward needs method="),
                Target = given.TryGetValue("target", out var target) ? Encoding.Latin1.GetString(CorpusEscapes.DecodeValue(target)) : throw new FormatException("forward needs target="),
                Body = given.TryGetValue("body", out var body) ? CorpusEscapes.DecodeValue(body) : [],
                Route = given.GetValueOrDefault("route", "all"),
            };
        }

        var status = given.TryGetValue("status", out var s) ? s : throw new FormatException("a refusal needs status= (a number, or none)");
        return new CorpusExpectation
        {
            Status = status == "none" ? null : int.Parse(status, NumberStyles.None, CultureInfo.InvariantCulture),
            Code = given.GetValueOrDefault("code"),
            Close = given.TryGetValue("close", out var close) && bool.Parse(close),
            Route = given.GetValueOrDefault("route", "all"),
        };
    }

    private static void AddCheck(CorpusExpectation expectation, string key, string value)
    {
        if (!expectation.Forward)
        {
            throw new FormatException($"'# {key}:' only applies to a forward");
        }

        if (key == "upstream-absent")
        {
            expectation.AbsentHeaders.Add(value.Trim());
            return;
        }

        if (key == "upstream-never")
        {
            expectation.NeverSeen.Add(Encoding.Latin1.GetString(CorpusEscapes.DecodeValue(value)));
            return;
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new FormatException($"'# {key}:' needs 'Name: value': {value}");
        }

        var header = new KeyValuePair<string, string>(value[..colon].Trim(), Encoding.Latin1.GetString(CorpusEscapes.DecodeValue(value[(colon + 1)..].Trim())));
        (key == "upstream-header" ? expectation.Headers : expectation.HeadersContaining).Add(header);
    }

    [GeneratedRegex("^# ([a-z][a-z-]*): (.*)$")]
    private static partial Regex Directive();
}
