using Atrium.Testing;

namespace Atrium.Tests.Security;

/// <summary>
/// Holds the product to one verifier of identity's tokens: the chassis's <c>TokenVerifier</c> is the only code that
/// validates a JWT or reads a JWKS, and the gateway, the services and identity all verify through it.
/// </summary>
public class TokenVerifierTests
{
    private static readonly string Src = Path.Combine(RepositoryRoot.Path, "src");

    /// <summary>What only the one verifier (and, for the JWKS document, its key source) may write.</summary>
    public static TheoryData<string, string> Mechanisms => new()
    {
        { "ValidateTokenAsync", "Atrium.Chassis/Security/TokenVerifier.cs" },
        { "TokenValidationParameters", "Atrium.Chassis/Security/TokenVerifier.cs" },
        { "new JsonWebKeySet(", "Atrium.Chassis/Security/JwksSigningKeys.cs" },
    };

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public void Sources_ValidatingTokens_OnlyTheChassisVerifier(string mechanism, string owner)
    {
        var writers = Directory.EnumerateFiles(Src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains(mechanism, StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Src, f).Replace(Path.DirectorySeparatorChar, '/'))
            .ToList();

        writers.ShouldBe([owner], $"{mechanism} is written outside the one token verifier");
    }

    [Theory]
    [InlineData("Atrium.Gateway/Security/JwtAuthenticator.cs")]
    [InlineData("Atrium.Chassis/Security/AccessTokens.cs")]
    [InlineData("Atrium.Identity/Application/TokenIssuer.cs")]
    public void Hosts_VerifyingTokens_UseTheChassisVerifier(string host)
    {
        File.ReadAllText(Path.Combine(Src, host)).ShouldContain("TokenVerifier<");
    }
}
