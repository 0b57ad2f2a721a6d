using System.Net.Mail;

namespace Atrium.Identity.Domain;

/// <summary>An email address as users are identified by it: trimmed and lower-cased, so lookups are exact.</summary>
internal readonly record struct EmailAddress
{
    private EmailAddress(string value) => Value = value;

    /// <summary>The normalized address.</summary>
    public string Value { get; }

    /// <summary>Parses and normalizes an address; <see langword="false"/> when it is not one.</summary>
    public static bool TryParse(string? text, out EmailAddress email)
    {
        email = default;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > 254 || !MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed)
        {
            return false;
        }

        email = new EmailAddress(trimmed.ToLowerInvariant());
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}
