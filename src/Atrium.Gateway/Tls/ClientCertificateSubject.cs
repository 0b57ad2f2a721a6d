using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Tls;

/// <summary>
/// Puts the verified client certificate's subject in the configured request header, before routing, so that route
/// matches see it and the upstream receives it. A client-sent copy is always removed first, on every listener.
/// </summary>
internal static class ClientCertificateSubject
{
    public static void Apply(HttpRequest request, X509Certificate2? certificate, string header)
    {
        request.Headers.Remove(header);
        if (certificate is not null)
        {
            request.Headers[header] = Encode(certificate.Subject);
        }
    }

    /// <summary>The subject as .NET writes it (<c>CN=a, O=b</c>), with bytes outside printable ASCII and <c>%</c> percent-encoded (UTF-8).</summary>
    public static string Encode(string subject)
    {
        var plain = true;
        foreach (var c in subject)
        {
            plain &= c is >= ' ' and <= '~' and not '%';
        }

        if (plain)
        {
            return subject;
        }

        var text = new StringBuilder(subject.Length + 16);
        foreach (var b in Encoding.UTF8.GetBytes(subject))
        {
            _ = b is >= (byte)' ' and <= (byte)'~' and not (byte)'%' ? text.Append((char)b) : text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
