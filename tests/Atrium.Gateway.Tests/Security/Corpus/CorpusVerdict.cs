namespace Atrium.Gateway.Tests.Security.Corpus;

/// <summary>
/// Compares what the client got and what the upstream got with a case's expectation; returns every difference, so
/// that a failing case says all that is wrong with it at once.
/// </summary>
internal static class CorpusVerdict
{
    public static List<string> Check(CorpusExpectation expected, RawConversation client, IReadOnlyList<RecordedRequest> upstream)
    {
        var problems = new List<string>();
        CheckClient(expected, client, problems);
        var complete = upstream.Where(r => r.Complete).ToList();
        if (!expected.Forward)
        {
            if (complete.Count > 0)
            {
                problems.Add($"refused, yet {complete.Count} complete request(s) reached the upstream");
            }

            return problems;
        }

        if (upstream.Count != 1 || complete.Count != 1)
        {
            problems.Add($"the upstream got {upstream.Count} request(s), {complete.Count} complete; expected exactly one, complete");
            return problems;
        }

        CheckForwarded(expected, complete[0], problems);
        return problems;
    }

    private static void CheckClient(CorpusExpectation expected, RawConversation client, List<string> problems)
    {
        if (expected.Status is not { } status)
        {
            if (client.Responses.Count > 0)
            {
                problems.Add("expected no answer, only the connection dropped");
            }

            return;
        }

        if (client.Responses.Count != 1)
        {
            problems.Add($"the client got {client.Responses.Count} responses; expected exactly one");
            if (client.Responses.Count == 0)
            {
                return;
            }
        }

        var response = client.Responses[0];
        if (response.Status != status)
        {
            problems.Add($"status {response.Status}; expected {status}");
        }

        if (expected.Code is { } code && response.Header("X-Error-Code") != code)
        {
            problems.Add($"X-Error-Code '{response.Header("X-Error-Code")}'; expected '{code}'");
        }

        if (expected.Close && response.Status == status && !client.ClosedByServer)
        {
            problems.Add("the gateway did not close the connection by itself after its answer");
        }

        if (expected.Forward)
        {
            if (response.Header("X-Recorder") is null)
            {
                problems.Add("the response did not come from the upstream (no X-Recorder header)");
            }

            if (response.Header("X-Route") != expected.Route)
            {
                problems.Add($"route '{response.Header("X-Route")}'; expected '{expected.Route}'");
            }
        }
    }

    private static void CheckForwarded(CorpusExpectation expected, RecordedRequest request, List<string> problems)
    {
        var head = request.Head!;
        Same(problems, "method", request.Method, expected.Method);
        Same(problems, "request-target", request.Target, expected.Target);
        Same(problems, "version", request.Version, "HTTP/1.1");
        if (!request.Body.AsSpan().SequenceEqual(expected.Body))
        {
            problems.Add($"body '{System.Text.Encoding.Latin1.GetString(request.Body)}'; expected '{System.Text.Encoding.Latin1.GetString(expected.Body)}'");
        }

        if (head.Values("Host").Count != 1)
        {
            problems.Add($"{head.Values("Host").Count} Host fields upstream; expected one");
        }

        if (head.Values("Content-Length") is [var length] && length != request.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            problems.Add($"Content-Length {length} upstream for a body of {request.Body.Length} bytes");
        }

        foreach (var (name, value) in expected.Headers)
        {
            if (head.Values(name) is not [var only] || only != value)
            {
                problems.Add($"upstream {name}: [{string.Join(" | ", head.Values(name))}]; expected exactly '{value}'");
            }
        }

        foreach (var (name, text) in expected.HeadersContaining)
        {
            if (head.Values(name) is not [var only] || !only.Contains(text, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"upstream {name}: [{string.Join(" | ", head.Values(name))}]; expected one value containing '{text}'");
            }
        }

        foreach (var name in expected.AbsentHeaders.Where(n => head.Values(n).Count > 0))
        {
            problems.Add($"upstream got {name}: {string.Join(" | ", head.Values(name))}; expected none");
        }

        var upstreamHead = head.ToString();
        foreach (var forged in expected.NeverSeen.Where(f => upstreamHead.Contains(f, StringComparison.OrdinalIgnoreCase)))
        {
            problems.Add($"'{forged}' reached the upstream");
        }
    }

    private static void Same(List<string> problems, string what, string actual, string expected)
    {
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            problems.Add($"{what} '{actual}'; expected '{expected}'");
        }
    }
}
