using System.Net;
using System.Security.Cryptography.X509Certificates;
using Atrium.Chassis.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Atrium.Chassis.Hosting;

/// <summary>A parsed listen address: where to bind and which protocols to speak there.</summary>
/// <param name="Host">The host as written (<c>127.0.0.1</c>, <c>localhost</c>, <c>*</c>).</param>
/// <param name="Address">The address to bind, or <see langword="null"/> for localhost (both loopbacks).</param>
/// <param name="Port">The TCP port; 0 picks a free one.</param>
/// <param name="Protocols">HTTP/1.1 for <c>http</c>, HTTP/2 only for <c>h2c</c>, both with ALPN for <c>https</c>.</param>
/// <param name="Tls">Whether the listener needs a certificate.</param>
public sealed record ListenAddress(string Host, IPAddress? Address, int Port, HttpProtocols Protocols, bool Tls)
{
    /// <summary>Parses <c>scheme://host:port</c>.</summary>
    public static bool TryParse(string value, out ListenAddress? address, out string? error)
    {
        address = null;
        error = null;
        if (!Uri.TryCreate(value?.Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal), UriKind.Absolute, out var uri) || value is null)
        {
            error = $"'{value}' is not a listen address (use http://HOST:PORT, h2c://HOST:PORT or https://HOST:PORT)";
            return false;
        }

        var (protocols, tls) = uri.Scheme switch
        {
            "http" => (HttpProtocols.Http1, false),
            "h2c" => (HttpProtocols.Http2, false),
            "https" => (HttpProtocols.Http1AndHttp2, true),
            _ => (HttpProtocols.None, false),
        };
        if (protocols == HttpProtocols.None)
        {
            error = $"'{value}' has scheme '{uri.Scheme}'; use http, h2c or https";
            return false;
        }

        if (uri.IsDefaultPort && !value.Contains($":{uri.Port}", StringComparison.Ordinal) || uri.Port < 0)
        {
            error = $"'{value}' has no port";
            return false;
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0)
        {
            error = $"'{value}' must not have a path or query";
            return false;
        }

        IPAddress? ip = null;
        if (!uri.IsLoopback || uri.HostNameType != UriHostNameType.Dns)
        {
            if (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out ip))
            {
                error = $"'{value}': host '{uri.Host}' must be an IP address, localhost or *";
                return false;
            }
        }

        address = new ListenAddress(uri.Host, ip, uri.Port, protocols, tls);
        return true;
    }

    /// <summary>Adds an error for each invalid address in <paramref name="values"/>, at <c>path[i]</c>.</summary>
    public static void ValidateAll(IReadOnlyList<string> values, string path, ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(context);
        for (var i = 0; i < values.Count; i++)
        {
            if (!TryParse(values[i], out _, out var error))
            {
                context.AddError($"{path}[{i}]", error!);
            }
        }
    }

    /// <summary>Binds this address on Kestrel; TLS addresses use <paramref name="certificate"/> (the development one if none).</summary>
    public void Bind(KestrelServerOptions kestrel, X509Certificate2? certificate = null) =>
        Bind(kestrel, listen =>
        {
            if (certificate is null)
            {
                listen.UseHttps();
            }
            else
            {
                listen.UseHttps(certificate);
            }
        });

    /// <summary>
    /// Binds this address on Kestrel; a TLS address is set up by <paramref name="configureTls"/> (which calls one of
    /// the <c>UseHttps</c> overloads, e.g. with a per-handshake callback), a plain one ignores it.
    /// </summary>
    public void Bind(KestrelServerOptions kestrel, Action<ListenOptions> configureTls)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(configureTls);
        void Configure(ListenOptions listen)
        {
            listen.Protocols = Protocols;
            if (Tls)
            {
                configureTls(listen);
            }
        }

        if (Address is null)
        {
            kestrel.ListenLocalhost(Port, Configure);
        }
        else
        {
            kestrel.Listen(Address, Port, Configure);
        }
    }
}
