namespace Atrium.Identity.Application;

/// <summary>Why the token endpoint refused a request: an RFC 6749 error code, a description, the HTTP status.</summary>
/// <param name="Error">One of <see cref="TokenErrors"/>.</param>
/// <param name="Description">What was wrong, for the caller's operator.</param>
/// <param name="Status">400, 401 or 429.</param>
/// <param name="RetryAfter">With 429, when the address may try again.</param>
internal sealed record TokenRefusal(string Error, string Description, int Status, TimeSpan? RetryAfter = null);
