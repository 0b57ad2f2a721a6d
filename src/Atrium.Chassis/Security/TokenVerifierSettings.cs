namespace Atrium.Chassis.Security;

/// <summary>What a <see cref="TokenVerifier{T}"/> requires of a token and how long it remembers one that passed.</summary>
/// <param name="Kind">Access tokens or service tokens.</param>
/// <param name="Issuer">The required <c>iss</c>.</param>
/// <param name="Audiences">Accepted <c>aud</c> values; a token needs one of them.</param>
/// <param name="ClockSkew">Tolerance for <c>exp</c> and <c>nbf</c> either way.</param>
/// <param name="WrongKindReason">Why a token of the other kind is refused, in words fit for the caller.</param>
internal sealed record TokenVerifierSettings(
    TokenKind Kind,
    string Issuer,
    IReadOnlyList<string> Audiences,
    TimeSpan ClockSkew,
    string WrongKindReason)
{
    /// <summary>Validated tokens remembered; a full cache starts over; 0 remembers none. Default 10000.</summary>
    public int CacheSize { get; init; } = 10_000;

    /// <summary>The longest a validated token is remembered, however late it expires; <see langword="null"/>: until it expires.</summary>
    public TimeSpan? CacheFor { get; init; }
}
