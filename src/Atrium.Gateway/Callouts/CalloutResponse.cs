using System.Net.Http.Headers;
using Atrium.Gateway.Forwarding;

namespace Atrium.Gateway.Callouts;

/// <summary>
/// The answer of one <see cref="ClusterCallout"/>, read whole: its status, headers and body, or the
/// <see cref="ForwarderError"/> that stood in its way (<see cref="ForwarderError.None"/> when it answered).
/// </summary>
internal sealed class CalloutResponse
{
    private static readonly HttpResponseMessage NoMessage = new();

    private CalloutResponse(ForwarderError error, int status, HttpResponseHeaders headers, HttpContentHeaders? contentHeaders, byte[] body)
    {
        Error = error;
        Status = status;
        Headers = headers;
        ContentHeaders = contentHeaders;
        Body = body;
    }

    public ForwarderError Error { get; }

    /// <summary>The upstream's status; 0 when it did not answer.</summary>
    public int Status { get; }

    public HttpResponseHeaders Headers { get; }

    public HttpContentHeaders? ContentHeaders { get; }

    public byte[] Body { get; }

    /// <summary>Whether the answer says the upstream failed (no answer or a 5xx), as passive health and the breaker count.</summary>
    public bool UpstreamFailed => Error is not (ForwarderError.None or ForwarderError.ClientDisconnected or ForwarderError.CircuitOpen) || Status >= 500;

    public static CalloutResponse Failed(ForwarderError error) => new(error, 0, NoMessage.Headers, null, []);

    public static CalloutResponse Answered(HttpResponseMessage response, byte[] body) =>
        new(ForwarderError.None, (int)response.StatusCode, response.Headers, response.Content.Headers, body);

    /// <summary>The first value of a response or content header, or null.</summary>
    public string? Header(string name) =>
        Headers.TryGetValues(name, out var values) || (ContentHeaders?.TryGetValues(name, out values) ?? false)
            ? values!.FirstOrDefault()
            : null;
}
