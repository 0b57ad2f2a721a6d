namespace Atrium.Chassis.Security;

/// <summary>Where a <see cref="TokenVerifier{T}"/> gets its keys: a JWKS fetched over HTTP, or keys held in process.</summary>
internal interface ISigningKeySource
{
    /// <summary>The keys to verify with now.</summary>
    SigningKeySet Current { get; }

    /// <summary>Where the keys come from, without user info, for readiness and the admin API.</summary>
    string Source { get; }

    /// <summary>Why the last fetch failed; <see langword="null"/> when it succeeded or none was tried.</summary>
    string? LastFailure { get; }

    /// <summary>
    /// Makes sure keys are loaded and, for an unknown <paramref name="kid"/>, tries one (rate-limited) refresh;
    /// completes synchronously in the common case.
    /// </summary>
    ValueTask EnsureAsync(string? kid, CancellationToken cancellationToken);
}
