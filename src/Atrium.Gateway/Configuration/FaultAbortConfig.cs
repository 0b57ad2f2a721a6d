using System.ComponentModel.DataAnnotations;

namespace Atrium.Gateway.Configuration;

/// <summary>An injected failure (<c>gateway.routes[i].faults.abort</c>): the gateway answers with an error itself.</summary>
public sealed class FaultAbortConfig
{
    /// <summary>The status answered; one with an Atrium error code (400-431 client errors, 500-504). Default 503.</summary>
    [AllowedValues(400, 401, 403, 404, 405, 409, 413, 414, 415, 422, 429, 431, 500, 501, 502, 503, 504,
        ErrorMessage = "must be one of 400, 401, 403, 404, 405, 409, 413, 414, 415, 422, 429, 431, 500, 501, 502, 503, 504")]
    public int Status { get; set; } = 503;

    /// <summary>Percentage of requests aborted, 0-100. Default 100.</summary>
    [Range(0d, 100d, ErrorMessage = "must be between 0 and 100")]
    public double Percent { get; set; } = 100;
}
