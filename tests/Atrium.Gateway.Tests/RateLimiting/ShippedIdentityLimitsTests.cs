using System.Globalization;
using System.Net;
using System.Text;
using Atrium.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Tests.RateLimiting;

/// <summary>
/// The gateway section of the shipped <c>config/atrium.yaml</c>, as is but for its addresses (the listeners on free
/// ports, the identity cluster on a test upstream): sign-in, registration and refresh are limited per client address.
/// </summary>
public sealed class ShippedIdentityLimitsTests : IAsyncLifetime
{
    /// <summary>Far more than any shipped identity limit allows at once: the 429 comes long before.</summary>
    private const int MaxAttempts = 200;

    private int _upstreamRequests;
    private Upstream? _identity;
    private GatewayHost? _gateway;

    public async Task InitializeAsync()
    {
        _identity = await Upstream.StartAsync(app => app.Map("/{**path}", (HttpContext _) =>
        {
            Interlocked.Increment(ref _upstreamRequests);
            return Results.Ok();
        }));
        var section = ShippedGatewaySection();
        _gateway = await GatewayHost.StartWithSectionAsync((proxyPort, adminPort) => section
            .Replace("\"http://0.0.0.0:8080\"", $"\"http://127.0.0.1:{proxyPort}\"", StringComparison.Ordinal)
            .Replace("\"http://127.0.0.1:15000\"", $"\"http://127.0.0.1:{adminPort}\"", StringComparison.Ordinal)
            .Replace("token: \"\"", $"token: \"{GatewayHost.AdminToken}\"", StringComparison.Ordinal)
            .Replace("http://127.0.0.1:8101", _identity.Address, StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        await _gateway!.DisposeAsync();
        await _identity!.DisposeAsync();
    }

    [Theory]
    [InlineData("/api/identity/token")]
    [InlineData("/api/identity/users")]
    [InlineData("/api/identity/token/refresh")]
    public async Task Post_ShippedConfig_LimitedPerClientAddressWithRetryAfter(string path)
    {
        using var client = _gateway!.Client();
        var admitted = 0;
        HttpResponseMessage? refused = null;
        for (var attempt = 0; attempt < MaxAttempts && refused is null; attempt++)
        {
            var response = await client.PostAsync(path, new StringContent("{}", Encoding.UTF8, "application/json"));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
                response.Dispose();
                admitted++;
            }
        }

        using (refused)
        {
            refused.ShouldNotBeNull($"{MaxAttempts} sign-in, registration or refresh calls from one address were all admitted");
            refused.Headers.GetValues("X-Error-Code").ShouldBe(["RATE_LIMITED"]);
            int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(1);
            // Per minute, as shipped: a client that waits a second is not let through again.
            refused.Headers.GetValues("RateLimit-Policy").Single().ShouldEndWith(";w=60");
        }

        admitted.ShouldBeGreaterThan(0);
        Volatile.Read(ref _upstreamRequests).ShouldBe(admitted);
    }

    [Fact]
    public async Task Post_SignInLimitSpent_OtherIdentityRoutesKeepTheirOwn()
    {
        using var client = _gateway!.Client();
        HttpStatusCode status;
        var attempts = 0;
        do
        {
            using var response = await client.PostAsync("/api/identity/token", null);
            status = response.StatusCode;
        }
        while (status != HttpStatusCode.TooManyRequests && ++attempts < MaxAttempts);

        using var me = await client.GetAsync("/api/identity/me");
        using var refresh = await client.PostAsync("/api/identity/token/refresh", null);

        status.ShouldBe(HttpStatusCode.TooManyRequests);
        me.StatusCode.ShouldBe(HttpStatusCode.OK);
        refresh.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>The shipped file's <c>gateway:</c> section without its first line and with its keys at column 0.</summary>
    private static string ShippedGatewaySection()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "shipped", "atrium.yaml"));
        var start = Array.IndexOf(lines, "gateway:");
        start.ShouldBeGreaterThan(0, "the shipped config has no gateway: section");
        var section = lines.Skip(start + 1).TakeWhile(l => l.Length == 0 || char.IsWhiteSpace(l[0]) || l[0] == '#');
        return string.Join('\n', section.Select(l => l.StartsWith("  ", StringComparison.Ordinal) ? l[2..] : l));
    }
}
