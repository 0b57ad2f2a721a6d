using Atrium.Gateway.Configuration;
using Atrium.Gateway.Security;

namespace Atrium.Gateway.Validation;

/// <summary>Rules of <c>gateway.auth.jwt</c> that need the key loader: every PEM key loads.</summary>
internal static class JwtOptionsValidator
{
    public static void Validate(JwtOptions jwt, ConfigScope scope)
    {
        for (var i = 0; i < jwt.SigningKeys.Count; i++)
        {
            var key = jwt.SigningKeys[i];
            if (key.Pem.Length > 0 && !SigningKeyLoader.TryLoad(key, out _, out var error))
            {
                scope.AddError($"signingKeys[{i}].pem", error!);
            }
        }
    }
}
